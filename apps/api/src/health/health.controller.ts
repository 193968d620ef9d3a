import { Controller, Get, Inject, OnApplicationShutdown, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { HubRedis, pingRedis, REDIS } from '@hub/delivery';
import { EVENT_BUS, EventBus, TopicAdmin } from '@hub/kafka';
import { DeliveryLedger } from '@hub/ledger';
import { roleHealth, RoleHealthCheck } from '@hub/observability';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('operations')
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private readonly admin: TopicAdmin;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: HubRedis,
    @Inject(EVENT_BUS) bus: EventBus,
    private readonly ledger: DeliveryLedger,
  ) {
    this.admin = bus.admin();
  }

  /** The process is up; says nothing about its dependencies (restart only when this fails). */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Ready only when Kafka, Redis and the ledger's PostgreSQL answer, and every role hosted in this
   * process says it is doing its work (a router hosted here: no partition stalled): take traffic
   * away otherwise.
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([
        () => this.probe('kafka', () => this.admin.ping(CHECK_TIMEOUT_MS)),
        () => this.probe('redis', () => pingRedis(this.redis, CHECK_TIMEOUT_MS)),
        () => this.probe('postgresql', () => this.ledger.ping(CHECK_TIMEOUT_MS)),
        ...roleHealth().entries().map(([name, check]) => () => this.role(name, check)),
      ]);
    } catch (err) {
      // Terminus throws its 503 with the checks as the body; answered here, so the API's problem
      // filter (which makes an unexpected exception a 500) never turns "not ready" into "broken".
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse();
    }
  }

  private async role<K extends string>(key: K, check: RoleHealthCheck) {
    const indicator = this.indicators.check(key);
    try {
      const r = await check();
      return r.up ? indicator.up(r.details) : indicator.down({ message: r.message, ...r.details });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  private async probe<K extends string>(key: K, check: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await check();
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.close();
  }
}
