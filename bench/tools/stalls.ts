// Where the time of a slow single-event delivery goes, with every role running: the open loop of
// `npm run bench`'s half-saturation figures (one event a POST at a fixed rate), each request with a
// `traceparent` of its own so its trace can be found again, every role exporting its spans (OTLP
// JSON) to a collector in this process, every role's garbage collections (--trace-gc), and every
// component's CPU sampled each 100 ms from /proc. For each event it splits POST → sink into stages:
//   late      the load generator sent it after it was due (its own loop was behind)
//   in        sent → the API's ingest span began (kernel, the API's event loop, the guard)
//   publish   the publish span: Kafka's acks from all in-sync replicas
//   ingest    the rest of the ingest span (duplicate check, validation, the mark)
//   answer    ingest span end → the 202 read by the load generator
//   kafka     publish span end → the router's route span began (broker, fetch, the router's loop)
//   route     the route span: the batch's ledger write and jobs queued
//   queue     route span end → the worker's deliver span began (BullMQ, the worker's loop)
//   deliver   deliver span start → the sink's first receipt (the worker's checks and the HTTP call)
// then prints each stage's p50/p99/max, which stage the slowest 1% spent their time in, and for
// each stall (a second whose POST → sink p99 is above --stall-ms) the CPU of each component and the
// GC pauses of each role in that second. PostgreSQL's checkpoints are counted over the run.
//   npm run -s build && node dist/bench/tools/stalls.js [--rate 600] [--seconds 20] [--runs 5] [--sample 0.1] [--stall-ms 100] [--no-trace] [--profile] [--pin] [--one-process]
// Needs the shared infrastructure (scripts/infra.sh start). Tracing costs CPU of its own: --no-trace
// runs the same loop without it, for the figures tracing does not disturb.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { Pool as PgPool } from 'pg';
import { waitFor } from '@hub/testing';
import { nowMs } from '../lib/counting-sink';
import { components, coresUsed, cpuSeconds, processStartMs } from '../lib/cpu';
import { idPrefix, payAward, sinkKey } from '../lib/events';
import { startHubProcesses } from '../lib/hub-processes';
import { ensureInfra, stopInfra } from '../lib/infra';
import { BENCH_TOKEN, writeBenchLandscape } from '../lib/landscape';
import { openLoop, SinkClient } from '../lib/load';
import { BENCH_DIR, logOf, startChild, waitHealthy } from '../lib/processes';
import { quantile } from '../lib/stats';
import { runTool } from '../lib/tool';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}
interface SpanTimes {
  start: number;
  end: number;
}

/** The spans of each trace by name, in epoch ms: a collector of OTLP/HTTP JSON exports. */
class Collector {
  readonly traces = new Map<string, Map<string, SpanTimes>>();
  private server?: Server;

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
          for (const rs of body.resourceSpans ?? [])
            for (const ss of rs.scopeSpans ?? [])
              for (const s of ss.spans ?? []) {
                const id = s.traceId.toLowerCase();
                let t = this.traces.get(id);
                if (!t) this.traces.set(id, (t = new Map()));
                // The first span of a name wins (a delivery retried would have two).
                if (!t.has(s.name)) t.set(s.name, { start: Number(BigInt(s.startTimeUnixNano) / 1000n) / 1000, end: Number(BigInt(s.endTimeUnixNano) / 1000n) / 1000 });
              }
        } catch {
          /* not JSON: ignored */
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${port}/v1/traces`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** GC pauses from a role's --trace-gc lines, in epoch ms (the isolate's clock from `bornAt`). */
function gcPauses(log: string, fromByte: number, bornAt: number): { at: number; ms: number; kind: string }[] {
  const fd = openSync(log, 'r');
  const buf = Buffer.alloc(Math.max(0, fstatSync(fd).size - fromByte));
  readSync(fd, buf, 0, buf.length, fromByte);
  closeSync(fd);
  const text = buf.toString('utf8');
  const out: { at: number; ms: number; kind: string }[] = [];
  for (const m of text.matchAll(/\]\s+(\d+) ms: ([A-Z][A-Za-z-]*(?: [A-Z][A-Za-z-]*)?)[^\n]*?, ([\d.]+) \/ ([\d.]+) ms/g)) {
    out.push({ at: bornAt + Number(m[1]), ms: Number(m[3]), kind: m[2] });
  }
  return out;
}

const STAGES = ['late', 'in', 'ingest', 'publish', 'answer', 'kafka', 'route', 'queue', 'deliver'] as const;
type Stage = (typeof STAGES)[number];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
  const rate = Number(arg('rate', '600'));
  const seconds = Number(arg('seconds', '20'));
  const runs = Number(arg('runs', '5'));
  const sample = Number(arg('sample', '0.1'));
  const stallMs = Number(arg('stall-ms', '100'));
  const trace = !argv.includes('--no-trace');
  // --pin: the hub's roles on core 1, and everything else (Kafka, Redis, PostgreSQL, the sink, this
  // load generator) on core 0, so that roles and stores do not take each other's core.
  const pin = argv.includes('--pin');
  const profileDir = argv.includes('--profile') ? join(BENCH_DIR, 'profiles', `stalls-${Date.now()}`) : undefined;
  const { env: infra, started } = ensureInfra();
  const collector = new Collector();
  const sinkPort = 4901;
  const sinkChild = startChild('counting-sink-stalls', process.execPath, [join(__dirname, '..', 'lib', 'counting-sink.js'), String(sinkPort)]);
  const sink = new SinkClient(`http://127.0.0.1:${sinkPort}`);
  const pg = new PgPool({ connectionString: infra.DATABASE_URL, max: 1 });
  try {
    await waitHealthy(sinkChild, `${sink.url}/_bench/health`, 10_000);
    const endpoint = await collector.listen(4951);
    const env: Record<string, string> = trace ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '500' } : {};
    const logSizes = Object.fromEntries((['api', 'router', 'worker', 'all'] as const).map((r) => [r, sizeOf(logOf(`hub-${r}`))]));
    const hub = await startHubProcesses(infra, { landscape: writeBenchLandscape(sink.url, 16), roles: ['api', 'router', 'worker'], oneProcess: argv.includes('--one-process'), nodeArgs: ['--trace-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])], env });
    if (pin) pinComponents(hub.children);
    const born: Record<string, number> = {};
    for (const [role, child] of Object.entries(hub.children)) born[role] = processStartMs(child!.process.pid!);
    try {
      // What the hub costs with nothing to do: its polling, the brokers' and stores' housekeeping.
      const idleFrom = cpuSeconds(hub.roleOf);
      const idleStart = nowMs();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const idle = coresUsed(idleFrom, cpuSeconds(hub.roleOf), (nowMs() - idleStart) / 1000);
      console.log(`idle for 5 s: cores in use ${Object.entries(idle).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
      const summary: Record<string, number[]> = { acceptP50: [], acceptP99: [], acceptP999: [], e2eP50: [], e2eP99: [], e2eP999: [] };
      for (let run = -1; run < runs; run++) {
        await sink.reset();
        const prefix = idPrefix(`stall${run}`);
        const events: ReturnType<typeof payAward>[] = [];
        const traceIds: (string | undefined)[] = [];
        const checkpointsBefore = await checkpoints(pg);
        const runCpuFrom = cpuSeconds(hub.roleOf);
        const callsFrom = syscalls(hub.children);
        const schedFrom = schedstats(hub.children);
        const pgFrom = await pgWork(pg);
        const cpu: { at: number; use: Map<string, number> }[] = [];
        let last = cpuSeconds(hub.roleOf);
        let lastAt = nowMs();
        const sampler = setInterval(() => {
          const now = cpuSeconds(hub.roleOf);
          const at = nowMs();
          const use = new Map([...now].map(([k, v]) => [k, (v - (last.get(k) ?? 0)) / ((at - lastAt) / 1000)]));
          cpu.push({ at, use });
          last = now;
          lastAt = at;
        }, 100);
        const r = await openLoop(`${hub.url}/v1/events`, BENCH_TOKEN, rate, run < 0 ? 5 : seconds, (i) => {
          const e = payAward(prefix, i);
          events.push(e);
          const traced = trace && i % Math.max(1, Math.round(1 / sample)) === 0;
          const traceId = traced ? randomBytes(16).toString('hex') : undefined;
          traceIds.push(traceId);
          return { contentType: 'application/cloudevents+json', body: JSON.stringify(e), events: 1, headers: traceId ? { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } : { traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00` } };
        });
        const keys = events.map((e) => sinkKey(`payroll-${e.tenant}`, e));
        await sink.waitForDistinct(keys.length, 120_000);
        clearInterval(sampler);
        const at = await sink.receipts(keys);
        const checkpointsAfter = await checkpoints(pg);
        const pgTo = await pgWork(pg);
        const callsTo = syscalls(hub.children);
        const schedTo = schedstats(hub.children);
        const runCores = coresUsed(runCpuFrom, cpuSeconds(hub.roleOf), (nowMs() - r.sentAt[0]) / 1000);
        if (run < 0) continue;
        // The last events' spans come within OTEL_BSP_SCHEDULE_DELAY of their delivery: wait until
        // every traced event has its deliver span, or 10 s (a span lost is counted as untraced).
        if (trace) {
          const traced = traceIds.filter((id): id is string => id !== undefined);
          const delivered = (id: string) => [...(collector.traces.get(id)?.keys() ?? [])].some((n) => n.startsWith('deliver '));
          await waitFor('every traced delivery exported', () => traced.every(delivered), 10_000, 50).catch(() => undefined);
        }
        const e2e = at.map((t, i) => (t === null ? Number.NaN : t - r.sentAt[i]));
        const accept = r.answeredAt.map((t, i) => t - r.sentAt[i]);
        const q = (xs: number[], p: number) => quantile(xs.filter(Number.isFinite), p);
        summary.acceptP50.push(q(accept, 0.5));
        summary.acceptP99.push(q(accept, 0.99));
        summary.acceptP999.push(q(accept, 0.999));
        summary.e2eP50.push(q(e2e, 0.5));
        summary.e2eP99.push(q(e2e, 0.99));
        summary.e2eP999.push(q(e2e, 0.999));
        console.log(`\nrun ${run + 1}/${runs}: ${rate} events/s for ${seconds} s, ${r.errors} failed; accept p50 ${q(accept, 0.5).toFixed(1)} p99 ${q(accept, 0.99).toFixed(1)} p99.9 ${q(accept, 0.999).toFixed(1)} ms; POST → sink p50 ${q(e2e, 0.5).toFixed(1)} p99 ${q(e2e, 0.99).toFixed(1)} p99.9 ${q(e2e, 0.999).toFixed(1)} max ${q(e2e, 1).toFixed(0)} ms; checkpoints ${checkpointsAfter - checkpointsBefore}`);
        const total = Object.values(runCores).reduce((a, b) => a + b, 0);
        console.log(`  cores in use from the first POST to the last delivery: ${Object.entries(runCores).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} (${total.toFixed(2)} in all; ${((total * 1e6) / rate).toFixed(0)} µs of CPU an event)`);
        console.log(`  system calls that read or write, an event: ${Object.keys(callsTo).map((role) => `${role} ${((callsTo[role].r - callsFrom[role].r) / events.length).toFixed(1)} reads, ${((callsTo[role].w - callsFrom[role].w) / events.length).toFixed(1)} writes`).join('; ')}`);
        console.log(
          `  scheduler, an event: ${Object.keys(schedTo)
            .map((role) => {
              const runs = (schedTo[role].slices - schedFrom[role].slices) / events.length;
              const waitMs = (schedTo[role].waitNs - schedFrom[role].waitNs) / 1e6;
              return `${role} ran ${runs.toFixed(1)} times for ${((schedTo[role].cpuNs - schedFrom[role].cpuNs) / 1e3 / events.length).toFixed(0)} µs, waited ${((waitMs * 1e3) / events.length).toFixed(0)} µs for a core (${((waitMs * 1e3) / Math.max(1, schedTo[role].slices - schedFrom[role].slices)).toFixed(0)} µs a wake-up)`;
            })
            .join('; ')}`,
        );
        console.log(`  PostgreSQL: ${pgTo.commits - pgFrom.commits} commits, ${pgTo.inserted - pgFrom.inserted} rows inserted, ${pgTo.updated - pgFrom.updated} updated, for ${events.length} events`);
        // Stage times of each traced event.
        const stages: Record<Stage, number>[] = [];
        const stageOf: (Record<Stage, number> | undefined)[] = [];
        for (let i = 0; i < events.length; i++) {
          const id = traceIds[i];
          const spans = id ? collector.traces.get(id) : undefined;
          const ingest = spans?.get('POST /v1/events');
          const publish = spans?.get('publish');
          const route = spans && [...spans].find(([n]) => n.startsWith('route '))?.[1];
          const deliver = spans && [...spans].find(([n]) => n.startsWith('deliver '))?.[1];
          if (!ingest || !publish || !route || !deliver || at[i] === null || !Number.isFinite(r.answeredAt[i])) {
            stageOf.push(undefined);
            continue;
          }
          const s: Record<Stage, number> = {
            late: r.leftAt[i] - r.sentAt[i],
            in: ingest.start - r.leftAt[i],
            ingest: ingest.end - ingest.start - (publish.end - publish.start),
            publish: publish.end - publish.start,
            answer: r.answeredAt[i] - ingest.end,
            kafka: route.start - publish.end,
            route: route.end - route.start,
            queue: deliver.start - route.end,
            deliver: at[i]! - deliver.start,
          };
          stages.push(s);
          stageOf.push(s);
        }
        if (trace) {
          console.log(`  ${stages.length} of ${events.length} events traced end to end; each stage's p50 / p99 / max ms:`);
          for (const st of STAGES) {
            const xs = stages.map((s) => s[st]);
            console.log(`    ${st.padEnd(8)} ${q(xs, 0.5).toFixed(1).padStart(7)} ${q(xs, 0.99).toFixed(1).padStart(7)} ${q(xs, 1).toFixed(1).padStart(7)}`);
          }
          const cut = q(e2e, 0.99);
          const tail = stageOf.filter((s, i) => s && e2e[i] >= cut) as Record<Stage, number>[];
          if (tail.length) {
            const mean = (st: Stage) => tail.reduce((a, s) => a + s[st], 0) / tail.length;
            console.log(`  the slowest 1% (POST → sink ≥ ${cut.toFixed(0)} ms, ${tail.length} traced): mean ms a stage: ${STAGES.map((st) => `${st} ${mean(st).toFixed(1)}`).join(', ')}`);
          }
        }
        // Stalls: seconds of the run whose POST → sink p99 is over the bar, with the CPU and GC in them.
        const gcs = Object.fromEntries(Object.keys(hub.children).map((role) => [role, gcPauses(logOf(`hub-${role}`), logSizes[role] ?? 0, born[role])]));
        const t0 = r.sentAt[0];
        const bySecond = new Map<number, number[]>();
        e2e.forEach((ms, i) => {
          if (!Number.isFinite(ms)) return;
          const sec = Math.floor((r.sentAt[i] - t0) / 1000);
          bySecond.set(sec, [...(bySecond.get(sec) ?? []), ms]);
        });
        for (const [sec, xs] of [...bySecond].sort((a, b) => a[0] - b[0])) {
          const p99 = quantile(xs, 0.99);
          if (p99 < stallMs) continue;
          const from = t0 + sec * 1000 - 200;
          const to = from + 1400;
          const slices = cpu.filter((c) => c.at >= from && c.at <= to);
          const mean = new Map<string, number>();
          for (const c of slices) for (const [k, v] of c.use) mean.set(k, (mean.get(k) ?? 0) + v / slices.length);
          const busiest = Math.max(...slices.map((c) => [...c.use.values()].reduce((a, b) => a + b, 0)));
          const gcIn = Object.entries(gcs).map(([role, list]) => {
            const inside = list.filter((g) => g.at >= from && g.at <= to);
            return `${role} ${inside.length} (max ${Math.max(0, ...inside.map((g) => g.ms)).toFixed(1)} ms, ${inside.filter((g) => g.kind !== 'Scavenge').length} major)`;
          });
          console.log(`  stall at second ${sec}: POST → sink p99 ${p99.toFixed(0)} max ${Math.max(...xs).toFixed(0)} ms; cores in use ${[...mean].filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} (busiest 100 ms: ${busiest.toFixed(2)} of 2); GC ${gcIn.join('; ')}`);
        }
        const allGc = Object.entries(gcs).map(([role, list]) => {
          const during = list.filter((g) => g.at >= t0 && g.at <= t0 + seconds * 1000 + 2000);
          return `${role} ${during.length} pauses, ${during.reduce((a, g) => a + g.ms, 0).toFixed(0)} ms in all, max ${Math.max(0, ...during.map((g) => g.ms)).toFixed(1)} ms`;
        });
        console.log(`  GC over the run: ${allGc.join('; ')}`);
        for (const role of Object.keys(logSizes)) logSizes[role] = sizeOf(logOf(`hub-${role}`));
      }
      const fmt = (xs: number[]) => `${quantile(xs, 0.5).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}, ±${((100 * (Math.max(...xs) - Math.min(...xs))) / 2 / quantile(xs, 0.5)).toFixed(0)}%)`;
      console.log(`\nover ${runs} runs at ${rate} events/s (${trace ? 'traced' : 'not traced'}), median (min–max, spread):`);
      for (const [k, xs] of Object.entries(summary)) console.log(`  ${k.padEnd(11)} ${fmt(xs)} ms`);
      console.log(`JSON ${JSON.stringify({ rate, seconds, runs, trace, ...summary })}`);
    } finally {
      await hub.stop();
      if (profileDir) console.log(`profiles of each role (whole life, startup included): ${profileDir}`);
    }
  } finally {
    await pg.end();
    await collector.close();
    await sinkChild.stop();
    stopInfra(started);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function checkpoints(pg: PgPool): Promise<number> {
  const { rows } = await pg.query<{ n: string }>('SELECT checkpoints_timed + checkpoints_req AS n FROM pg_stat_bgwriter');
  return Number(rows[0].n);
}

/** taskset every thread of the hub's roles to core 1 and of the stores, the sink and this process to core 0. */
function pinComponents(children: Partial<Record<string, { process: { pid?: number } }>>): void {
  const roles = Object.values(children).map((c) => c!.process.pid!);
  const others = components()
    .filter((c) => ['kafka', 'redis', 'postgresql', 'sink', 'bench load'].includes(c.name))
    .map((c) => c.pid);
  for (const [pids, core] of [[roles, '1'], [others, '0']] as const) for (const pid of pids) execFileSync('taskset', ['-a', '-p', '-c', core, String(pid)], { stdio: 'ignore' });
  console.log(`pinned: hub roles (${roles.join(', ')}) on core 1; Kafka, Redis, PostgreSQL, the sink and the load generator (${others.length} processes) on core 0`);
}

/** Each role's read and write system calls so far (/proc/<pid>/io: syscr, syscw). */
function syscalls(children: Partial<Record<string, { process: { pid?: number } }>>): Record<string, { r: number; w: number }> {
  const out: Record<string, { r: number; w: number }> = {};
  for (const [role, child] of Object.entries(children)) {
    const io = readFileSync(`/proc/${child!.process.pid}/io`, 'utf8');
    out[role] = { r: Number(/syscr: (\d+)/.exec(io)?.[1]), w: Number(/syscw: (\d+)/.exec(io)?.[1]) };
  }
  return out;
}

/**
 * Each role's scheduler figures so far, summed over its threads (/proc/<pid>/task/<tid>/schedstat):
 * time on a core, time runnable but waiting for one, and how many times it was put on one.
 */
function schedstats(children: Partial<Record<string, { process: { pid?: number } }>>): Record<string, { cpuNs: number; waitNs: number; slices: number }> {
  const out: Record<string, { cpuNs: number; waitNs: number; slices: number }> = {};
  for (const [role, child] of Object.entries(children)) {
    const sum = { cpuNs: 0, waitNs: 0, slices: 0 };
    for (const tid of readdirSync(`/proc/${child!.process.pid}/task`)) {
      try {
        const [cpu, wait, slices] = readFileSync(`/proc/${child!.process.pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
        sum.cpuNs += cpu;
        sum.waitNs += wait;
        sum.slices += slices;
      } catch {
        /* a thread that ended meanwhile */
      }
    }
    out[role] = sum;
  }
  return out;
}

/** PostgreSQL's commits and statements so far (all databases), for what a run asked of it. */
async function pgWork(pg: PgPool): Promise<{ commits: number; inserted: number; updated: number }> {
  const { rows } = await pg.query<{ c: string; i: string; u: string }>('SELECT sum(xact_commit) AS c, sum(tup_inserted) AS i, sum(tup_updated) AS u FROM pg_stat_database');
  return { commits: Number(rows[0].c), inserted: Number(rows[0].i), updated: Number(rows[0].u) };
}

runTool(main);
