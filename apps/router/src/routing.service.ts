import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_CONFIG, HubConfig } from '@hub/config';
import { DeliveryQueues, DeliveryRequest } from '@hub/delivery';
import { CanonicalEvent, fromKafkaMessage, keyOfEvent } from '@hub/events';
import type { InboundBatch } from '@hub/kafka';
import { AcceptedRow, DeliveryLedger, RoutedRow } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { RouteTable } from './route-table';

@Injectable()
export class RoutingService {
  private readonly routes: RouteTable;
  /** Targets that take one subject's deliveries in acceptance order, one at a time. */
  private readonly ordered: ReadonlySet<string>;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly queues: DeliveryQueues,
    private readonly ledger: DeliveryLedger,
  ) {
    this.routes = new RouteTable(config);
    this.ordered = new Set(config.targets.filter((t) => t.ordering === 'subject').map((t) => t.id));
  }

  /**
   * One fetch's messages, in acceptance order → the ledger first (events, and deliveries in that
   * order: an ordered target's deliveries are held behind earlier ones for the same subject), then
   * one addBulk per target queue of what the ledger says is queued now. The ledger decides what
   * goes, so a batch consumed again (or a re-post whose duplicate key Redis lost) never queues a
   * delivery that is done. Both steps are idempotent; a failure of either throws to have the
   * messages consumed again.
   */
  async route(batch: InboundBatch): Promise<void> {
    const at = new Date();
    const accepted: AcceptedRow[] = [];
    const routed: RoutedRow[] = [];
    const events = new Map<string, CanonicalEvent>();
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
      events.set(key, event);
      // The producer stamps each message when the API publishes it: that is when it was accepted.
      accepted.push({ eventKey: key, event, acceptedAt: new Date(Number(message.timestamp) || at.getTime()) });
      const targets = this.routes.targetsFor(event.tenant, event.type, event.source);
      if (targets.length === 0) {
        // Recorded with no deliveries: the trace then says "unrouted".
        this.metrics.unrouted.inc({ tenant: event.tenant, type: event.type });
        continue;
      }
      for (const target of targets) {
        routed.push({ eventKey: key, target, tenant: event.tenant, subject: event.subject, orderKey: message.orderKey, ordered: this.ordered.has(target), at });
      }
    }
    const { queued, released } = await this.metrics.timeLedgerWrite('router-batch', () => this.ledger.recordRouted(accepted, routed, at));
    const requests: DeliveryRequest[] = [
      ...queued.map((k) => ({ target: k.target, data: { target: k.target, eventKey: k.eventKey, event: events.get(k.eventKey)! } })),
      ...released.map((r) => ({ target: r.target, data: { target: r.target, eventKey: r.eventKey, event: r.event } })),
    ];
    await this.queues.enqueue(requests);
    for (const r of requests) this.metrics.jobsEnqueued.inc({ target: r.target });
  }
}
