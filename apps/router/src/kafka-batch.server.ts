import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventBus, EventConsumer, InboundBatch, TopicAdmin } from '@hub/kafka';
import { hubMetrics, roleHealth, SCRAPE_GAUGES } from '@hub/observability';
import { ConsumerProgress } from './progress/consumer-progress';

/** The one pattern this transport dispatches: a batch of messages from one topic partition. */
export const CANONICAL_EVENT_BATCH = 'canonical-event-batch';

export interface KafkaBatchServerOptions {
  bus: EventBus;
  groupId: string;
  topics: string[];
  partitions: number;
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
 * A Nest microservice transport over the hub's Kafka interface that hands handlers whole batches
 * (Nest's own Kafka transport is per message, and the router enqueues in bulk per batch). A handler
 * that throws makes the batch be consumed again; a batch is committed only after its handler resolved.
 * It tracks progress per assigned partition: while listening, the process's readiness includes it
 * (roleHealth "router"), and hub_router_stalled and hub_router_batch_failures_total show it.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;
  private unregister?: () => void;
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
    const admin: TopicAdmin = this.options.bus.admin();
    try {
      await admin.ensureTopics(this.options.topics, this.options.partitions);
    } catch (err) {
      callback(err);
      return;
    } finally {
      await admin.close();
    }
    const metrics = hubMetrics();
    this.consumer = this.options.bus.consumer(this.options.groupId);
    try {
      await this.consumer.start(
        this.options.topics,
        async (batch: InboundBatch) => {
          // A round holds messages of several topic-partitions: each of them is making progress, or failing.
          const tps = topicPartitionsOf(batch);
          for (const tp of tps) this.progress.started(tp.topic, tp.partition);
          try {
            const result = this.transformToObservable(await handler(batch));
            await lastValueFrom(result, { defaultValue: undefined });
          } catch (err) {
            for (const tp of tps) {
              this.progress.failed(tp.topic, tp.partition, err);
              metrics.routerBatchFailures.inc({ topic: tp.topic });
            }
            throw err;
          }
          for (const tp of tps) this.progress.succeeded(tp.topic, tp.partition);
        },
        {
          partitions: this.options.partitions,
          maxOrderWaitMs: this.options.maxOrderWaitMs,
          onOrderForced: this.options.onOrderForced,
          maxBytesPerPartition: this.options.maxBytesPerPartition,
          assigned: (assignment) => this.progress.assigned(assignment),
        },
      );
      this.unregister = roleHealth().register('router', () => this.progress.report());
      metrics.gauge(SCRAPE_GAUGES.routerStalled, (g) => {
        for (const p of this.progress.state()) g.set({ topic: p.topic, partition: String(p.partition) }, p.stalled ? 1 : 0);
      });
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    if (this.unregister) {
      this.unregister();
      this.unregister = undefined;
      // A router no longer running has no partitions to report on.
      hubMetrics().gauge(SCRAPE_GAUGES.routerStalled, () => undefined);
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
