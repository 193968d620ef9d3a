import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppliedLandscape, HUB_LANDSCAPE, LiveLandscape } from '@hub/config';
import type { TargetConnector } from '@hub/connector-sdk';
import { DeliveryQueues, DeliveryRequest } from '@hub/delivery';
import { keyOfEvent } from '@hub/events';
import type { InboundBatch, InboundMessage } from '@hub/kafka';
import { AcceptedRow, databaseMessage, DeliveryLedger, QuarantineRow, RoutedRow } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER, TARGET_CONNECTORS } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { classifyMessage, ledgerRefused, unknownLandscapeVersion } from './quarantine/classify-message';
import { RouteTable } from './route-table';
import { versionsOf } from './landscape-versions';
import { RouteSpans } from './route-spans';

/** One landscape version as the router routes by it. */
interface VersionRoutes {
  version: number;
  routes: RouteTable;
  /** Targets that take one subject's deliveries in acceptance order, one at a time. */
  ordered: ReadonlySet<string>;
}

@Injectable()
export class RoutingService {
  private readonly metrics = hubMetrics();
  /** Per applied version (held by the landscape, which keeps the recent ones): its routes. */
  private readonly tables = new WeakMap<AppliedLandscape, VersionRoutes>();

  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: LiveLandscape,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly queues: DeliveryQueues,
    private readonly ledger: DeliveryLedger,
    private readonly registry: SchemaRegistry,
    @Inject(TARGET_CONNECTORS) private readonly connectors: ReadonlyMap<string, TargetConnector>,
  ) {}

  private routesOf(v: AppliedLandscape): VersionRoutes {
    let r = this.tables.get(v);
    if (!r) {
      r = {
        version: v.version,
        routes: new RouteTable(v.config, (connector) => this.connectors.get(connector)?.manifest.consumes),
        ordered: new Set(v.config.targets.filter((t) => t.ordering === 'subject').map((t) => t.id)),
      };
      // An older version's targets still get their queue (one a later version removed, say).
      this.queues.know(v.config.targets);
      this.tables.set(v, r);
    }
    return r;
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
   *
   * Each event is routed by the landscape version the API accepted it under (its
   * `hub-landscape-version` header; the latest for a message without one): one accepted before a
   * cutover goes where the route sent it then, every one accepted after to the new primary,
   * whenever the router gets to it. A version the ledger does not have is a quarantine; one that
   * cannot be read now (PostgreSQL away) fails the batch, to be tried again.
   */
  async route(batch: InboundBatch): Promise<void> {
    const spans = RouteSpans.start();
    if (!spans) return this.routeBatch(batch);
    try {
      await this.routeBatch(batch, spans);
      spans.end();
    } catch (err) {
      spans.end(err);
      throw err;
    }
  }

  private async routeBatch(batch: InboundBatch, spans?: RouteSpans): Promise<void> {
    const at = new Date();
    const quarantine: QuarantineRow[] = [];
    const messageOf = new Map<AcceptedRow, InboundMessage>();
    const versions = await versionsOf(batch.messages, this.landscape);
    const versionOf = new Map<InboundMessage, VersionRoutes>();
    for (const message of batch.messages) {
      const c = classifyMessage(message, this.registry);
      if (!c.route) {
        quarantine.push({ ...c.quarantine, at });
        spans?.quarantined(message, c.quarantine.reason);
        continue;
      }
      const version = versions.get(message)!;
      if (!version.applied) {
        const q = unknownLandscapeVersion(message, c.event, version.named);
        quarantine.push({ ...q, at });
        spans?.quarantined(message, q.reason, c.event);
        continue;
      }
      versionOf.set(message, this.routesOf(version.applied));
      // The producer stamps each message when the API publishes it: that is when it was accepted.
      const stamped = new Date(Number(message.timestamp));
      const row: AcceptedRow = { eventKey: keyOfEvent(c.event), event: c.event, acceptedAt: Number.isFinite(stamped.getTime()) && stamped.getTime() > 0 ? stamped : at };
      messageOf.set(row, message);
      spans?.routed(message, c.event, row.eventKey);
    }

    const ledgerTime = this.metrics.ledgerWriteSeconds.startTimer({ op: 'router-batch' });
    const refused = await this.ledger.recordAcceptedAllButRefused([...messageOf.keys()]);
    for (const { row, error } of refused) {
      quarantine.push({ ...ledgerRefused(messageOf.get(row)!, row.event, databaseMessage(error)), at });
      spans?.refused(row.eventKey, databaseMessage(error));
      messageOf.delete(row);
    }

    const routed: RoutedRow[] = [];
    const events = new Map<string, AcceptedRow['event']>();
    for (const [{ eventKey: key, event }, message] of messageOf) {
      events.set(key, event);
      const { routes, ordered, version } = versionOf.get(message)!;
      const deliveries = routes.deliveriesFor(event.tenant, event.type, event.source);
      spans?.targets(key, deliveries.length);
      if (deliveries.length === 0) {
        // Recorded with no deliveries: the trace then says "unrouted".
        this.metrics.unrouted.inc({ tenant: event.tenant, type: event.type });
        continue;
      }
      for (const { target, role } of deliveries) {
        const trace = ordered.has(target) ? spans?.traceOf(key) : undefined;
        routed.push({ eventKey: key, target, tenant: event.tenant, subject: event.subject, orderKey: message.orderKey, ordered: ordered.has(target), role, landscapeVersion: version, ...(trace ? { trace } : {}), at });
      }
    }
    const [{ queued }, written] = await Promise.all([this.ledger.recordRouted([], routed, at).finally(() => ledgerTime()), this.ledger.recordQuarantined(quarantine)]);
    const requests: DeliveryRequest[] = queued.map((k) => {
      const trace = spans?.traceOf(k.eventKey);
      return { target: k.target, data: { target: k.target, eventKey: k.eventKey, event: events.get(k.eventKey)!, ...(trace ? { trace } : {}) } };
    });
    await this.queues.enqueue(requests);
    for (const r of requests) this.metrics.jobsEnqueued.inc({ target: r.target });
    // Counted and logged once: a batch consumed again writes no row twice.
    const tenants = new Set(this.landscape.current().config.tenants.map((t) => t.code));
    for (const q of written) {
      const row = quarantine.find((r) => r.topic === q.topic && r.partition === q.partition && r.offset === q.offset);
      this.metrics.quarantined.inc({ reason: q.reason, tenant: q.tenant && tenants.has(q.tenant) ? q.tenant : 'unknown' });
      this.logger.warn(
        { quarantineId: q.id, tenant: q.tenant, eventId: row?.eventId, reason: q.reason, fields: row?.problems.map((p) => p.path), timesQuarantined: q.timesQuarantined, topic: q.topic, partition: q.partition, offset: q.offset },
        'message quarantined instead of routed',
      );
    }
  }
}
