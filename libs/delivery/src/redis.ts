import IORedis, { Redis, RedisOptions } from 'ioredis';

/**
 * One connection per process role, shared by BullMQ queues, workers and the hub's stores.
 * `maxRetriesPerRequest: null` is what BullMQ workers require; callers that must fail fast
 * (the API's readiness, ingest) bound their own waits. `protocol: 2`: ioredis 6 speaks RESP3 by
 * default, which BullMQ (tested on ioredis 5) and our Lua compare-and-set were not written for;
 * RESP2 keeps every reply shape as it was. BullMQ's duplicates (its blocking connection) inherit it.
 */
export function createRedis(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name, lazyConnect: false, protocol: 2, ...extra });
}

/** Resolves when the connection answers PING, rejects after `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<void> {
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
