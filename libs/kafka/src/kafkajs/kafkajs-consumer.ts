import { Consumer, EachBatchPayload, Kafka, PartitionAssigners } from 'kafkajs';
import type { Logger } from 'pino';
import { BatchHandler, ConsumerOptions, EventConsumer } from '../event-bus.interface';
import { OrderedRounds } from '../ordered-rounds';
import { coPartitionedAssigner } from './co-partitioned.assigner';
import { OrderedBatchRunner, retryDelay } from './ordered-batch-runner';

export { retryDelay } from './ordered-batch-runner';

/** How long the merge holds messages back for another topic's older ones, unless told otherwise. */
export const DEFAULT_MAX_ORDER_WAIT_MS = 2_000;

export interface KafkajsConsumerOptions {
  /**
   * A member that stops heartbeating (killed) loses its partitions to the others after this. The
   * broker's group.min.session.timeout.ms (6 s by default) is the floor. kafkajs 2.2.4 has no
   * static membership (KIP-345, group.instance.id): a restarted router always joins as a new member
   * and waits for the old one's session to expire before the group settles.
   */
  sessionTimeoutMs: number;
  heartbeatMs: number;
  logger: Logger;
  /** First wait after a failed round or a crashed consumer; doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * A consumer-group member that hands the handler each fetch's messages at once, in acceptance
 * order across topics (OrderedBatchRunner). Partition p of every topic is assigned to one member
 * (co-partitioned; round-robin only while older members that lack it are in the group). Offsets
 * are resolved only for what the handler took, after it resolves, so a crash makes those messages
 * be consumed again (at least once). It keeps going through the loss of anything it depends on:
 * - a round whose handler fails (the ledger or Redis away) is retried in place with backoff, with
 *   heartbeats all the while, until it succeeds, a partition of it is taken away, or the consumer stops;
 * - a handler that waits (Redis holding commands until it is back) keeps heartbeating too, so a
 *   slow store does not cost the group a rebalance;
 * - when kafkajs gives up (a crash it will not restart from), a new consumer joins, with backoff.
 */
export class KafkajsConsumer implements EventConsumer {
  private consumer?: Consumer;
  private topics: string[] = [];
  private handler?: BatchHandler;
  private options?: ConsumerOptions;
  private stopping = false;
  private relaunchTimer?: NodeJS.Timeout;
  private relaunches = 0;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly log: Logger;

  constructor(private readonly kafka: Kafka, private readonly groupId: string, private readonly o: KafkajsConsumerOptions) {
    this.retryMs = o.retryMs ?? 500;
    this.maxRetryMs = o.maxRetryMs ?? 10_000;
    this.log = o.logger.child({ component: 'kafka-consumer', group: groupId });
  }

  /** Joins the group; rejects if Kafka cannot be reached now (the caller decides whether to try again). */
  async start(topics: string[], handler: BatchHandler, options: ConsumerOptions): Promise<void> {
    this.topics = topics;
    this.handler = handler;
    this.options = options;
    this.stopping = false;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.relaunchTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private async launch(): Promise<void> {
    const options = this.options!;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.o.sessionTimeoutMs,
      heartbeatInterval: this.o.heartbeatMs,
      // An idle member heartbeats after each fetch: a fifth of the session between them leaves room.
      maxWaitTimeInMs: Math.min(5_000, Math.floor(this.o.sessionTimeoutMs / 5)),
      partitionAssigners: [coPartitionedAssigner, PartitionAssigners.roundRobin],
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
    });
    const runner = new OrderedBatchRunner(this.handler!, new OrderedRounds(options.maxOrderWaitMs ?? DEFAULT_MAX_ORDER_WAIT_MS), {
      onForced: options.onOrderForced,
      retryMs: this.retryMs,
      maxRetryMs: this.maxRetryMs,
      heartbeatMs: this.o.heartbeatMs,
      log: this.log,
      stopping: () => this.stopping,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts by itself after a retriable error; after any other, it would stay down.
      if (!payload.restart) this.relaunchLater(consumer, payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      runner.reset(this.behind(e.payload.memberAssignment));
      options.assigned?.(Object.entries(e.payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions] })));
    });
    // Set first: a crash reported as soon as it runs must find it current to be relaunched.
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        // Every topic-partition of a fetch at once, so one round holds all of them for the merge.
        partitionsConsumedConcurrently: Math.max(1, this.topics.length * options.partitions),
        eachBatch: (p: EachBatchPayload) => runner.eachBatch(p),
      });
    } catch (err) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    // stop() came while this one was joining.
    if (this.stopping) await this.stop();
  }

  private relaunchLater(crashed: Consumer, error: Error): void {
    if (this.stopping || this.consumer !== crashed) return;
    this.consumer = undefined;
    this.scheduleLaunch(error);
  }

  private scheduleLaunch(error: Error): void {
    const wait = retryDelay(this.relaunches++, 1_000, 30_000);
    this.log.error({ err: error, retryInMs: wait }, `Kafka consumer is down and kafkajs will not restart it; joining the group again in ${wait} ms`);
    this.relaunchTimer = setTimeout(async () => {
      if (this.stopping) return;
      try {
        await this.launch();
        this.relaunches = 0;
        this.log.warn('Kafka consumer joined the group again');
      } catch (err) {
        if (!this.stopping) this.scheduleLaunch(err as Error);
      }
    }, wait);
  }

  private async behind(assignment: Record<string, number[]>): Promise<{ topic: string; partition: number }[]> {
    const all = Object.entries(assignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const topics = Object.keys(assignment);
      const committed = new Map<string, number>();
      for (const t of await admin.fetchOffsets({ groupId: this.groupId, topics })) {
        for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
      }
      const out: { topic: string; partition: number }[] = [];
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if (!assignment[topic].includes(p.partition)) continue;
          const from = Math.max(committed.get(`${topic}/${p.partition}`) ?? -1, Number(p.low));
          if (Number(p.high) > from) out.push({ topic, partition: p.partition });
        }
      }
      return out;
    } catch {
      // kafkajs logs the failed request itself (its log creator is the hub's logger).
      return all;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
