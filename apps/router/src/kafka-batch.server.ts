import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventBus, EventConsumer, InboundBatch, TopicAdmin } from '@hub/kafka';

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
}

/**
 * A Nest microservice transport over the hub's Kafka interface that hands handlers whole batches
 * (Nest's own Kafka transport is per message, and the router enqueues in bulk per batch). A handler
 * that throws makes the batch be consumed again; a batch is committed only after its handler resolved.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
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
    this.consumer = this.options.bus.consumer(this.options.groupId);
    try {
      await this.consumer.start(this.options.topics, async (batch: InboundBatch) => {
        const result = this.transformToObservable(await handler(batch));
        await lastValueFrom(result, { defaultValue: undefined });
      }, { partitions: this.options.partitions, maxOrderWaitMs: this.options.maxOrderWaitMs, onOrderForced: this.options.onOrderForced, maxBytesPerPartition: this.options.maxBytesPerPartition });
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
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
