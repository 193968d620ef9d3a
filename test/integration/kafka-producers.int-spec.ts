// Both producer drivers on real Kafka: what @platformatic/kafka writes is what kafkajs writes (the
// same binary-mode CloudEvent, on the same partition for a subject, so order holds across a switch
// of driver), and the whole hub on it accepts, de-duplicates and delivers.
import { randomBytes } from 'node:crypto';
import { CanonicalEvent, fromKafkaMessage, toKafkaMessage } from '@hub/events';
import { EventProducer, InboundMessage, KafkajsEventBus } from '@hub/kafka';
import { createLogger } from '@hub/observability';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape } from '@test/support';

const brokers = () => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('Kafka producer drivers', () => {
  const bus = (driver: 'kafkajs' | 'platformatic') => new KafkajsEventBus(brokers(), `test-${driver}`, createLogger('error'), driver);
  const topic = `t${randomBytes(4).toString('hex')}.producers`;
  const admin = bus('kafkajs').admin();

  beforeAll(async () => {
    await admin.ensureTopics([topic], 3);
  });
  afterAll(async () => {
    await admin.deleteTopics([topic]);
    await admin.close();
  });

  async function publishAll(producer: EventProducer, events: CanonicalEvent[]): Promise<void> {
    await producer.connect();
    try {
      // Concurrent publishes, as the API makes them: coalesced into shared requests.
      await Promise.all(events.map((e) => producer.publish([toKafkaMessage(e, topic)])));
    } finally {
      await producer.disconnect();
    }
  }

  it('writes the same messages as kafkajs, each subject on the same partition', async () => {
    const subjects = Array.from({ length: 40 }, (_, i) => `FEN-${String(i).padStart(6, '0')}`);
    // Every other event without a time and with extensions: only the attributes an event has are written.
    const time = new Date().toISOString();
    const shaped = (s: string, i: number): CanonicalEvent => {
      const { time: _time, ...e } = joiner('fen', { subject: s });
      return i % 2 ? { ...e, extensions: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', comexampleextension: `v${i}` } } : { ...e, time };
    };
    const byDriver = { kafkajs: subjects.map(shaped), platformatic: subjects.map(shaped) };
    await publishAll(bus('kafkajs').producer(), byDriver.kafkajs);
    await publishAll(bus('platformatic').producer(), byDriver.platformatic);

    const read: InboundMessage[] = [];
    const consumer = bus('kafkajs').consumer(`${topic}-reader`);
    await consumer.start([topic], async (batch) => void read.push(...batch.messages), { partitions: 3 });
    try {
      await waitFor('both drivers’ messages', () => read.length >= 80 || undefined, 30_000);
    } finally {
      await consumer.stop();
    }
    const partitionOf = new Map(read.map((m) => [fromKafkaMessage(m).id, m.partition]));
    const events = new Map(read.map((m) => [fromKafkaMessage(m).id, fromKafkaMessage(m)]));
    // The same headers, but for the id: no driver adds or drops one (ce_time, ce_partitionkey…).
    const headersOf = new Map(read.map((m) => [fromKafkaMessage(m).id, (({ ce_id: _id, ...rest }) => rest)(m.headers)]));
    subjects.forEach((_, i) => {
      const [a, b] = [byDriver.kafkajs[i], byDriver.platformatic[i]];
      expect(events.get(b.id)).toEqual({ ...b, datacontenttype: 'application/json', dataschema: undefined, time: b.time });
      expect(partitionOf.get(b.id)).toBe(partitionOf.get(a.id));
      expect(headersOf.get(b.id)).toEqual(headersOf.get(a.id));
      expect(headersOf.get(b.id)).not.toHaveProperty('ce_partitionkey');
      if (i % 2) expect(headersOf.get(b.id)).not.toHaveProperty('ce_time');
    });
    expect(new Set(read.map((m) => m.partition)).size).toBe(3);
  });
});

describe('the hub producing with @platformatic/kafka', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ env: { KAFKA_PRODUCER: 'platformatic' } });
  });
  afterAll(async () => {
    await l?.close();
  });

  it('accepts a batch, answers a re-post as a duplicate, and delivers each event once', async () => {
    const batch = [joiner('fen'), joiner('moor'), joiner('vale')];
    const first = await l.post(batch, { 'content-type': 'application/cloudevents-batch+json' });
    expect(first.status).toBe(202);
    expect(first.body.accepted.map((a: { duplicate: boolean }) => a.duplicate)).toEqual([false, false, false]);
    for (const e of batch) await l.waitForTrace(e, 'delivered');
    const again = await l.post(batch, { 'content-type': 'application/cloudevents-batch+json' });
    expect(again.body.accepted.map((a: { duplicate: boolean }) => a.duplicate)).toEqual([true, true, true]);
    expect(l.received()).toEqual({ fen: [batch[0].subject], moor: [batch[1].subject], vale: [batch[2].subject] });
    for (const force of ['fen', 'moor', 'vale'] as const) expect(l.payroll[force].calls).toHaveLength(1);
  });
});
