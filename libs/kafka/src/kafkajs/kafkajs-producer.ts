import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { CoalescingPublisher } from '../coalescing-publisher';
import { EventProducer, OutboundMessage, PublishedRecord } from '../event-bus.interface';

/** Idempotent producer, acks from all in-sync replicas; concurrent publishes share requests. */
export class KafkajsProducer implements EventProducer {
  private readonly producer: Producer;
  private readonly publisher: CoalescingPublisher;

  constructor(kafka: Kafka, maxBatch = 1000) {
    // The idempotent producer retries without limit (kafkajs' default for it; a limit would break
    // its sequence numbers). The API bounds how long a request waits instead, and answers 503.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    this.publisher = new CoalescingPublisher((messages) => this.send(messages), maxBatch);
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  publish(messages: OutboundMessage[]): Promise<PublishedRecord[]> {
    return this.publisher.publish(messages);
  }

  private async send(messages: OutboundMessage[]): Promise<void> {
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push(m);
      byTopic.set(m.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs.map(({ key, value, headers, timestamp }) => (timestamp === undefined ? { key, value, headers } : { key, value, headers, timestamp })) })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
