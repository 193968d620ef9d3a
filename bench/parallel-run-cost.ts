// What a parallel run's comparison costs, on real PostgreSQL: the pure comparison per event (both
// connectors' map() and canonicalFields(), the outcome and the fields), the comparer's page (ready
// shadow deliveries read, compared, written, marked), and a report and the list of runs over a
// month of comparisons. Prints medians and p95.
//
//   node -r ./test/support/ts-register.js bench/parallel-run-cost.ts [--events 20000 --days 30]
// Uses DATABASE_URL; writes to its own ledger schema and drops it.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { CanonicalEvent } from '@hub/events';
import { keyOfEvent } from '@hub/events';
import { DeliveryLedger, ParallelRunComparison, runLedgerMigrations } from '@hub/ledger';
import { SchemaRegistry } from '@hub/schema-registry';
import { validSamples } from '@hub/testing';
import { CloudErpConnector } from '@connectors/cloud-erp';
import { PayrollConnector } from '@connectors/payroll';
import { comparePair } from '../apps/worker/src/parallel-run/compare-pair';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('events', 20_000);
const DAYS = arg('days', 30);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://hub:hub@127.0.0.1:5432/hub';

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (ns: bigint) => Number(ns) / 1e6;
async function timed<T>(times: number[], work: () => Promise<T> | T): Promise<T> {
  const t = process.hrtime.bigint();
  const r = await work();
  times.push(ms(process.hrtime.bigint() - t));
  return r;
}
const line = (what: string, xs: number[], unit = 'ms') => console.log(`${what.padEnd(58)} median ${quantile(xs, 0.5).toFixed(3)} ${unit}, p95 ${quantile(xs, 0.95).toFixed(3)} ${unit} (n=${xs.length})`);

async function main(): Promise<void> {
  const registry = SchemaRegistry.load(join(__dirname, '..', 'schemas'));
  const bureau = new PayrollConnector();
  const erp = new CloudErpConnector();
  const samples = bureau.manifest.consumes.flatMap((type) => validSamples(registry, type).map((s) => ({ type, data: s.data as Record<string, any> })));
  const eventOf = (i: number): CanonicalEvent => {
    const s = samples[i % samples.length];
    const data = { ...structuredClone(s.data), employeeId: `FEN-${String(i).padStart(6, '0')}` };
    return { specversion: '1.0', id: `evt-${i}`, source: 'urn:erp-hub:source:hr', type: s.type, subject: data.employeeId, tenant: 'fen', data };
  };

  // 1. The pure comparison, per event (map twice, canonicalFields twice, compare).
  const pure: number[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < 20_000; i++) {
    const e = eventOf(i);
    const d = (target: string) => ({ eventKey: 'k', target, tenant: 'fen', state: 'delivered' as const, attempts: 1, updatedAt: at, replays: 0 });
    const t = process.hrtime.bigint();
    comparePair({ eventKey: 'k', acceptedAt: at, event: e, primary: d('payroll-fen'), shadow: d('cloud-erp-fen'), primaryConnector: bureau, shadowConnector: erp });
    if (i >= 2_000) pure.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
  line('comparePair (payroll beside cloud-erp), per event', pure, 'µs');

  const schema = `bench_parallel_${randomBytes(4).toString('hex')}`;
  await runLedgerMigrations(databaseUrl, { schema });
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const ledger = new DeliveryLedger(pool, schema);
  try {
    // 2. The comparer's pages over EVENTS settled primary + shadow deliveries.
    const t0 = Date.now() - DAYS * 86_400_000;
    for (let i = 0; i < EVENTS; i += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, EVENTS - i) }, (_, j) => eventOf(i + j));
      const acceptedAt = (k: number) => new Date(t0 + ((i + k) * DAYS * 86_400_000) / EVENTS);
      const rows = batch.flatMap((e, k) => ['payroll-fen', 'cloud-erp-fen'].map((target) => ({ eventKey: keyOfEvent(e), target, tenant: 'fen', subject: e.subject, orderKey: (i + k) * 1000, ordered: false, role: (target === 'payroll-fen' ? 'primary' : 'shadow') as 'primary' | 'shadow', at: acceptedAt(k) })));
      await ledger.recordRouted(batch.map((e, k) => ({ eventKey: keyOfEvent(e), event: e, acceptedAt: acceptedAt(k) })), rows);
      await ledger.recordAttempts(rows.map((r) => ({ eventKey: r.eventKey, target: r.target, tenant: 'fen', attempt: 1, outcome: 'delivered' as const, at: r.at })));
    }
    const read: number[] = [];
    const write: number[] = [];
    const now = new Date();
    for (;;) {
      const candidates = await timed(read, () => ledger.shadowsToCompare(new Date(now.getTime() - 3_600_000), 200));
      if (candidates.length === 0) break;
      const comparisons: ParallelRunComparison[] = candidates.flatMap((c) => c.primaries.map((p) => comparePair({ eventKey: c.eventKey, acceptedAt: c.acceptedAt, event: c.event, primary: p, shadow: c.shadow, primaryConnector: bureau, shadowConnector: erp })));
      // One in fifty with a field that differs, as a run's first days might have.
      comparisons.forEach((c, k) => k % 50 === 0 && (c.reasons.push('fields'), c.differing.push({ path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 })));
      await timed(write, () => ledger.recordComparisons(comparisons, candidates.map((c) => c.shadow), now));
    }
    line(`comparer: ready shadows read, page of 200 (${EVENTS} settled)`, read);
    line('comparer: comparisons written and shadows marked, page of 200', write);

    // 3. Reports over the month, and the list of runs.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const month: number[] = [];
    const oneDay: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) {
      await timed(month, () => ledger.parallelRunReport({ tenants: '*', tenant: 'fen', domain: 'hr', from: day(t0), to: day(Date.now()) }));
      await timed(oneDay, () => ledger.parallelRunReport({ tenants: ['fen'], tenant: 'fen', domain: 'hr', from: day(Date.now() - 86_400_000), to: day(Date.now() - 86_400_000) }));
      await timed(runs, () => ledger.parallelRuns('*', day(Date.now()), day(Date.now() - 30 * 86_400_000)));
    }
    const { rows } = await pool.query(`SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('"${schema}".parallel_run_comparisons')) AS size FROM "${schema}".parallel_run_comparisons`);
    line(`report fen/hr over ${DAYS} days (${rows[0].n} comparisons, ${rows[0].size})`, month);
    line('report fen/hr, one day', oneDay);
    line('list of runs (dashboard)', runs);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
