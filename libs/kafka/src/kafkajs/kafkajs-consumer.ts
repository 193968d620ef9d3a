import { Consumer, Kafka, PartitionAssigners } from 'kafkajs';
import { BatchHandler, ConsumerOptions, EventConsumer } from '../event-bus.interface';
import { OrderedRounds } from '../ordered-rounds';
import { coPartitionedAssigner } from './co-partitioned.assigner';
import { OrderedBatchRunner } from './ordered-batch-runner';

/** How long the merge holds messages back for another topic's older ones, unless told otherwise. */
export const DEFAULT_MAX_ORDER_WAIT_MS = 2_000;

/**
 * A consumer-group member that hands the handler each fetch's messages at once, in acceptance
 * order across topics (OrderedBatchRunner). Partition p of every topic is assigned to one member
 * (co-partitioned; round-robin only while older members that lack it are in the group). Offsets
 * are resolved only for what the handler took, after it resolves, so a crash or a thrown error
 * makes those messages be consumed again (at least once).
 */
export class KafkajsConsumer implements EventConsumer {
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka, private readonly groupId: string) {}

  async start(topics: string[], handler: BatchHandler, options: ConsumerOptions): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      partitionAssigners: [coPartitionedAssigner, PartitionAssigners.roundRobin],
      // A round whose handler throws (a store is down) is fetched and handled again with exponential
      // backoff. Capped at 5 s (kafkajs' default cap is 30 s), so the router catches up within seconds
      // of the store's return; after 10 tries kafkajs restarts the consumer and goes on.
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 10 },
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
    });
    this.consumer = consumer;
    const assigned = options.assigned;
    const runner = new OrderedBatchRunner(handler, new OrderedRounds(options.maxOrderWaitMs ?? DEFAULT_MAX_ORDER_WAIT_MS), options.onOrderForced);
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      runner.reset(this.behind(e.payload.memberAssignment));
      assigned?.(Object.entries(e.payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions] })));
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      // Every topic-partition of a fetch at once, so one round holds all of them for the merge.
      partitionsConsumedConcurrently: Math.max(1, topics.length * options.partitions),
      eachBatch: runner.eachBatch,
    });
  }

  /**
   * Which of an assignment's topic-partitions hold messages the group has not consumed (committed
   * offset below the high watermark). Failing to find out counts every one as behind: the merge
   * then waits (at most its maximum wait) for each to show up.
   */
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

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
