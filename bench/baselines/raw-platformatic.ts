// Baseline for the Kafka client itself: @platformatic/kafka, a maintained pure-JS client, producing
// the same messages as the kafkajs baseline with the same settings (idempotent, acks from all
// in-sync replicas, batches of 500 awaited in turn) to a topic of the same shape. It answers
// whether replacing kafkajs behind libs/kafka would pay.
import { toKafkaMessage } from '@hub/events';
import { loadPlatformaticKafka } from '../../libs/kafka/src/platformatic/platformatic-kafka';
import { nowMs } from '../lib/counting-sink';
import { idPrefix, payAward } from '../lib/events';
import { createTopic, deleteTopic, rawKafka } from './raw-kafka';

export async function rawPlatformaticRun(brokers: string[], n: number, batch = 500): Promise<{ produceEventsPerSec: number }> {
  const admin = rawKafka(brokers);
  const topic = `bench-rawp-${idPrefix('t').toLowerCase()}`;
  await createTopic(admin, topic);
  const { ProduceAcks, Producer, stringSerializers } = loadPlatformaticKafka();
  const producer = new Producer({ clientId: 'bench-raw-platformatic', bootstrapBrokers: brokers, idempotent: true, acks: ProduceAcks.ALL, serializers: stringSerializers });
  try {
    const prefix = idPrefix('rawp');
    const messages = Array.from({ length: n }, (_, i) => {
      const { key, value, headers } = toKafkaMessage(payAward(prefix, i), topic);
      return { topic, key, value: String(value), headers };
    });
    await producer.send({ messages: messages.slice(0, 1) }); // connect and init the idempotent producer outside the timing
    const start = nowMs();
    for (let i = 1; i < n; i += batch) await producer.send({ messages: messages.slice(i, i + batch) });
    return { produceEventsPerSec: (n - 1) / ((nowMs() - start) / 1000) };
  } finally {
    await producer.close();
    await deleteTopic(admin, topic);
  }
}
