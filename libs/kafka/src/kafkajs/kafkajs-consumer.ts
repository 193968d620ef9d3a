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
  private readonly consumer: Consumer;

  constructor(kafka: Kafka, groupId: string) {
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      partitionAssigners: [coPartitionedAssigner, PartitionAssigners.roundRobin],
    });
  }

  async start(topics: string[], handler: BatchHandler, options: ConsumerOptions): Promise<void> {
    const runner = new OrderedBatchRunner(handler, new OrderedRounds(options.maxOrderWaitMs ?? DEFAULT_MAX_ORDER_WAIT_MS), options.onOrderForced);
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => runner.reset());
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      // Every topic-partition of a fetch at once, so one round holds all of them for the merge.
      partitionsConsumedConcurrently: Math.max(1, topics.length * options.partitions),
      eachBatch: runner.eachBatch,
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
