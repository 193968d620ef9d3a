// npm run test:faults: the hub as separate processes (api, router, worker) on Kafka, Redis and
// PostgreSQL of the suite's own, under a steady load of joiners to two payroll targets, through one
// fault at a time with recovery between. Prints what each fault cost and writes
// .faults/results.json; fails if any accepted delivery went missing, a role exited by itself, or a
// role did not become ready again.
//   node dist/test/faults/run.js [--only name,name] [--rate 50]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { hashToken } from '@hub/config';
import { createRedis, deliveryJobId } from '@hub/delivery';
import { keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { AofRecorder } from './aof';
import { FaultInfra } from './fault-infra';
import { Fault, FaultContext, FAULTS } from './faults';
import { Role, RoleExit, RoleProcess, ROLES } from './hub-processes';
import { SteadyLoad } from './load';
import { LedgerView, PhaseTally, PhaseTimes, Posted, Readiness, settledBefore, tallyPhase } from './tally';
import { RecordingPayroll } from './targets';

const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, '.faults');
const TOKEN = 'faults-hr-token';
const PORTS: Record<Role, number> = { api: 19300, router: 19301, worker: 19302 };
const TARGET_PORTS = [19401, 19402];
const BASE_DELAY_MS = 20;
const WARM_MS = 5_000;
const DRAIN_MS = 150_000;
/** The sweeper's interval and grace in this suite, shorter than production's 30 s / 60 s to keep CI short. */
const SUITE_ENV = { SWEEP_INTERVAL_MS: '5000', SWEEP_GRACE_MS: '10000', LOG_LEVEL: 'info', KAFKA_TOPIC_PARTITIONS: '3' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${msg}`);

function args() {
  const a = process.argv.slice(2);
  const value = (flag: string) => {
    const i = a.indexOf(flag);
    return i >= 0 ? a[i + 1] : undefined;
  };
  const only = value('--only')?.split(',').map((s) => s.trim());
  const unknown = only?.filter((n) => !FAULTS.some((f) => f.name === n)) ?? [];
  if (unknown.length) throw new Error(`unknown faults: ${unknown.join(', ')} (known: ${FAULTS.map((f) => f.name).join(', ')})`);
  return { faults: only ? FAULTS.filter((f) => only.includes(f.name)) : FAULTS, rate: Number(value('--rate') ?? process.env.FAULTS_RATE ?? 50) };
}

function writeLandscape(targets: RecordingPayroll[]): string {
  const retry = { attempts: 6, backoffMs: 500, maxBackoffMs: 8_000 };
  const landscape = {
    tenants: [{ code: 'fen', name: 'Fenland Constabulary' }],
    sources: [{ id: 'hr-system', name: 'HR system', tokenSha256: hashToken(TOKEN), tenants: ['fen'], types: ['hr.*'], sourceUris: ['urn:erp-hub:source:hr'] }],
    opsUsers: [],
    targets: targets.map((t) => ({ id: t.targetId, tenant: 'fen', connector: 'payroll', endpoint: t.url, timeoutMs: 5_000, concurrency: 8, retry })),
    routes: [{ tenant: 'fen', type: 'hr.employee.joined.v1', targets: targets.map((t) => t.targetId) }],
  };
  const path = join(OUT, 'landscape.json');
  writeFileSync(path, JSON.stringify(landscape, null, 2));
  return path;
}

async function main(): Promise<number> {
  const { faults, rate } = args();
  const began = Date.now();
  rmSync(join(OUT, 'logs'), { recursive: true, force: true });
  mkdirSync(join(OUT, 'logs'), { recursive: true });
  const infra = new FaultInfra();
  const targets = TARGET_PORTS.map((port, i) => new RecordingPayroll(`payroll-fen-${'ab'[i]}`, 'fen', port));
  const exits: RoleExit[] = [];
  const readiness: Readiness[] = [];
  const notes = new Map<string, string[]>();
  let phaseName = 'start-up';
  let roles: Record<Role, RoleProcess> | undefined;
  let load: SteadyLoad | undefined;
  let redis: ReturnType<typeof createRedis> | undefined;
  let pg: Pool | undefined;
  let poller: NodeJS.Timeout | undefined;
  const aof = new AofRecorder(infra.redisDir);

  // Each step bounded, so that one that hangs cannot leave the suite's infra running.
  const bounded = (what: string, step: () => Promise<unknown>, ms = 30_000) =>
    Promise.race([step(), sleep(ms).then(() => log(`cleanup: ${what} did not finish within ${ms / 1000} s; going on`))]).catch((err) => log(`cleanup: ${what} failed: ${(err as Error).message}`));
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      clearInterval(poller);
      aof.stop();
      await bounded('stopping the load', async () => load?.close());
      await bounded('stopping the hub', () => Promise.all(Object.values(roles ?? {}).map((r) => r.kill('SIGTERM'))));
      redis?.disconnect();
      await bounded('closing the ledger connection', async () => pg?.end());
      await bounded('stopping the targets', () => Promise.all(targets.map((t) => t.stop())));
      log(`stopping and deleting the suite's Kafka, Redis and PostgreSQL (${infra.dir})`);
      await bounded('deleting the infra', () => infra.destroy(), 120_000);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().then(() => process.exit(130)));

  try {
    log(`starting Kafka, Redis and PostgreSQL of the suite's own (ports 19092, 19379, 19432) in ${infra.dir}`);
    await infra.start('kafka', 'redis', 'postgres');
    aof.start();
    await Promise.all(targets.map((t) => t.start()));
    targets.forEach((t) => t.setFaults({ delayMs: BASE_DELAY_MS }));
    const env = { ...infra.hubEnv, ...SUITE_ENV, HUB_CONFIG: writeLandscape(targets), LEDGER_SCHEMA: 'ledger', REDIS_PREFIX: 'hub' };
    const onExit = (exit: RoleExit) => {
      exits.push(exit);
      if (!exit.expected) {
        log(`!! ${exit.role} exited by itself (code ${exit.code}, signal ${exit.signal}) during ${phaseName}: restarting it, as a supervisor would`);
        (notes.get(phaseName) ?? notes.set(phaseName, []).get(phaseName)!).push(`${exit.role} exited by itself (code ${exit.code})`);
        roles?.[exit.role].start();
      }
    };
    roles = Object.fromEntries(ROLES.map((r) => [r, new RoleProcess(r, PORTS[r], env, join(OUT, 'logs'), onExit)])) as Record<Role, RoleProcess>;
    // The API creates the topics; router and worker would create or wait for them too.
    for (const r of ROLES) {
      roles[r].start();
      await roles[r].ready();
    }
    log(`api, router and worker running as separate processes (logs in .faults/logs)`);

    const all = roles;
    poller = setInterval(() => {
      for (const r of ROLES) {
        const at = Date.now();
        void fetch(all[r].readyUrl, { signal: AbortSignal.timeout(2_000) }).then(
          async (res) => (await res.arrayBuffer(), readiness.push({ at, role: r, ready: res.ok })),
          () => readiness.push({ at, role: r, ready: false }),
        );
      }
    }, 500);
    pg = new Pool({ connectionString: infra.hubEnv.DATABASE_URL, max: 1, connectionTimeoutMillis: 3_000 });
    pg.on('error', () => undefined);
    redis = createRedis(infra.hubEnv.REDIS_URL, 'faults-suite', { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    // What the ledger says of each delivery; read again for rows changed since the last read.
    const ledger = new Map<string, LedgerRow>();
    let readSince = 0;
    const readLedger = async () => {
      const from = readSince;
      const { rows } = await pg!.query<{ key: string; state: string; delivered: string | null; dead: string | null; code: string | null; message: string | null; attempts: number; updated: string }>(
        `SELECT target || '.' || event_key AS key, state, attempts, last_error_code AS code, last_error_message AS message,
                (extract(epoch FROM delivered_at) * 1000)::bigint AS delivered,
                (extract(epoch FROM dead_lettered_at) * 1000)::bigint AS dead,
                (extract(epoch FROM updated_at) * 1000)::bigint AS updated
         FROM ledger.deliveries WHERE updated_at >= to_timestamp($1 / 1000.0)`,
        [from],
      );
      for (const r of rows) {
        ledger.set(r.key, {
          state: r.state,
          attempts: r.attempts,
          ...(r.state === 'delivered' && r.delivered ? { deliveredAt: Number(r.delivered) } : {}),
          ...(r.state === 'dead-lettered' && r.dead ? { deadLetteredAt: Number(r.dead) } : {}),
          ...(r.code ? { lastError: `${r.code}: ${r.message ?? ''}`.slice(0, 200) } : {}),
        });
        readSince = Math.max(readSince, Number(r.updated) - 5_000);
      }
    };
    const settled = (k: string) => {
      const l = ledger.get(k);
      return l?.deliveredAt !== undefined || l?.deadLetteredAt !== undefined;
    };
    const takenOf = new Map(targets.map((t) => [t.targetId, t]));
    const taken = (key: string) => takenOf.get(key.slice(0, key.indexOf('.')))?.taken.get(key);

    let n = 0;
    load = new SteadyLoad(`http://127.0.0.1:${PORTS.api}/v1/events`, TOKEN, rate, () => {
      const event = joiner('fen', {}, ++n);
      return { event, keys: targets.map((t) => deliveryJobId(t.targetId, keyOfEvent(event))) };
    });
    const drain = async (before: number, timeoutMs: number, since = 0): Promise<number | undefined> =>
      waitFor('the backlog to drain', async () => {
        await readLedger();
        return settledBefore(before, load!.records, settled, since) ? Date.now() : undefined;
      }, timeoutMs, 500).catch(() => undefined);

    log(`steady load: ${rate} joiners/s, each to ${targets.length} targets`);
    load.start();
    const warmStart = Date.now();
    await sleep(WARM_MS * 2);
    const phases: (PhaseTimes & { fault?: Fault })[] = [];
    const warmDrained = await drain(Date.now(), 60_000);
    phases.push({ name: 'steady (no fault)', start: warmStart, inject: warmStart, restored: warmStart, drained: warmDrained, end: Date.now() });

    const ctx: FaultContext = {
      infra,
      roles,
      targets,
      aof,
      redis: () => redis!,
      redisPrefix: 'hub',
      baseDelayMs: BASE_DELAY_MS,
      note: (text) => (notes.get(phaseName) ?? notes.set(phaseName, []).get(phaseName)!).push(text),
      mark: () => (marked = Date.now()),
    };
    let marked: number | undefined;
    for (const fault of faults) {
      phaseName = fault.name;
      const start = Date.now();
      log(`${fault.name}: ${fault.what}`);
      await sleep(WARM_MS);
      marked = undefined;
      const began = Date.now();
      try {
        await fault.inject(ctx);
      } catch (err) {
        // The fault did not go as planned (a step timed out): say so, put the part back, go on.
        ctx.note(`fault not injected as planned: ${(err as Error).message.slice(0, 200)}`);
        for (const r of ROLES) if (!roles[r].running) roles[r].start();
      }
      const restored = Date.now();
      const inject = marked ?? began;
      log(`${fault.name}: fault over after ${((restored - inject) / 1000).toFixed(1)} s; waiting for every role to be ready and the backlog to drain`);
      for (const r of ROLES) await roles[r].ready(120_000).catch((err) => ctx.note(`${r} not ready 120 s after the fault: ${(err as Error).message}`));
      const drained = await drain(restored, DRAIN_MS, start);
      if (drained === undefined) ctx.note(`backlog not drained within ${DRAIN_MS / 1000} s`);
      targets.forEach((t) => (t.setFaults({ failNext: 0, delayMs: BASE_DELAY_MS }), t.forgetCalls()));
      await sleep(2_000);
      phases.push({ name: fault.name, start, inject, restored, drained, end: Date.now(), fault });
    }

    phaseName = 'final drain';
    log('stopping the load; waiting for everything accepted to be delivered or dead-lettered');
    load.stopNew();
    await waitFor('every post answered', () => load!.pending === 0, 120_000, 200).catch(() => undefined);
    await drain(Infinity, DRAIN_MS);
    phases[phases.length - 1].end = Date.now();
    readSince = 0;
    await readLedger();
    clearInterval(poller);

    const tallies: (PhaseTally & { what?: string; doublesBecause?: string; notes?: string[]; evidence?: Evidence[] })[] = phases.map((p) => {
      const t = tallyPhase(p, load!.records, load!.failed, taken, (k) => ledger.get(k), readiness);
      const evidence = evidenceOf(p, load!.records, taken, (k) => ledger.get(k));
      // The steady phase has no fault to time recovery from.
      if (!p.fault) delete t.resumeS, delete t.recoverS, delete t.drainedS;
      return {
        ...t,
        ...(p.fault ? { what: p.fault.what } : {}),
        ...(t.doubled && p.fault ? { doublesBecause: p.fault.doubles } : {}),
        ...(notes.get(p.name) ? { notes: notes.get(p.name) } : {}),
        ...(evidence.length ? { evidence } : {}),
      };
    });
    const unexpected = exits.filter((e) => !e.expected);
    const missing = tallies.reduce((s, t) => s + t.missing, 0);
    const notRecovered = [...notes.values()].flat().filter((n) => /not ready|not drained|not injected/.test(n));
    const pass = missing === 0 && unexpected.length === 0 && load.refused.length === 0 && notRecovered.length === 0;
    const durationS = Math.round((Date.now() - began) / 1000);
    printTable(tallies);
    const result = {
      pass,
      durationS,
      rate,
      targets: targets.map((t) => t.targetId),
      settings: { ...SUITE_ENV, hubDefaults: 'WORKER_LOCK_MS 8000 (renewed every 2000), WORKER_STALLED_INTERVAL_MS 3000, WORKER_MAX_STALLED_COUNT 3, KAFKA_SESSION_TIMEOUT_MS 10000, KAFKA_HEARTBEAT_MS 1000' },
      phases: tallies,
      unexpectedExits: unexpected,
      refused: load.refused.slice(0, 20),
    };
    writeFileSync(join(OUT, 'results.json'), JSON.stringify(result, null, 2));
    log(`${pass ? 'PASS' : 'FAIL'}: ${missing} missing, ${unexpected.length} roles exited by themselves, ${load.refused.length} posts refused, ${notRecovered.length} not recovered; ${durationS} s; .faults/results.json`);
    return pass ? 0 : 1;
  } finally {
    await cleanup();
  }
}

interface LedgerRow extends LedgerView {
  state: string;
  attempts: number;
  lastError?: string;
}

/** One delivery a phase doubled, dead-lettered although taken, or lost: what the target and the ledger saw, in seconds from the fault. */
interface Evidence {
  kind: 'doubled' | 'phantom' | 'missing';
  key: string;
  takenAtS: number[];
  ledger?: { state: string; attempts: number; lastError?: string; deliveredAtS?: number; deadLetteredAtS?: number };
}

function evidenceOf(p: PhaseTimes, posted: readonly Posted[], taken: (k: string) => readonly number[] | undefined, ledger: (k: string) => LedgerRow | undefined): Evidence[] {
  const rel = (t: number) => Math.round((t - p.inject) / 100) / 10;
  const out: Evidence[] = [];
  for (const e of posted) {
    const mine = e.firstPostAt >= p.start && e.firstPostAt < p.end && e.acceptedAt !== undefined;
    for (const key of e.keys) {
      const times = taken(key) ?? [];
      const l = ledger(key);
      const kind = times.length > 1 && times[0] >= p.start && times[0] < p.end ? 'doubled' : mine && times.length && l?.deadLetteredAt !== undefined ? 'phantom' : mine && !times.length && l?.deadLetteredAt === undefined ? 'missing' : undefined;
      if (!kind || out.filter((x) => x.kind === kind).length >= 25) continue;
      out.push({
        kind,
        key,
        takenAtS: times.map(rel),
        ...(l ? { ledger: { state: l.state, attempts: l.attempts, ...(l.lastError ? { lastError: l.lastError } : {}), ...(l.deliveredAt ? { deliveredAtS: rel(l.deliveredAt) } : {}), ...(l.deadLetteredAt ? { deadLetteredAtS: rel(l.deadLetteredAt) } : {}) } } : {}),
      });
    }
  }
  return out;
}

function printTable(rows: (PhaseTally & { notes?: string[]; doublesBecause?: string })[]): void {
  const head = ['fault', '5xx (n / s)', 'resume s', 'recover s', 'drained s', 'accepted', 'deliveries', 'delivered', 'dead-lettered', 'phantom', 'missing', 'doubled', 'not ready s (api/router/worker)'];
  const cell = (v: number | undefined) => (v === undefined ? '-' : String(v));
  const lines = rows.map((t) => [
    t.fault,
    t.failedAnswers ? `${t.failedAnswers} / ${t.failedWindowS}` : '0',
    cell(t.resumeS),
    cell(t.recoverS),
    cell(t.drainedS),
    String(t.accepted),
    String(t.deliveries),
    String(t.delivered),
    String(t.deadLettered),
    String(t.phantom),
    String(t.missing),
    String(t.doubled),
    ['api', 'router', 'worker'].map((r) => cell(t.notReadyS[r])).join('/'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cols: string[]) => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(['', fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt), ''].join('\n'));
  for (const t of rows) {
    if (t.doublesBecause) console.log(`  ${t.fault}: ${t.doubled} doubled: ${t.doublesBecause}`);
    for (const n of t.notes ?? []) console.log(`  ${t.fault}: ${n}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
