// What one delivery costs Redis and one event costs PostgreSQL, measured with the hub's own code on
// the real stores, for sizing a deployment (docs/deployment.md, "Sizing for thirty forces").
//
// Redis: the router's enqueue (DeliveryQueues.enqueue: one addBulk of 500 per target queue, with the
// hub's job options and retention) of `--deliveries` pay-award deliveries over `--targets` queues;
// bytes per waiting delivery. Then a BullMQ worker completes them all with a receipt the size of a
// target's, and the same again per completed delivery, which the queues keep for a day (at most
// 50,000 per queue: KEEP_COMPLETED). Each figure two ways: the growth of INFO memory's used_memory
// (what the server holds; on a Redis others use at the same time it moves with their keys too) and
// the sum of MEMORY USAGE over the bench's own keys (only ours; Redis' estimate of each key).
//
// PostgreSQL: `--events` pay awards written as the router writes them (DeliveryLedger.recordRouted,
// batches of 500, each event to `--targets` ordered targets) and each delivery's attempts as the
// worker records them (`--attempts`: the last delivered, any before it retrying after a transient
// failure; the ledger keeps a delivery's attempts on its row, so more are updates, not rows), into a
// fresh ledger schema; then VACUUM ANALYZE, as autovacuum would, and bytes per event from
// pg_total_relation_size (tables, their TOAST and indexes) over the schema, less the empty schema's.
//
//   npm run bench:sizing [-- --deliveries 60000 --events 20000 --targets 1 --attempts 1]
// Needs REDIS_URL and DATABASE_URL (scripts/infra.sh); uses its own Redis prefix and ledger schema
// and removes both, also when it fails.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { HubConfig } from '@hub/config';
import { DeliveryErrorCode } from '@hub/connector-sdk';
import { createRedis, deliveryQueuePrefix, DeliveryQueues, DeliveryRequest } from '@hub/delivery';
import { keyOfEvent } from '@hub/events';
import { AttemptRow, DeliveryLedger, RoutedRow, runLedgerMigrations } from '@hub/ledger';
import { waitFor } from '@hub/testing';
import { idPrefix, payAward } from './lib/events';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const n = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const DELIVERIES = arg('deliveries', 60_000);
const EVENTS = arg('events', 20_000);
const TARGETS = arg('targets', 1);
const ATTEMPTS = arg('attempts', 1);
const BATCH = 500;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://hub:hub@127.0.0.1:5432/hub';
const run = `sizing${randomBytes(3).toString('hex')}`;
const targets = Array.from({ length: TARGETS }, (_, i) => `payroll-${i}`);
const config = {
  targets: targets.map((id) => ({ id, tenant: 'fen', connector: 'payroll', endpoint: 'http://127.0.0.1:1', timeoutMs: 10_000, concurrency: 8, retry: { attempts: 6, backoffMs: 1000, maxBackoffMs: 60_000 } })),
} as unknown as HubConfig;
/** What a target's acknowledgement leaves in a completed job: a status and the target's reference. */
const RECEIPT = { status: 201, reference: 'PAYCHG-2027-0001234567' };

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

/** MEMORY USAGE summed over every key under the bench's prefix. */
async function ownBytes(redis: Redis): Promise<{ keys: number; bytes: number }> {
  let keys = 0;
  let bytes = 0;
  for (let cursor = '0'; ; ) {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 1000);
    if (found.length) {
      const pipeline = redis.pipeline();
      for (const k of found) pipeline.memory('USAGE', k, 'SAMPLES', '0');
      for (const [err, n] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        bytes += Number(n ?? 0);
      }
      keys += found.length;
    }
    if ((cursor = next) === '0') break;
  }
  return { keys, bytes };
}

async function removeOwnKeys(redis: Redis): Promise<void> {
  for (let cursor = '0'; ; ) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    if ((cursor = next) === '0') break;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

async function redisSizing(): Promise<void> {
  const redis = createRedis(redisUrl, 'bench-sizing');
  const queues = new DeliveryQueues(redis, run, config);
  const prefix = idPrefix('sizing');
  let workers: Worker[] = [];
  const connections: Redis[] = [];
  try {
    // Each queue's own keys (meta, events stream) exist before the baseline: what is measured is per delivery.
    await queues.enqueue(targets.map((target, i) => ({ target, data: { target, eventKey: keyOfEvent(payAward(`${prefix}W`, i)), event: payAward(`${prefix}W`, i) } })));
    await Promise.all(queues.all().map((q) => q.drain()));
    const before = { used: await usedMemory(redis), own: await ownBytes(redis) };
    for (let n = 0; n < DELIVERIES; ) {
      const requests: DeliveryRequest[] = [];
      for (const end = Math.min(DELIVERIES, n + BATCH * TARGETS); n < end; n++) {
        const event = payAward(prefix, n);
        const target = targets[n % TARGETS];
        requests.push({ target, data: { target, eventKey: keyOfEvent(event), event } });
      }
      await queues.enqueue(requests);
    }
    const waiting = { used: await usedMemory(redis), own: await ownBytes(redis) };
    const counts = await Promise.all(queues.all().map((q) => q.getWaitingCount()));
    if (counts.reduce((a, b) => a + b, 0) !== DELIVERIES) throw new Error(`queued ${counts.join('+')} jobs, expected ${DELIVERIES}`);

    // Completed the way a worker completes them: the receipt is the job's return value.
    // A worker given a connection leaves it open when it closes: each has its own, ended below.
    workers = targets.map((t) => {
      const connection = redis.duplicate();
      connections.push(connection);
      return new Worker(queues.queue(t).name, async () => RECEIPT, { connection, prefix: deliveryQueuePrefix(run, t), concurrency: 50, autorun: false });
    });
    for (const w of workers) void w.run();
    const completedCount = async () => (await Promise.all(queues.all().map((q) => q.getCompletedCount()))).reduce((a, b) => a + b, 0);
    // KEEP_COMPLETED keeps at most 50,000 a queue: past that the oldest go as the newest come.
    const kept = targets.reduce((sum, _, i) => sum + Math.min(50_000, Math.floor(DELIVERIES / TARGETS) + (i < DELIVERIES % TARGETS ? 1 : 0)), 0);
    await waitFor('every delivery completed', async () => (await completedCount()) >= kept && (await Promise.all(queues.all().map((q) => q.getWaitingCount()))).every((c) => c === 0), 600_000, 500);
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
    const completed = { used: await usedMemory(redis), own: await ownBytes(redis), count: await completedCount() };

    const per = (a: { used: number; own: { bytes: number } }, n: number) => ({ used: (a.used - before.used) / n, own: (a.own.bytes - before.own.bytes) / n });
    const w = per(waiting, DELIVERIES);
    const c = per(completed, completed.count);
    console.log(`Redis ${redisUrl.replace(/:[^:@/]*@/, ':***@')}: ${fmt(DELIVERIES)} pay-award deliveries over ${TARGETS} queue(s), prefix ${run}`);
    console.log('                         used_memory growth   MEMORY USAGE of own keys   per delivery (used / own)');
    console.log(`waiting (queued)         ${fmt(waiting.used - before.used).padStart(16)} B   ${fmt(waiting.own.bytes - before.own.bytes).padStart(18)} B         ${fmt(w.used)} / ${fmt(w.own)} B`);
    console.log(`completed (kept a day)   ${fmt(completed.used - before.used).padStart(16)} B   ${fmt(completed.own.bytes - before.own.bytes).padStart(18)} B         ${fmt(c.used)} / ${fmt(c.own)} B  (${fmt(completed.count)} kept)`);
    console.log(`per million waiting: ${((w.used * 1e6) / 2 ** 20).toFixed(0)} MiB by used_memory, ${((w.own * 1e6) / 2 ** 20).toFixed(0)} MiB by MEMORY USAGE`);
    console.log(`JSON ${JSON.stringify({ redis: { deliveries: DELIVERIES, targets: TARGETS, waitingBytesPerDelivery: { usedMemory: Math.round(w.used), memoryUsage: Math.round(w.own) }, completedBytesPerDelivery: { usedMemory: Math.round(c.used), memoryUsage: Math.round(c.own) }, completedKept: completed.count } })}`);
  } finally {
    await Promise.all(workers.map((w) => w.close(true)));
    for (const c of connections) c.disconnect();
    await queues.close();
    await removeOwnKeys(redis);
    redis.disconnect();
  }
}

async function postgresSizing(): Promise<void> {
  const schema = `ledger_${run}`;
  const admin = new Pool({ connectionString: databaseUrl, max: 1 });
  const schemaBytes = async () => {
    const { rows } = await admin.query<{ bytes: string; tables: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes, count(*)::int AS tables
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
      [schema],
    );
    return Number(rows[0].bytes);
  };
  const perTable = async () => {
    const { rows } = await admin.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm') ORDER BY 2 DESC`,
      [schema],
    );
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  };
  let ledger: DeliveryLedger | undefined;
  try {
    await runLedgerMigrations(databaseUrl, { schema });
    ledger = DeliveryLedger.connect(databaseUrl, schema, { max: 4, application_name: 'bench-sizing' });
    const empty = await schemaBytes();
    const emptyTables = new Map((await perTable()).map((t) => [t.name, t.bytes]));
    const prefix = idPrefix('sizing');
    let orderKey = Date.now() * 1000;
    for (let n = 0; n < EVENTS; ) {
      const at = new Date();
      const accepted = [];
      const routed: RoutedRow[] = [];
      for (const end = Math.min(EVENTS, n + BATCH); n < end; n++) {
        const event = payAward(prefix, n);
        const eventKey = keyOfEvent(event);
        accepted.push({ eventKey, event, acceptedAt: at });
        for (const target of targets) routed.push({ eventKey, target, tenant: event.tenant, subject: event.subject!, orderKey: orderKey++, ordered: true, role: 'primary', landscapeVersion: 1, at });
      }
      const { queued } = await ledger.recordRouted(accepted, routed, at);
      if (queued.length !== routed.length) throw new Error(`the ledger queued ${queued.length} of ${routed.length} deliveries`);
      // One row per attempt, as the worker records them (AttemptRecorder writes them in groups).
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const last = attempt === ATTEMPTS;
        const rows: AttemptRow[] = routed.map((r) => ({
          eventKey: r.eventKey,
          target: r.target,
          tenant: r.tenant,
          attempt,
          outcome: last ? ('delivered' as const) : ('retrying' as const),
          ...(last ? { reference: RECEIPT.reference } : { error: { code: DeliveryErrorCode.TargetUnreachable, message: 'connect ECONNREFUSED 10.0.0.1:443' } }),
          at: new Date(),
        }));
        await ledger.recordAttempts(rows);
      }
    }
    for (const t of (await perTable()).map((t) => t.name)) await admin.query(`VACUUM ANALYZE "${schema}"."${t}"`);
    const full = await schemaBytes();
    const perEvent = (full - empty) / EVENTS;
    console.log(`\nPostgreSQL: ${fmt(EVENTS)} pay awards, each to ${TARGETS} target(s), ${ATTEMPTS} attempt(s) a delivery, schema ${schema}`);
    console.log(`schema: ${fmt(empty)} B empty, ${fmt(full)} B after (tables, TOAST, indexes, after VACUUM ANALYZE): ${fmt(perEvent)} B per event`);
    for (const t of (await perTable()).filter((x) => x.bytes - (emptyTables.get(x.name) ?? 0) > 0)) {
      console.log(`  ${t.name.padEnd(28)} ${fmt((t.bytes - (emptyTables.get(t.name) ?? 0)) / EVENTS).padStart(7)} B per event`);
    }
    console.log(`per million events: ${((perEvent * 1e6) / 2 ** 30).toFixed(2)} GiB`);
    console.log(`JSON ${JSON.stringify({ postgresql: { events: EVENTS, targets: TARGETS, attempts: ATTEMPTS, bytesPerEvent: Math.round(perEvent) } })}`);
  } finally {
    await ledger?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

async function main() {
  await redisSizing();
  await postgresSizing();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
