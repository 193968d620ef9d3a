import { QueueKeys } from 'bullmq';
import { queueName } from './delivery-job';
import { deliveryQueuePrefix, hubRedisKeys } from './redis-keys';

/**
 * The hash tag Redis Cluster takes a key's slot from: what lies between the first `{` and the
 * first `}` after it, when that is not empty; the whole key otherwise (redis.io, cluster spec,
 * "Hash tags"). The integration spec redis-cluster.int-spec.ts asks a real cluster the same.
 */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Every key BullMQ makes for one queue and one of its jobs, as BullMQ itself names them. */
function bullmqKeysOf(prefix: string, queue: string): string[] {
  const keys = new QueueKeys(prefix);
  const job = keys.toKey(queue, 'delivery-payroll-fen-abc');
  return [...Object.values(keys.getKeys(queue)), job, `${job}:lock`, `${job}:logs`, keys.toKey(queue, 'de:some-id')];
}

describe('deliveryQueuePrefix', () => {
  it('is REDIS_PREFIX, then bull, then the target id as a hash tag', () => {
    expect(deliveryQueuePrefix('hub', 'payroll-fen')).toBe('hub:bull:{payroll-fen}');
  });

  it('puts every key BullMQ makes for a queue in one cluster slot: the queue\'s own tag', () => {
    for (const target of ['payroll-fen', 'erp-moor', 'ledger-vale']) {
      const keys = bullmqKeysOf(deliveryQueuePrefix('hub-t1', target), queueName(target));
      expect(keys.length).toBeGreaterThan(15);
      expect(new Set(keys.map(hashTag))).toEqual(new Set([target]));
      for (const k of keys) expect(k.startsWith(`hub-t1:bull:{${target}}:delivery-${target}:`)).toBe(true);
    }
  });

  it('gives each target\'s queue its own tag, so a cluster spreads the queues over its nodes', () => {
    const tags = ['payroll-fen', 'payroll-moor', 'payroll-vale'].map((t) => hashTag(bullmqKeysOf(deliveryQueuePrefix('hub', t), queueName(t))[0]));
    expect(new Set(tags).size).toBe(3);
  });
});

describe('hubRedisKeys', () => {
  const keys = hubRedisKeys('hub');

  it('keeps the names the hub\'s own keys had before clusters (each is used by single-key commands only)', () => {
    expect(keys.breaker('payroll-fen')).toBe('hub:target:payroll-fen:breaker');
    expect(keys.pause('payroll-fen')).toBe('hub:target:payroll-fen:pause');
    expect(keys.seen('urn:erp-hub:source:hr|evt-1')).toBe('hub:seen:urn:erp-hub:source:hr|evt-1');
    expect(keys.gatewaySeen('fen-payrun')).toBe('hub:gateway:seen:fen-payrun');
    expect(keys.queuePrefix('payroll-fen')).toBe(deliveryQueuePrefix('hub', 'payroll-fen'));
  });

  it('starts every key with the prefix, so one SCAN pattern finds them all', () => {
    const all = [keys.breaker('t'), keys.pause('t'), keys.seen('e'), keys.gatewaySeen('d'), ...bullmqKeysOf(keys.queuePrefix('t'), queueName('t'))];
    expect(keys.all).toBe('hub:*');
    for (const k of all) expect(k.startsWith('hub:')).toBe(true);
  });
});
