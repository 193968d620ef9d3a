import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_CONFIG, HubConfig } from '@hub/config';
import { DeliveryQueues, DeliveryRequest } from '@hub/delivery';
import { CanonicalEvent, fromKafkaMessage, keyOfEvent } from '@hub/events';
import type { InboundBatch } from '@hub/kafka';
import { AcceptedRow, DeliveryLedger, QueuedRow } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { RouteTable } from './route-table';

@Injectable()
export class RoutingService {
  private readonly routes: RouteTable;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly queues: DeliveryQueues,
    private readonly ledger: DeliveryLedger,
  ) {
    this.routes = new RouteTable(config);
  }

  /**
   * One Kafka batch → one addBulk per target queue and two ledger statements (events, deliveries).
   * Both are idempotent (job ids and ledger keys derive from the event), so they run side by side
   * and a failure of either throws to have the whole batch consumed again.
   */
  async route(batch: InboundBatch): Promise<void> {
    const at = new Date();
    const requests: DeliveryRequest[] = [];
    const accepted: AcceptedRow[] = [];
    const queued: QueuedRow[] = [];
    for (const message of batch.messages) {
      let event: CanonicalEvent;
      try {
        event = fromKafkaMessage(message);
      } catch (err) {
        // Only the API writes these topics and it validates first; a message that cannot be read
        // is logged with its coordinates for investigation and skipped, not retried forever.
        this.logger.error({ err, topic: message.topic, partition: message.partition, offset: message.offset }, 'undecodable message skipped');
        this.metrics.unrouted.inc({ tenant: 'unknown', type: 'undecodable' });
        continue;
      }
      const key = keyOfEvent(event);
      // The producer stamps each message when the API publishes it: that is when it was accepted.
      accepted.push({ eventKey: key, event, acceptedAt: new Date(Number(message.timestamp) || at.getTime()) });
      const targets = this.routes.targetsFor(event.tenant, event.type, event.source);
      if (targets.length === 0) {
        // Recorded with no deliveries: the trace then says "unrouted".
        this.metrics.unrouted.inc({ tenant: event.tenant, type: event.type });
        continue;
      }
      for (const target of targets) {
        requests.push({ target, data: { target, eventKey: key, event } });
        queued.push({ eventKey: key, target, tenant: event.tenant, at });
      }
    }
    await Promise.all([
      this.queues.enqueue(requests),
      this.metrics.timeLedgerWrite('router-batch', async () => {
        await this.ledger.recordAccepted(accepted);
        await this.ledger.recordQueued(queued);
      }),
    ]);
    for (const r of requests) this.metrics.jobsEnqueued.inc({ target: r.target });
  }
}
