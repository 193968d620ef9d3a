import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { lastValueFrom } from 'rxjs';
import { ConsumerSession, EventBus, EventConsumer, InboundBatch, TopicAdmin } from '@hub/kafka';
import { hubMetrics, roleHealth, SCRAPE_GAUGES } from '@hub/observability';
import { keepTrying } from '@hub/runtime';
import { ConsumerProgress } from './progress/consumer-progress';

/** The one pattern this transport dispatches: the messages of one fetch, in acceptance order. */
export const CANONICAL_EVENT_BATCH = 'canonical-event-batch';

export interface KafkaBatchServerOptions {
  bus: EventBus;
  groupId: string;
  topics: string[];
  partitions: number;
  session: ConsumerSession;
  logger: Logger;
  /** How long messages wait for another topic's older ones before they go anyway (libs/kafka OrderedRounds). */
  maxOrderWaitMs?: number;
  onOrderForced?: (batches: number) => void;
  maxBytesPerPartition?: number;
  /** How long a partition may go without progress before the router counts as stalled (ROUTER_STALL_MS). */
  stallMs: number;
  /** The clock of progress tracking; tests set their own. */
  now?: () => number;
}

/**
 * A Nest microservice transport over the hub's Kafka interface that hands handlers each fetch's
 * messages at once, merged across topics in acceptance order (Nest's own Kafka transport is per
 * message, and the router records and enqueues in bulk). A handler that throws has its batch tried
 * again (the consumer backs off and keeps heartbeating); a message is committed only after its
 * handler resolved. A Kafka that is away at start is waited for. It tracks progress per assigned
 * partition: while listening, the process's readiness includes it (roleHealth "router"), and
 * hub_router_stalled and hub_router_batch_failures_total show it.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;
  private unregister?: () => void;
  private readonly closing = new AbortController();
  private readonly metrics = hubMetrics();
  readonly progress: ConsumerProgress;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.progress = new ConsumerProgress(options.stallMs, options.now);
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    const handler = this.getHandlerByPattern(CANONICAL_EVENT_BATCH);
    if (!handler) {
      callback(new Error(`no handler for "${CANONICAL_EVENT_BATCH}": the router module must declare one with @EventPattern`));
      return;
    }
    const { logger } = this.options;
    const signal = this.closing.signal;
    try {
      await keepTrying('creating the canonical topics', () => this.ensureTopics(), logger, { signal });
      const consumer = this.options.bus.consumer(this.options.groupId, this.options.session);
      const route = async (batch: InboundBatch) => {
        // A round holds messages of several topic-partitions: each of them is making progress, or failing.
        const tps = topicPartitionsOf(batch);
        for (const tp of tps) this.progress.started(tp.topic, tp.partition);
        try {
          await lastValueFrom(this.transformToObservable(await handler(batch)), { defaultValue: undefined });
        } catch (err) {
          for (const tp of tps) {
            this.progress.failed(tp.topic, tp.partition, err);
            this.metrics.routerBatchFailures.inc({ topic: tp.topic });
          }
          throw err;
        }
        for (const tp of tps) this.progress.succeeded(tp.topic, tp.partition);
      };
      const options = {
        partitions: this.options.partitions,
        maxOrderWaitMs: this.options.maxOrderWaitMs,
        onOrderForced: this.options.onOrderForced,
        maxBytesPerPartition: this.options.maxBytesPerPartition,
        assigned: (assignment: { topic: string; partitions: number[] }[]) => this.progress.assigned(assignment),
      };
      await keepTrying('joining the router group', () => consumer.start(this.options.topics, route, options), logger, { signal });
      this.consumer = consumer;
      this.unregister = roleHealth().register('router', () => this.progress.report());
      this.metrics.gauge(SCRAPE_GAUGES.routerStalled, (g) => {
        for (const p of this.progress.state()) g.set({ topic: p.topic, partition: String(p.partition) }, p.stalled ? 1 : 0);
      });
      if (signal.aborted) await this.close();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async ensureTopics(): Promise<void> {
    const admin: TopicAdmin = this.options.bus.admin();
    try {
      await admin.ensureTopics(this.options.topics, this.options.partitions);
    } finally {
      await admin.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
    if (this.unregister) {
      this.unregister();
      this.unregister = undefined;
      // A router no longer running has no partitions to report on.
      this.metrics.gauge(SCRAPE_GAUGES.routerStalled, () => undefined);
    }
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  on(): void {
    /* no transport events to subscribe to */
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}

/** The topic-partitions a batch's messages come from, each once. */
function topicPartitionsOf(batch: InboundBatch): { topic: string; partition: number }[] {
  const seen = new Map<string, { topic: string; partition: number }>();
  for (const m of batch.messages) seen.set(`${m.topic}\u0000${m.partition}`, { topic: m.topic, partition: m.partition });
  return [...seen.values()];
}
