import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { InboundBatch } from '@hub/kafka';
import { CANONICAL_EVENT_BATCH } from './kafka-batch.server';
import { RoutingService } from './routing.service';

@Controller()
export class RouterController {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern(CANONICAL_EVENT_BATCH)
  route(@Payload() batch: InboundBatch): Promise<void> {
    return this.routing.route(batch);
  }
}
