// What the delivery ledger costs the pipeline, on real Redis and PostgreSQL (no Kafka needed: the
// router's work per Kafka batch is what changes). Method, per Kafka-batch-sized batch of events:
//   bullmq  — the router's addBulk per target queue alone (the pipeline before the ledger);
//   ledger  — recordAccepted + recordQueued alone;
//   router  — both side by side, as RoutingService.route runs them.
// Then the worker's side: one attempt row per job, written alone and with 16 jobs in flight
// (AttemptRecorder folds those into one statement). Prints medians and p95 and the ratio to the
// BullMQ baseline measured in the same run.
//
//   npm run bench:ledger [-- --batches 40 --batch 500 --targets 3]
// Uses KAFKA-free infra from scripts/infra.sh (REDIS_URL, DATABASE_URL); writes to its own Redis
// prefix and ledger schema and removes both.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { HubConfig } from '@hub/config';
import { createRedis, DeliveryQueues, DeliveryRequest } from '@hub/delivery';
import { CanonicalEvent, eventKey, keyOfEvent } from '@hub/events';
import { AttemptRow, DeliveryLedger, runLedgerMigrations } from '@hub/ledger';
import { AttemptRecorder } from '../apps/worker/src/attempt-recorder';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BATCHES = arg('batches', 40);
const BATCH = arg('batch', 500);
const TARGETS = arg('targets', 3);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://hub:hub@127.0.0.1:5432/hub';
const run = `bench${randomBytes(3).toString('hex')}`;

const targets = Array.from({ length: TARGETS }, (_, i) => `target-${i}`);
const config = {
  targets: targets.map((id) => ({ id, tenant: 'fen', connector: 'payroll', endpoint: 'http://127.0.0.1:1', timeoutMs: 1000, concurrency: 1, retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 1000 } })),
} as unknown as HubConfig;

function event(n: number): CanonicalEvent {
  return {
    specversion: '1.0', id: `${run}-${n}`, source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: `FEN-${n}`, tenant: 'fen', time: new Date().toISOString(),
    data: { employeeId: `FEN-${n}`, name: { forename: 'Sam', surname: 'Bench' }, employment: { grade: 'SO2', costCentre: 'FEN100', annualSalary: { amountMinor: 3150000, currency: 'GBP' } } },
  };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (x: number) => x.toFixed(2).padStart(8);

async function main() {
  const redis = createRedis(redisUrl, 'bench-ledger');
  const queues = new DeliveryQueues(redis, run, config);
  const schema = `ledger_${run}`;
  await runLedgerMigrations(databaseUrl, { schema });
  const ledger = DeliveryLedger.connect(databaseUrl, schema, { max: 10 });
  let n = 0;
  const batch = () => {
    const events = Array.from({ length: BATCH }, () => event(n++));
    const at = new Date();
    const requests: DeliveryRequest[] = [];
    const queued = [];
    for (const e of events) {
      const key = keyOfEvent(e);
      for (const target of targets) {
        requests.push({ target, data: { target, eventKey: key, event: e } });
        queued.push({ eventKey: key, target, tenant: e.tenant, at });
      }
    }
    return { requests, accepted: events.map((e) => ({ eventKey: keyOfEvent(e), event: e, acceptedAt: at })), queued };
  };
  const modes = {
    bullmq: async (b: ReturnType<typeof batch>) => queues.enqueue(b.requests),
    ledger: async (b: ReturnType<typeof batch>) => {
      await ledger.recordAccepted(b.accepted);
      await ledger.recordQueued(b.queued);
    },
    router: async (b: ReturnType<typeof batch>) => {
      await Promise.all([queues.enqueue(b.requests), modes.ledger(b)]);
    },
  };
  try {
    for (const mode of Object.keys(modes) as (keyof typeof modes)[]) for (let i = 0; i < 3; i++) await modes[mode](batch()); // warm-up
    const times: Record<string, number[]> = { bullmq: [], ledger: [], router: [] };
    // Interleaved, so drift in the machine's load hits every mode alike.
    for (let i = 0; i < BATCHES; i++) {
      for (const mode of Object.keys(modes) as (keyof typeof modes)[]) {
        const b = batch();
        const t0 = process.hrtime.bigint();
        await modes[mode](b);
        times[mode].push(ms(t0));
      }
    }
    const base = pct(times.bullmq, 50);
    console.log(`router work per Kafka batch: ${BATCHES} batches × ${BATCH} events × ${TARGETS} targets (${BATCH * TARGETS} jobs per batch)`);
    console.log('mode       median ms   p95 ms   events/s   ×bullmq');
    for (const [mode, xs] of Object.entries(times)) {
      const med = pct(xs, 50);
      console.log(`${mode.padEnd(8)} ${fmt(med)} ${fmt(pct(xs, 95))} ${String(Math.round((BATCH * 1000) / med)).padStart(10)} ${(med / base).toFixed(2).padStart(9)}`);
    }

    // Worker side: one row per finished attempt.
    const rows = (k: number): AttemptRow[] => Array.from({ length: k }, () => ({ eventKey: eventKey('fen', 'urn:bench', `${run}-a${n++}`), target: 'target-0', tenant: 'fen', attempt: 1, outcome: 'delivered', at: new Date() }));
    const single: number[] = [];
    for (const r of rows(300)) {
      const t0 = process.hrtime.bigint();
      await ledger.recordAttempts([r]);
      single.push(ms(t0));
    }
    const recorder = new AttemptRecorder(ledger);
    const all = rows(3200);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < all.length; i += 16) await Promise.all(all.slice(i, i + 16).map((r) => recorder.record(r)));
    const grouped = ms(t0);
    console.log(`\nworker: one attempt row alone   median ${pct(single, 50).toFixed(2)} ms, p95 ${pct(single, 95).toFixed(2)} ms`);
    console.log(`worker: 16 jobs in flight        ${Math.round((all.length * 1000) / grouped)} rows/s (${(grouped / (all.length / 16)).toFixed(2)} ms per 16)`);
  } finally {
    await ledger.close();
    const admin = new Pool({ connectionString: databaseUrl, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    await queues.close();
    for (let cursor = '0'; ; ) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      if ((cursor = next) === '0') break;
    }
    redis.disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
