import IORedis, { Cluster, Redis, RedisOptions } from 'ioredis';
import type { HubSettings } from '@hub/config';

/** A connection to one Redis node or to a Redis Cluster: the hub's stores and BullMQ take either. */
export type HubRedis = Redis | Cluster;

/** Where the hub's Redis is: REDIS_URL, or REDIS_CLUSTER_NODES with REDIS_URL's credentials and TLS. */
export type RedisEndpoint = Pick<HubSettings, 'redisUrl' | 'redisClusterNodes'>;

/**
 * `maxRetriesPerRequest: null` is what BullMQ workers require; callers that must fail fast
 * (the API's readiness, ingest) bound their own waits. `protocol: 2`: ioredis 6 speaks RESP3 by
 * default, which BullMQ (tested on ioredis 5) and our Lua compare-and-set were not written for;
 * RESP2 keeps every reply shape as it was. BullMQ's duplicates (its blocking connection) inherit it.
 */
const nodeOptions = (name: string): RedisOptions => ({ maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name, protocol: 2 });

/** One connection to one Redis node, with the options above (`extra` on top). */
export function createRedis(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new IORedis(url, { ...nodeOptions(name), lazyConnect: false, ...extra });
}

/**
 * One connection per process role, shared by BullMQ queues, workers and the hub's stores: an
 * ioredis Cluster when REDIS_CLUSTER_NODES names seed nodes (it learns the others and the slots
 * from them, and follows MOVED/ASK as slots move), one node (REDIS_URL) otherwise. On a cluster
 * every node connection gets the same options as the single one, and REDIS_URL's user, password
 * and TLS (`rediss://`); its host, port and database number do not apply (a cluster has only db 0).
 */
export function connectRedis(endpoint: RedisEndpoint, name: string, extra: RedisOptions = {}): HubRedis {
  if (endpoint.redisClusterNodes.length === 0) return createRedis(endpoint.redisUrl, name, extra);
  const url = new URL(endpoint.redisUrl);
  const credentials: RedisOptions = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const { lazyConnect, enableAutoPipelining, ...perNode } = extra;
  return new Cluster(
    endpoint.redisClusterNodes.map((n) => ({ host: n.host, port: n.port })),
    { enableReadyCheck: true, lazyConnect: lazyConnect ?? false, enableAutoPipelining: enableAutoPipelining ?? false, redisOptions: { ...nodeOptions(name), ...credentials, ...perNode } as Cluster['options']['redisOptions'] },
  );
}

/** Resolves when the connection answers PING, rejects after `timeoutMs`. */
export async function pingRedis(redis: HubRedis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The values of several keys that need not share a slot (redis-keys.ts): one MGET on one node; on a
 * cluster one GET each, sent together, each to its key's node (an MGET across slots is CROSSSLOT, a
 * pipeline across nodes is refused by ioredis).
 */
export async function getEach(redis: HubRedis, keys: readonly string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  if (redis.isCluster) return Promise.all(keys.map((k) => redis.get(k)));
  return redis.mget([...keys]);
}

/** SET key value EX ttlSeconds for keys that need not share a slot: one pipeline on one node, one SET each on a cluster. */
export async function setEachExpiring(redis: HubRedis, entries: readonly (readonly [key: string, value: string])[], ttlSeconds: number): Promise<void> {
  if (entries.length === 0) return;
  if (redis.isCluster) {
    await Promise.all(entries.map(([k, v]) => redis.set(k, v, 'EX', ttlSeconds)));
    return;
  }
  const replies = (await redis.pipeline(entries.map(([k, v]) => ['set', k, v, 'EX', String(ttlSeconds)])).exec()) ?? [];
  const failed = replies.find(([err]) => err);
  if (failed) throw failed[0];
}

/**
 * Removes every key matching `pattern` (a SCAN pattern) and answers how many: on a cluster, from
 * every master, each key by itself (a DEL of keys of several slots is CROSSSLOT even on one node).
 */
export async function removeMatching(redis: HubRedis, pattern: string): Promise<number> {
  let removed = 0;
  for (const node of redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis]) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) {
        await node.pipeline(keys.map((k) => ['unlink', k])).exec();
        removed += keys.length;
      }
      cursor = next;
    } while (cursor !== '0');
  }
  return removed;
}
