/**
 * Every Redis key the hub writes, built only here, from REDIS_PREFIX (`P`, never with braces:
 * settings.ts refuses them). The layout is a contract: renaming a key is an upgrade step
 * (CHANGELOG.md), not a refactor.
 *
 *   P:bull:{T}:delivery-T:*   BullMQ's keys of target T's delivery queue: its BullMQ prefix is
 *                             deliveryQueuePrefix(P, T), so every key of the queue carries the
 *                             hash tag `{T}` and sits in one Redis Cluster slot;
 *   P:target:T:breaker        T's circuit breaker (JSON), shared by every worker process;
 *   P:target:T:pause          who paused T's queue, when and why (JSON), while it is paused;
 *   P:seen:<event key>        an accepted (source, id), for duplicate detection (expires: DEDUPE_TTL_SECONDS);
 *   P:gateway:seen:<drop>     a hash of the files a drop directory processed (never expires).
 * Every key starts with `P:`, so `SCAN MATCH P:*` (on every master of a cluster) finds them all.
 *
 * Redis Cluster runs a command or a Lua script only on keys of one slot (CROSSSLOT otherwise), and
 * a slot is taken from the key's first `{...}` when it has one. What the hub asks of it:
 * - BullMQ's scripts touch many keys of one queue at once, never two queues (the hub makes no
 *   flows): one hash tag per queue suffices, and BullMQ's guide (docs.bullmq.io, "Redis Cluster")
 *   advises distinct tags so queues spread over the nodes. One tag for everything (`{P}`) would put
 *   every queue, every queued delivery and every dedupe key on one node: a cluster that adds
 *   failover but no memory or throughput. A tag per queue costs what no part of the hub needs:
 *   an atomic step across targets.
 * - The hub's own keys are each read and written by single-key commands (GET, SET NX, HGET, the
 *   breaker's one-key compare-and-set script), so they need no tag and keep the names they had
 *   before clusters. Where the hub reads or writes several at once (a batch's dedupe keys, every
 *   target's breaker or pause, several queues' jobs), redis.ts's `readEach`/`writeEach` and
 *   DeliveryQueues.inspect send the keys of different slots apart on a cluster.
 * - The tag is the target id alone, not `P:T`: two hubs on one cluster with the same target id
 *   share a slot, which costs nothing but that slot's share of the load.
 */
export function deliveryQueuePrefix(redisPrefix: string, targetId: string): string {
  return `${redisPrefix}:bull:{${targetId}}`;
}

/** The hub's keys under one REDIS_PREFIX (see the contract above). */
export function hubRedisKeys(redisPrefix: string) {
  return {
    prefix: redisPrefix,
    /** The BullMQ prefix of target T's delivery queue, for its Queue and its Worker alike. */
    queuePrefix: (targetId: string) => deliveryQueuePrefix(redisPrefix, targetId),
    breaker: (targetId: string) => `${redisPrefix}:target:${targetId}:breaker`,
    pause: (targetId: string) => `${redisPrefix}:target:${targetId}:pause`,
    seen: (eventKey: string) => `${redisPrefix}:seen:${eventKey}`,
    gatewaySeen: (dropId: string) => `${redisPrefix}:gateway:seen:${dropId}`,
    /** A SCAN pattern matching every key above. */
    all: `${redisPrefix}:*`,
  };
}

export type HubRedisKeys = ReturnType<typeof hubRedisKeys>;
