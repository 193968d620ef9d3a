import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_LANDSCAPE, HUB_SETTINGS, HubSettings, LiveLandscape } from '@hub/config';
import { DedupeStore } from '@hub/delivery';
import { CanonicalEvent, keyOfEvent, toKafkaMessage } from '@hub/events';
import { EVENT_BUS, EventBus, EventProducer, LANDSCAPE_VERSION_HEADER, nextOrderKey, ORDER_KEY_HEADER, topicFor } from '@hub/kafka';
import { activeContext, activeSpan, carrierOf, failSpan, hubMetrics, SpanKind, startSpan, tracingOn } from '@hub/observability';
import { HUB_LOGGER, keepTrying } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';
import type { SourcePrincipal } from '../auth/principal';
import { checkEvents } from './event-checks';

export interface AcceptedEntry {
  id: string;
  type: string;
  duplicate: boolean;
  /** The landscape version it was accepted under, which decides where it goes (not for a duplicate: it was accepted before). */
  landscapeVersion?: number;
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
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
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

  async ingest(principal: SourcePrincipal, candidates: unknown[], batch: boolean, mayHoldUncarriable = true): Promise<AcceptedEntry[]> {
    // An empty batch: nothing to check, publish or remember (the credential was checked before).
    if (candidates.length === 0) return [];
    const events = checkEvents(this.registry, principal, candidates, batch, mayHoldUncarriable);
    // Keyed by tenant, source and id: a re-post is a duplicate only within its own force.
    const keys = events.map(keyOfEvent);
    let seenBefore: boolean[];
    try {
      seenBefore = await this.dedupe.seen(keys);
    } catch (err) {
      // Redis refused the read (e.g. out of memory, a cluster resharding): nothing was accepted,
      // so the answer is the store's "unavailable", not a 500.
      this.logger.error({ err, eventIds: events.map((e) => e.id) }, 'duplicate check failed');
      throw new ProblemException(503, 'unavailable', 'Redis unavailable', [], 'the events were not accepted; post them again later');
    }
    const fresh = new Set<string>();
    const isDuplicate = keys.map((k, i) => {
      const dup = seenBefore[i] || fresh.has(k);
      fresh.add(k);
      return dup;
    });
    const toPublish = events.filter((_, i) => !isDuplicate[i]);

    // Every event of the request is accepted under one landscape version, stamped on each message:
    // the router routes it by that version's routes, however late it gets to it.
    const landscapeVersion = this.landscape.current().version;
    const started = process.hrtime.bigint();
    await this.publish(toPublish, landscapeVersion);
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
    return events.map((e, i) => ({ id: e.id, type: e.type, duplicate: isDuplicate[i], ...(isDuplicate[i] ? {} : { landscapeVersion }) }));
  }

  private async publish(events: CanonicalEvent[], landscapeVersion: number): Promise<void> {
    if (events.length === 0) return;
    // Tracing on: a producer span under the ingest span, whose context each message carries in
    // plain `traceparent`/`tracestate` headers (the hop's context, not the event's: no ce_ prefix).
    const span = tracingOn() && activeSpan() ? startSpan('publish', SpanKind.PRODUCER, activeContext(), { 'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.batch.message_count': events.length }) : undefined;
    const trace = span && carrierOf(span);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.producer.publish(
          events.map((e) => {
            const m = toKafkaMessage(e, topicFor(this.settings.topicPrefix, e.type));
            // Acceptance order across topics, for the router's merge (libs/kafka/src/order-key.ts).
            m.headers[ORDER_KEY_HEADER] = String(nextOrderKey());
            m.headers[LANDSCAPE_VERSION_HEADER] = String(landscapeVersion);
            if (trace) Object.assign(m.headers, trace);
            return m;
          }),
        ),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no acknowledgement from Kafka within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      if (span) failSpan(span, err);
      this.logger.error({ err, eventIds: events.map((e) => e.id) }, 'publish to Kafka failed');
      throw new ProblemException(503, 'unavailable', 'Kafka unavailable', [], 'the events were not accepted; post them again later');
    } finally {
      clearTimeout(timer);
      span?.end();
    }
  }
}
