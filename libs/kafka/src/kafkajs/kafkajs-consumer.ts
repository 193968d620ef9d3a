import { Consumer, IHeaders, Kafka } from 'kafkajs';
import { BatchHandler, ConsumerHooks, EventConsumer, InboundMessage, RawHeader } from '../event-bus.interface';
import { orderKeyOf } from '../order-key';

/**
 * A consumer-group member that hands whole batches to the handler. Offsets are resolved only after
 * the handler resolves, so a crash or a thrown error makes the batch be consumed again (at least once).
 */
export class KafkajsConsumer implements EventConsumer {
  private readonly consumer: Consumer;

  constructor(kafka: Kafka, groupId: string) {
    // A batch whose handler throws (a store is down) is fetched and handled again with exponential
    // backoff. Capped at 5 s (kafkajs' default cap is 30 s), so the router catches up within seconds
    // of the store's return; after 10 tries kafkajs restarts the consumer and goes on.
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 10 },
    });
  }

  async start(topics: string[], handler: BatchHandler, hooks: ConsumerHooks = {}): Promise<void> {
    if (hooks.assigned) {
      const assigned = hooks.assigned;
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned(Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions] })));
      });
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const messages: InboundMessage[] = batch.messages.map((m) => {
          const headers = decodeHeaders(m.headers);
          return {
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            value: m.value,
            headers,
            timestamp: m.timestamp,
            orderKey: orderKeyOf(headers, m.timestamp),
            raw: { key: m.key, headers: rawHeaders(m.headers) },
          };
        });
        if (messages.length) await handler({ topic: batch.topic, partition: batch.partition, messages });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

function rawHeaders(headers: IHeaders | undefined): RawHeader[] {
  const out: RawHeader[] = [];
  for (const [key, v] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      out.push({ key, value: one === undefined || one === null ? null : Buffer.isBuffer(one) ? one : Buffer.from(String(one), 'utf8') });
    }
  }
  return out;
}
