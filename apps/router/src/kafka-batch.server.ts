import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { lastValueFrom } from 'rxjs';
import { ConsumerSession, EventBus, EventConsumer, InboundBatch, TopicAdmin } from '@hub/kafka';
import { hubMetrics } from '@hub/observability';
import { keepTrying } from '@hub/runtime';

/** The one pattern this transport dispatches: a batch of messages from one topic partition. */
export const CANONICAL_EVENT_BATCH = 'canonical-event-batch';

export interface KafkaBatchServerOptions {
  bus: EventBus;
  groupId: string;
  topics: string[];
  partitions: number;
  session: ConsumerSession;
  logger: Logger;
}

/**
 * A Nest microservice transport over the hub's Kafka interface that hands handlers whole batches
 * (Nest's own Kafka transport is per message, and the router enqueues in bulk per batch). A handler
 * that throws has its batch tried again (the consumer backs off and keeps heartbeating); a batch is
 * committed only after its handler resolved. A Kafka that is away at start is waited for.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;
  private readonly closing = new AbortController();
  private readonly metrics = hubMetrics();

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
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
        try {
          await lastValueFrom(this.transformToObservable(await handler(batch)), { defaultValue: undefined });
        } catch (err) {
          this.metrics.routerBatchFailures.inc();
          throw err;
        }
      };
      await keepTrying('joining the router group', () => consumer.start(this.options.topics, route), logger, { signal });
      this.consumer = consumer;
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
