import type { EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { KafkajsConsumer, retryDelay } from './kafkajs-consumer';

/** A kafkajs stand-in: each consumer() is a fake whose eachBatch the test drives and whose CRASH it fires. */
function fakeKafka() {
  const consumers: { eachBatch?: (p: EachBatchPayload) => Promise<void>; crash?: (e: unknown) => void; disconnect: jest.Mock }[] = [];
  const kafka = {
    consumer: jest.fn(() => {
      const c: (typeof consumers)[number] = { disconnect: jest.fn(async () => undefined) };
      consumers.push(c);
      return {
        events: { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' },
        on: (event: string, listener: (e: unknown) => void) => void (event === 'consumer.crash' ? (c.crash = listener) : undefined),
        connect: async () => undefined,
        subscribe: async () => undefined,
        run: async (o: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => void (c.eachBatch = o.eachBatch),
        disconnect: c.disconnect,
      };
    }),
  } as unknown as Kafka;
  return { kafka, consumers };
}

const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const logger = { ...quiet, child: () => quiet } as unknown as Logger;

function payload(o: { stale?: () => boolean } = {}) {
  const heartbeat = jest.fn(async () => undefined);
  const p = {
    batch: { topic: 't', partition: 0, firstOffset: () => '0', offsetLag: () => '0', messages: [{ offset: '0', key: Buffer.from('FEN-1'), value: Buffer.from('{}'), headers: {}, timestamp: '0' }] },
    resolveOffset: jest.fn(),
    heartbeat,
    isRunning: () => true,
    isStale: o.stale ?? (() => false),
  } as unknown as EachBatchPayload;
  return { p, heartbeat };
}

describe('KafkajsConsumer', () => {
  it('tries a failed batch again in place, heartbeating while it waits, until the handler succeeds', async () => {
    const { kafka, consumers } = fakeKafka();
    const handler = jest.fn().mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432')).mockRejectedValueOnce(new Error('still down')).mockResolvedValue(undefined);
    const sut = new KafkajsConsumer(kafka, 'g', { sessionTimeoutMs: 10_000, heartbeatMs: 5, logger, retryMs: 20, maxRetryMs: 40 });
    await sut.start(['t'], handler, { partitions: 1 });
    const { p, heartbeat } = payload();

    await consumers[0].eachBatch!(p);
    expect(handler).toHaveBeenCalledTimes(3);
    expect(handler.mock.calls[0][0]).toMatchObject({ messages: [{ topic: 't', partition: 0, key: 'FEN-1', offset: '0' }] });
    expect(p.resolveOffset).toHaveBeenCalledWith('0');
    expect(heartbeat.mock.calls.length).toBeGreaterThan(0);
  });

  it('hands the batch back to kafkajs once its partition went elsewhere, instead of trying again', async () => {
    const { kafka, consumers } = fakeKafka();
    const handler = jest.fn().mockRejectedValue(new Error('Redis is away'));
    const sut = new KafkajsConsumer(kafka, 'g', { sessionTimeoutMs: 10_000, heartbeatMs: 5, logger, retryMs: 20, maxRetryMs: 40 });
    await sut.start(['t'], handler, { partitions: 1 });
    let stale = false;
    const { p } = payload({ stale: () => stale });
    const run = consumers[0].eachBatch!(p);
    stale = true;
    await expect(run).rejects.toThrow();
    expect(handler.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('joins the group again when kafkajs crashes and will not restart, and not when it will', async () => {
    const { kafka, consumers } = fakeKafka();
    const sut = new KafkajsConsumer(kafka, 'g', { sessionTimeoutMs: 10_000, heartbeatMs: 1_000, logger });
    jest.useFakeTimers();
    try {
      await sut.start(['t'], jest.fn(), { partitions: 1 });
      consumers[0].crash!({ payload: { error: new Error('retriable'), restart: true } });
      await jest.advanceTimersByTimeAsync(60_000);
      expect(consumers).toHaveLength(1);

      consumers[0].crash!({ payload: { error: new TypeError('not retriable'), restart: false } });
      await jest.advanceTimersByTimeAsync(1_000);
      expect(consumers).toHaveLength(2);
      await sut.stop();
      expect(consumers[1].disconnect).toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('waits between half and all of a doubling delay, capped', () => {
    expect([0, 1, 2, 3].map((n) => retryDelay(n, 500, 3_000, () => 1))).toEqual([500, 1000, 2000, 3000]);
    expect(retryDelay(1, 500, 3_000, () => 0)).toBe(500);
  });
});
