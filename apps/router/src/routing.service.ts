import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_CONFIG, HubConfig } from '@hub/config';
import { DeliveryQueues, DeliveryRequest, jobDataOf } from '@hub/delivery';
import { keyOfEvent } from '@hub/events';
import type { InboundBatch, InboundMessage } from '@hub/kafka';
import { AcceptedRow, databaseMessage, DeliveryLedger, QuarantineRow, RoutedRow } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { classifyMessage, ledgerRefused } from './quarantine/classify-message';
import { RouteTable } from './route-table';

@Injectable()
export class RoutingService {
  private readonly routes: RouteTable;
  private readonly tenants: ReadonlySet<string>;
  /** Targets that take one subject's deliveries in acceptance order, one at a time. */
  private readonly ordered: ReadonlySet<string>;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly queues: DeliveryQueues,
    private readonly ledger: DeliveryLedger,
    private readonly registry: SchemaRegistry,
  ) {
    this.routes = new RouteTable(config);
    this.tenants = new Set(config.tenants.map((t) => t.code));
    this.ordered = new Set(config.targets.filter((t) => t.ordering === 'subject').map((t) => t.id));
  }

  /**
   * One fetch's messages, in acceptance order → their events in the ledger, then their deliveries
   * (an ordered target's are held behind earlier ones of the same subject: libs/ledger lanes),
   * then one addBulk per target queue of what the ledger says is queued now. The ledger decides
   * what goes, so a batch consumed again, or a re-post whose duplicate key Redis lost, never queues
   * a delivery that is done. Failures are classified where they happen:
   * - a message that can never be routed as it is (classifyMessage: undecodable, not carriable,
   *   unknown type, schema violation), or whose event PostgreSQL refuses to store (a data exception:
   *   found by halving the batch), is quarantined, and the batch goes on without it;
   * - a store that fails (PostgreSQL or Redis unreachable, a timeout, a serialization failure)
   *   throws, so the whole batch is consumed again with backoff. Every write is idempotent (job ids,
   *   ledger keys, Kafka coordinates), so consuming a batch again is harmless.
   * Events are recorded before their jobs exist, so an event the ledger refuses is never delivered.
   */
  async route(batch: InboundBatch): Promise<void> {
    const at = new Date();
    const quarantine: QuarantineRow[] = [];
    const messageOf = new Map<AcceptedRow, InboundMessage>();
    for (const message of batch.messages) {
      const c = classifyMessage(message, this.registry);
      if (!c.route) {
        quarantine.push({ ...c.quarantine, at });
        continue;
      }
      // The producer stamps each message when the API publishes it: that is when it was accepted.
      const stamped = new Date(Number(message.timestamp));
      const row: AcceptedRow = { eventKey: keyOfEvent(c.event), event: c.event, acceptedAt: Number.isFinite(stamped.getTime()) && stamped.getTime() > 0 ? stamped : at };
      messageOf.set(row, message);
    }

    const ledgerTime = this.metrics.ledgerWriteSeconds.startTimer({ op: 'router-batch' });
    const refused = await this.ledger.recordAcceptedAllButRefused([...messageOf.keys()]);
    for (const { row, error } of refused) {
      quarantine.push({ ...ledgerRefused(messageOf.get(row)!, row.event, databaseMessage(error)), at });
      messageOf.delete(row);
    }

    const routed: RoutedRow[] = [];
    const events = new Map<string, AcceptedRow['event']>();
    for (const [{ eventKey: key, event }, message] of messageOf) {
      events.set(key, event);
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
    const [{ queued, released }, written] = await Promise.all([this.ledger.recordRouted([], routed, at).finally(() => ledgerTime()), this.ledger.recordQuarantined(quarantine)]);
    const requests: DeliveryRequest[] = [
      ...queued.map((k) => ({ target: k.target, data: { target: k.target, eventKey: k.eventKey, event: events.get(k.eventKey)! } })),
      // A released delivery may be a backfill's (its lane holds history and live events alike).
      ...released.map((r) => ({ target: r.target, data: jobDataOf(r) })),
    ];
    await this.queues.enqueue(requests);
    for (const r of requests) this.metrics.jobsEnqueued.inc({ target: r.target });
    // Counted and logged once: a batch consumed again writes no row twice.
    for (const q of written) {
      const row = quarantine.find((r) => r.topic === q.topic && r.partition === q.partition && r.offset === q.offset);
      this.metrics.quarantined.inc({ reason: q.reason, tenant: q.tenant && this.tenants.has(q.tenant) ? q.tenant : 'unknown' });
      this.logger.warn(
        { quarantineId: q.id, tenant: q.tenant, eventId: row?.eventId, reason: q.reason, fields: row?.problems.map((p) => p.path), timesQuarantined: q.timesQuarantined, topic: q.topic, partition: q.partition, offset: q.offset },
        'message quarantined instead of routed',
      );
    }
  }
}
