// npm run bench: the hub against raw kafkajs, raw BullMQ, a hand-written pipeline and a peer
// engine, on this machine, in one run. Method per scenario: BENCHMARKS.md. Options:
//   --quick               a smoke run: a fifth of the events and durations, 2 repeats, a 30 s soak
//   --only a,b            scenarios among baselines, ingest, peer, e2e, fanout, payaward, ordering, soak,
//                         backfill (100,000 events of history to one new target), backfill-live (live
//                         accept latency beside a throttled backfill), staged (a parallel run's cost per
//                         event beside one target, a cutover's pause under 500 events/s)
//   --repeats N           measured runs per figure after one warm-up (3)
//   --soak-minutes M      the memory soak (10)
//   --concurrency C       delivery concurrency per target, hub and baselines alike (16)
//   --profile             hub processes run with --cpu-prof (profiles in .bench/profiles)
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureInfra, stopInfra } from './lib/infra';
import { cutoverTenants, writeBackfillLandscape, writeBenchLandscape, writeStagedLandscape } from './lib/landscape';
import { SinkClient } from './lib/load';
import { BENCH_DIR, killAllChildren, startChild, waitHealthy } from './lib/processes';
import { startHubProcesses } from './lib/hub-processes';
import { ratio, spreadPct } from './lib/stats';
import { backfillBesideLive, backfillTargets, backfillThroughput, seedHistory } from './scenarios/backfill';
import { baselines } from './scenarios/baselines';
import { BenchContext, Row } from './scenarios/context';
import { endToEnd, fanOut, orderingOff, payAwardRun } from './scenarios/delivery';
import { ingest } from './scenarios/ingest';
import { peer } from './scenarios/peer';
import { soak } from './scenarios/soak';
import { cutoverPause, parallelRunCost } from './scenarios/staged';
import { targetsMet } from './targets';

const REPO = join(__dirname, '..', '..');
const SCENARIOS = ['baselines', 'ingest', 'peer', 'e2e', 'fanout', 'payaward', 'ordering', 'soak', 'backfill', 'backfill-live', 'staged'] as const;

function options() {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const only = value('only')?.split(',') ?? [...SCENARIOS];
  const unknown = only.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  return {
    only: new Set(only),
    quick,
    scale: quick ? 0.2 : 1,
    repeats: Number(value('repeats') ?? (quick ? 2 : 3)),
    soakMinutes: Number(value('soak-minutes') ?? (quick ? 0.5 : 10)),
    concurrency: Number(value('concurrency') ?? 16),
    profile: argv.includes('--profile'),
  };
}

const fmt = (x: number, unit: string) => (!Number.isFinite(x) ? 'n/a' : unit === 'ms' ? x.toFixed(x < 10 ? 2 : 1) : unit === 's' ? x.toFixed(2) : Math.round(x).toLocaleString('en-GB'));

export function table(rows: Row[]): string {
  const lines = ['| group | figure | median | spread (min–max) | unit | ratio |', '| --- | --- | ---: | --- | --- | --- |'];
  for (const r of rows) {
    const s = r.summary;
    const spread = s.runs.length > 1 ? `±${spreadPct(s).toFixed(0)}% (${fmt(s.min, r.unit)}–${fmt(s.max, r.unit)})` : '';
    const vs = r.baseline && Number.isFinite(r.ratio) ? `${r.ratio!.toFixed(2)}× ${r.baseline}` : '';
    lines.push(`| ${r.group} | ${r.label} | ${fmt(s.median, r.unit)} | ${spread} | ${r.unit} | ${vs} |`);
  }
  return lines.join('\n');
}

function machine() {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kafka: process.env.HUB_KAFKA_VERSION ?? '3.9.1',
    commit: git(['rev-parse', '--short', 'HEAD']) + (git(['status', '--porcelain']) ? '+dirty' : ''),
  };
}

async function main(): Promise<void> {
  const o = options();
  const started = new Date();
  const log = (line: string) => console.log(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const { env: infra, started: infraStarted } = ensureInfra();
  const sinkPort = 4900;
  const sinkChild = startChild('counting-sink', process.execPath, [join(__dirname, 'lib', 'counting-sink.js'), String(sinkPort)]);
  const sink = new SinkClient(`http://127.0.0.1:${sinkPort}`);
  const rows: Row[] = [];
  const cpu: Record<string, Record<string, number>> = {};
  try {
    await waitHealthy(sinkChild, `${sink.url}/_bench/health`, 10_000);
    const ctx: BenchContext = { infra, sink, landscape: writeBenchLandscape(sink.url, o.concurrency), repeats: o.repeats, scale: o.scale, concurrency: o.concurrency, soakMinutes: o.soakMinutes, cpu, log };
    const nodeArgs = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(BENCH_DIR, 'profiles')}`] : [];
    if (o.only.has('baselines')) rows.push(...(await baselines(ctx)));
    if (o.only.has('ingest')) rows.push(...(await ingest(ctx, nodeArgs)));
    if (o.only.has('peer')) rows.push(...(await peer(ctx)));
    if (['e2e', 'fanout', 'payaward', 'soak'].some((s) => o.only.has(s))) {
      const hub = await startHubProcesses(infra, { landscape: ctx.landscape, roles: ['api', 'router', 'worker'], nodeArgs });
      try {
        let saturation = 0;
        if (o.only.has('e2e') || o.only.has('soak')) {
          const e2e = await endToEnd(ctx, hub);
          saturation = e2e.saturation;
          rows.push(...e2e.rows);
        }
        if (o.only.has('fanout')) rows.push(...(await fanOut(ctx, hub)));
        if (o.only.has('payaward')) rows.push(...(await payAwardRun(ctx, hub, hub.ledgerSchema)));
        if (o.only.has('soak')) rows.push(...(await soak(ctx, hub, Math.max(1, Math.round(saturation / 2)))));
      } finally {
        await hub.stop();
      }
    }
    if (o.only.has('ordering')) {
      // The same hub with every target's ordering off, for what order per subject costs.
      const unordered = writeBenchLandscape(sink.url, o.concurrency, 'none');
      const hub = await startHubProcesses(infra, { landscape: unordered, roles: ['api', 'router', 'worker'], nodeArgs });
      try {
        rows.push(...(await orderingOff(ctx, hub)));
      } finally {
        await hub.stop();
      }
    }
    if (o.only.has('backfill') || o.only.has('backfill-live')) {
      // The history goes to payroll-fen as it happens; then it is backfilled from the ledger to
      // targets routed nowhere, a new one per run (a target that has it all would skip it all).
      const maxRate = 10_000;
      const landscape = writeBackfillLandscape(sink.url, o.concurrency, backfillTargets(o.repeats), Number(process.env.BENCH_BACKFILL_CONCURRENCY ?? o.concurrency));
      const hub = await startHubProcesses(infra, { landscape, roles: ['api', 'router', 'worker'], nodeArgs, env: { BACKFILL_MAX_RATE: String(maxRate), BACKFILL_POLL_MS: '200' } });
      try {
        const history = await seedHistory(ctx, hub, Math.max(1_000, Math.round(100_000 * o.scale)));
        if (o.only.has('backfill')) rows.push(...(await backfillThroughput(ctx, hub, history, maxRate)));
        if (o.only.has('backfill-live')) rows.push(...(await backfillBesideLive(ctx, hub, history)));
      } finally {
        await hub.stop();
      }
    }
    if (o.only.has('staged')) {
      // A hub whose Fenland pay changes run in parallel (Moorside's beside them to one target), and a
      // tenant per run to cut over; the comparer every second, as a parallel run would be watched.
      const landscape = writeStagedLandscape(sink.url, o.concurrency, cutoverTenants(o.repeats));
      const hub = await startHubProcesses(infra, { landscape, roles: ['api', 'router', 'worker'], nodeArgs, env: { PARALLEL_RUN_COMPARE_INTERVAL_MS: '1000' } });
      try {
        rows.push(...(await parallelRunCost(ctx, hub)));
        rows.push(...(await cutoverPause(ctx, hub)));
      } finally {
        await hub.stop();
      }
    }
  } finally {
    await sinkChild.stop();
    stopInfra(infraStarted);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of rows) if (r.baseline && byId.has(r.baseline)) r.ratio = ratio(r.summary.median, byId.get(r.baseline)!.summary.median);
  const result = { startedAt: started.toISOString(), seconds: Math.round((Date.now() - started.getTime()) / 1000), machine: machine(), options: { ...o, only: [...o.only] }, rows, cpu, targets: targetsMet(rows) };
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  if (!o.quick && o.only.size === SCENARIOS.length) writeFileSync(join(REPO, 'bench', 'results', 'latest.json'), JSON.stringify(result, null, 2));
  console.log(`\n${table(rows)}\n`);
  console.log('cores used during the last run of each (2 in all):');
  for (const [scenario, use] of Object.entries(cpu)) console.log(`  ${scenario}: ${Object.entries(use).map(([c, n]) => `${c} ${n.toFixed(2)}`).join(', ')}`);
  console.log();
  if (o.quick || o.only.size < SCENARIOS.length) console.log('(a partial or --quick run: the targets are for the full bench)');
  for (const t of result.targets) console.log(`${t.met === undefined ? '?' : t.met ? 'met   ' : 'NOT met'}  ${t.target}: ${t.measured}`);
  console.log(`\nmachine: ${JSON.stringify(result.machine)}\nresults: ${file}`);
}

process.once('SIGINT', () => {
  killAllChildren();
  process.exit(130);
});
main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err instanceof Error ? err.stack : err);
    killAllChildren();
    process.exit(1);
  });
