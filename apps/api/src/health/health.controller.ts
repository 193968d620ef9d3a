import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import type { Response } from 'express';
import { HubRedis, REDIS } from '@hub/delivery';
import { EVENT_BUS, EventBus } from '@hub/kafka';
import { DeliveryLedger } from '@hub/ledger';
import { HealthAnswer, liveness, readiness, RoleStores } from '@hub/runtime';

/**
 * The API's probes: the same checks, paths, JSON and statuses as the ops port's (@hub/runtime
 * readiness), so a probe reads every role alike. terminus's @HealthCheck documents the answers in
 * the OpenAPI document and marks them not cacheable; the checks themselves are the runtime's.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly stores: RoleStores;

  constructor(@Inject(REDIS) redis: HubRedis, @Inject(EVENT_BUS) bus: EventBus, ledger: DeliveryLedger) {
    this.stores = { redis: () => redis, ledger: () => ledger, bus: () => bus };
  }

  /** The process is up; says nothing about its dependencies (restart only when this fails). */
  @Get('live')
  @HealthCheck()
  live(@Res({ passthrough: true }) res: Response) {
    return this.answer(res, liveness());
  }

  /**
   * Ready only when Kafka, Redis and the ledger's PostgreSQL answer, and every role hosted in this
   * process says it is doing its work (a router hosted here: no partition stalled): take traffic
   * away otherwise. A 503 is answered here as the checks' body, never through the problem filter.
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    return this.answer(res, await readiness([['api', this.stores]]));
  }

  private answer(res: Response, a: HealthAnswer) {
    res.status(a.status);
    return a.body;
  }
}
