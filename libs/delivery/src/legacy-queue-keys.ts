import type { Redis } from 'ioredis';
import { queueName } from './delivery-job';
import { deliveryQueuePrefix } from './redis-keys';

/**
 * The delivery queues' BullMQ prefix before it carried a hash tag (release 0.1.0): `P:bull`, so
 * target T's queue was under `P:bull:delivery-T:*`. Read only by the upgrade below.
 */
const LEGACY_QUEUE_KEY = (redisPrefix: string) => new RegExp(`^${redisPrefix.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}:bull:delivery-([a-z][a-z0-9-]*):(.*)$`, 's');

export interface LegacyRename {
  /** Keys moved to their hash-tagged names. */
  renamed: number;
  /** Keys left where they were, because a key of the new name exists already (a role of the new release wrote it). */
  kept: string[];
}

/** The hub's role connections are named `erp-hub-<role>` (DeliveryModule, the backfill worker). */
export async function hubClientsConnected(redis: Redis): Promise<string[]> {
  const list = (await redis.client('LIST')) as string;
  return [...list.matchAll(/\bname=(erp-hub-\S+)/g)].map((m) => m[1]);
}

/**
 * Upgrade of one Redis node from 0.1.0's key layout: renames every key of every delivery queue from
 * `P:bull:delivery-T:<key>` to `P:bull:{T}:delivery-T:<key>` (RENAMENX: a key keeps its value and
 * its expiry). BullMQ's keys hold job ids, never key names (the hub makes no flows), so the queue is
 * whole again under its new prefix: waiting, delayed and failed jobs, completed ones (which absorb
 * redeliveries), its pause and its rate-limit hold. Run it while no role of the hub is connected:
 * a worker of the old release would otherwise recreate keys under the old names.
 */
export async function renameLegacyQueueKeys(redis: Redis, redisPrefix: string): Promise<LegacyRename> {
  const legacy = LEGACY_QUEUE_KEY(redisPrefix);
  const result: LegacyRename = { renamed: 0, kept: [] };
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:bull:delivery-*`, 'COUNT', 1000);
    for (const key of keys) {
      const m = legacy.exec(key);
      if (!m) continue;
      const [, target, rest] = m;
      const renamed = `${deliveryQueuePrefix(redisPrefix, target)}:${queueName(target)}:${rest}`;
      if ((await redis.renamenx(key, renamed)) === 1) result.renamed++;
      else result.kept.push(key);
    }
    cursor = next;
  } while (cursor !== '0');
  return result;
}
