// Baseline: plain kafkajs, the same messages the hub's API writes (CloudEvents binary mode, the
// same headers and value), the same producer settings (idempotent, acks from all in-sync replicas,
// one request in flight) and the same 3 partitions; then a plain consumer group reads them back.
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { CanonicalEvent, toKafkaMessage } from '@hub/events';
import { nowMs } from '../lib/counting-sink';
import { idPrefix, payAward } from '../lib/events';

export interface RawKafkaResult {
  produceEventsPerSec: number;
  consumeEventsPerSec: number;
}

export function rawKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
}

/** Produces `events` to `topic` in sendBatch calls of `batch`, awaiting each (acks=-1). */
export async function produceAll(kafka: Kafka, topic: string, events: CanonicalEvent[], batch = 500): Promise<{ start: number; end: number }> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const messages = events.map((e) => toKafkaMessage(e, topic)).map(({ key, value, headers }) => ({ key, value, headers }));
  const send = (slice: typeof messages) => producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic, messages: slice }] });
  await send(messages.slice(0, 1)); // the idempotent producer's id is fetched outside the timing
  const start = nowMs();
  for (let i = 1; i < messages.length; i += batch) await send(messages.slice(i, i + batch));
  const end = nowMs();
  await producer.disconnect();
  return { start, end };
}

export async function createTopic(kafka: Kafka, topic: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
}

export async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

export async function rawKafkaRun(brokers: string[], n: number): Promise<RawKafkaResult> {
  const kafka = rawKafka(brokers);
  const topic = `bench-raw-${idPrefix('t').toLowerCase()}`;
  await createTopic(kafka, topic);
  try {
    const prefix = idPrefix('raw');
    const produced = await produceAll(kafka, topic, Array.from({ length: n }, (_, i) => payAward(prefix, i)));
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    let first = 0;
    let last = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          if (!first) first = nowMs();
          seen += batch.messages.length;
          if (seen >= n) {
            last = nowMs();
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return { produceEventsPerSec: (n - 1) / ((produced.end - produced.start) / 1000), consumeEventsPerSec: n / ((last - first) / 1000) };
  } finally {
    await deleteTopic(kafka, topic);
  }
}
