import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { EventProducer, OutboundMessage, PublishedRecord } from '../event-bus.interface';

interface Pending {
  messages: OutboundMessage[];
  resolve: (r: PublishedRecord[]) => void;
  reject: (e: unknown) => void;
}

/**
 * Idempotent producer, acks from all in-sync replicas. An idempotent producer keeps one request in
 * flight, so concurrent publish() calls are coalesced: whatever queued while a request was in
 * flight goes out together in the next one (natural batching, no artificial linger).
 */
export class KafkajsProducer implements EventProducer {
  private readonly producer: Producer;
  private queue: Pending[] = [];
  private sending = false;

  constructor(kafka: Kafka, private readonly maxBatch = 1000) {
    // The idempotent producer retries without limit (kafkajs' default for it; a limit would break
    // its sequence numbers). The API bounds how long a request waits instead, and answers 503.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  publish(messages: OutboundMessage[]): Promise<PublishedRecord[]> {
    if (messages.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length) {
        const group: Pending[] = [];
        let count = 0;
        while (this.queue.length && (group.length === 0 || count + this.queue[0].messages.length <= this.maxBatch)) {
          const p = this.queue.shift()!;
          group.push(p);
          count += p.messages.length;
        }
        await this.sendGroup(group);
      }
    } finally {
      this.sending = false;
    }
  }

  private async sendGroup(group: Pending[]): Promise<void> {
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const m of group.flatMap((p) => p.messages)) {
      const list = byTopic.get(m.topic) ?? [];
      list.push(m);
      byTopic.set(m.topic, list);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs.map(({ key, value, headers }) => ({ key, value, headers })) })),
      });
      for (const p of group) p.resolve(p.messages.map((m) => ({ topic: m.topic })));
    } catch (err) {
      for (const p of group) p.reject(err);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
