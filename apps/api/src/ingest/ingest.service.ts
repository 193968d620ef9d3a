import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_SETTINGS, HubSettings, tenantAllowed, typeAllowed } from '@hub/config';
import { DedupeStore } from '@hub/delivery';
import { CanonicalEvent, keyOfEvent, toKafkaMessage } from '@hub/events';
import { EVENT_BUS, EventBus, EventProducer, topicFor } from '@hub/kafka';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER, keepTrying } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import type { SourcePrincipal } from '../auth/principal';
import { ProblemEntry, ProblemException } from '../problem/problem.exception';
import { Envelope, envelopeProblems, normalise } from './envelope';

export interface AcceptedEntry {
  id: string;
  type: string;
  duplicate: boolean;
}

const PUBLISH_TIMEOUT_MS = 15_000;

/**
 * Validates a request's events in order of what the caller can fix (envelope 400, credential scope
 * 403, type and data 422), all or nothing, then publishes the new ones to Kafka and answers only
 * once every in-sync replica has them.
 */
@Injectable()
export class IngestService implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: EventProducer;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly registry: SchemaRegistry,
    private readonly dedupe: DedupeStore,
  ) {
    this.producer = bus.producer();
  }

  /** A Kafka that is away at start is waited for (readiness says so meanwhile), not a reason to exit. */
  async onModuleInit(): Promise<void> {
    await keepTrying('creating the canonical topics', async () => {
      const admin = this.bus.admin();
      try {
        await admin.ensureTopics(this.registry.types().map((t) => topicFor(this.settings.topicPrefix, t)), this.settings.topicPartitions);
      } finally {
        await admin.close().catch(() => undefined);
      }
    }, this.logger);
    await keepTrying('connecting the Kafka producer', () => this.producer.connect(), this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  async ingest(principal: SourcePrincipal, candidates: unknown[], batch: boolean): Promise<AcceptedEntry[]> {
    const events = this.validate(principal, candidates, batch);
    // Keyed by tenant, source and id: a re-post is a duplicate only within its own force.
    const keys = events.map(keyOfEvent);
    const seenBefore = await this.dedupe.seen(keys);
    const fresh = new Set<string>();
    const isDuplicate = keys.map((k, i) => {
      const dup = seenBefore[i] || fresh.has(k);
      fresh.add(k);
      return dup;
    });
    const toPublish = events.filter((_, i) => !isDuplicate[i]);

    const started = process.hrtime.bigint();
    await this.publish(toPublish);
    this.metrics.publishSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);

    const at = new Date().toISOString();
    try {
      // After Kafka's acks the event is durable (the router records it in the ledger as it routes);
      // failing to remember it for duplicate detection must not turn into an error answer.
      await this.dedupe.markAccepted(keys.filter((_, i) => !isDuplicate[i]), at);
    } catch (err) {
      this.logger.error({ err, eventIds: events.map((e) => e.id) }, 'events published but not recorded for duplicate detection');
    }
    events.forEach((e, i) => (isDuplicate[i] ? this.metrics.eventsDuplicate : this.metrics.eventsAccepted).inc({ tenant: e.tenant, type: e.type }));
    return events.map((e, i) => ({ id: e.id, type: e.type, duplicate: isDuplicate[i] }));
  }

  private validate(principal: SourcePrincipal, candidates: unknown[], batch: boolean): CanonicalEvent[] {
    const at = (i: number, p: ProblemEntry): ProblemEntry => (batch ? { ...p, index: i } : p);
    const envelopeErrors = candidates.flatMap((c, i) => envelopeProblems(c).map((p) => at(i, p)));
    if (envelopeErrors.length) throw new ProblemException(400, 'invalid-envelope', 'Invalid CloudEvent', envelopeErrors);
    const envelopes = candidates as Envelope[];

    const scopeErrors: ProblemEntry[] = [];
    envelopes.forEach((e, i) => {
      if (!principal.sourceUris.has(e.source)) scopeErrors.push(at(i, { eventId: e.id, path: '/source', message: `this credential may not post as source "${e.source}"` }));
      if (!tenantAllowed(principal.tenants, e.tenant)) scopeErrors.push(at(i, { eventId: e.id, path: '/tenant', message: `this credential may not post for tenant "${e.tenant}"` }));
      if (!typeAllowed(principal.types, e.type)) scopeErrors.push(at(i, { eventId: e.id, path: '/type', message: `this credential may not post events of type "${e.type}"` }));
    });
    if (scopeErrors.length) throw new ProblemException(403, 'forbidden', 'Forbidden', scopeErrors);

    let unknownType = false;
    const dataErrors: ProblemEntry[] = [];
    envelopes.forEach((e, i) => {
      if (!this.registry.has(e.type)) {
        unknownType = true;
        dataErrors.push(at(i, { eventId: e.id, path: '/type', message: `unknown event type "${e.type}"; GET /v1/schemas lists the known types` }));
      } else {
        for (const p of this.registry.validate(e.type, e.data, '/data')) dataErrors.push(at(i, { eventId: e.id, ...p }));
      }
    });
    if (dataErrors.length) {
      throw unknownType
        ? new ProblemException(422, 'unknown-event-type', 'Unknown event type', dataErrors)
        : new ProblemException(422, 'schema-violation', 'Event data does not match its schema', dataErrors);
    }
    return envelopes.map((e) => normalise(e));
  }

  private async publish(events: CanonicalEvent[]): Promise<void> {
    if (events.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.producer.publish(events.map((e) => toKafkaMessage(e, topicFor(this.settings.topicPrefix, e.type)))),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no acknowledgement from Kafka within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.logger.error({ err, eventIds: events.map((e) => e.id) }, 'publish to Kafka failed');
      throw new ProblemException(503, 'unavailable', 'Kafka unavailable', [], 'the events were not accepted; post them again later');
    } finally {
      clearTimeout(timer);
    }
  }
}
