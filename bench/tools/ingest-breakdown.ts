// Where the CPU of one single-event POST goes: the API alone (as `npm run bench`'s ingest scenario
// runs it), under the same closed loop (one event a POST, 32 connections), with --cpu-prof. The
// process's CPU during the measured window divided by the requests it accepted is the cost of one
// request; the profile's self time, each native frame charged to the nearest JavaScript frame that
// called it, splits that cost into what the request does. Startup (module loading) is left out.
//   npm run -s build && node dist/bench/tools/ingest-breakdown.js [--producer platformatic|kafkajs] [--seconds 20] [--functions]
// Needs the shared infrastructure (scripts/infra.sh start).
import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coresUsed, cpuSeconds } from '../lib/cpu';
import { startHubProcesses } from '../lib/hub-processes';
import { ensureInfra, stopInfra } from '../lib/infra';
import { BENCH_TOKEN, writeBenchLandscape } from '../lib/landscape';
import { closedLoop } from '../lib/load';
import { payAwardPosts, SINGLE_CONNECTIONS } from '../scenarios/ingest';
import { packageOf } from './profile-summary';
import { runTool } from '../lib/tool';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a request does, by the package (or the hub's folder) the time is spent in. First match wins. */
const BUCKETS: [string, (pkg: string, url: string, fn: string) => boolean][] = [
  ['garbage collection', (_p, _u, fn) => fn === '(garbage collector)'],
  ['idle', (_p, _u, fn) => fn === '(idle)'],
  ['startup (module loading)', (p) => p.startsWith('node:internal/modules') || p === 'node:internal/vm'],
  ['logging (pino, pino-http, redaction)', (p) => /^(pino|pino-http|nestjs-pino|@pinojs\/redact|sonic-boom|pino-std-serializers|fast-redact|thread-stream)$/.test(p)],
  ['duplicate check (ioredis)', (p) => /^(ioredis|@ioredis\/.*|redis-parser|denque|cluster-key-slot|standard-as-callback|libs\/delivery)$/.test(p)],
  ['Kafka produce', (p) => /^(@platformatic\/.*|kafkajs|libs\/kafka|fastq|mnemonist)$/.test(p)],
  ['schema validation (ajv)', (p) => /^(ajv|ajv-formats|fast-uri|fast-deep-equal|libs\/schema-registry)$/.test(p)],
  ['envelope: strict JSON, CloudEvents checks, Kafka message', (p, u) => (p === 'apps/api' && u.includes('/ingest/')) || p === 'libs/events'],
  ['credential lookup', (p, u) => (p === 'apps/api' && u.includes('/auth/')) || p === 'libs/config'],
  ['hashing (event key, token)', (p) => p.startsWith('node:internal/crypto')],
  ['metrics (prom-client)', (p) => p === 'prom-client' || p === 'libs/observability' || p === 'tdigest' || p === 'bintrees'],
  [
    'HTTP: node http, Express, Nest, request guard, answer',
    (p, u) =>
      /^(express|router|body-parser|raw-body|content-type|on-finished|finalhandler|path-to-regexp|iconv-lite|type-is|mime-types|send|qs|depd|statuses|http-errors|@nestjs\/.*|rxjs|libs\/http-problem|accepts|negotiator|vary|etag|fresh|cookie|parseurl|encodeurl|escape-html|forwarded|proxy-addr|setprototypeof|media-typer|debug|ms)$/.test(p) ||
      p.startsWith('node:_http') ||
      p === 'node:net' ||
      p.startsWith('node:internal/stream') ||
      p === 'node:internal/http' ||
      (p === 'apps/api' && !u.includes('/ingest/') && !u.includes('/auth/')),
  ],
  ['Node core: buffers, events, timers, microtasks', (p) => p.startsWith('node:') || p === '(native)'],
];

function bucketsOf(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A native frame (no script URL) is charged to the nearest caller that has one.
  const chargedTo = (id: number): ProfileNode => {
    let n = byId.get(id)!;
    for (let p = parent.get(n.id); !n.callFrame.url && p !== undefined && !/^\(/.test(n.callFrame.functionName); p = parent.get(n.id)) n = byId.get(p)!;
    return n;
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const out = new Map<string, number>();
  for (const [id, t] of self) {
    const original = byId.get(id)!;
    const n = /^\(/.test(original.callFrame.functionName) ? original : chargedTo(id);
    const pkg = packageOf(n.callFrame.url);
    const bucket = BUCKETS.find(([, match]) => match(pkg, n.callFrame.url, n.callFrame.functionName))?.[0] ?? `other: ${pkg}`;
    out.set(bucket, (out.get(bucket) ?? 0) + t);
    const fn = `${bucket.split(':')[0]} | ${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
    functions.set(fn, (functions.get(fn) ?? 0) + t);
  }
  return out;
}

/** Self time by (bucket, JavaScript function), for --functions. */
const functions = new Map<string, number>();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
  const producer = arg('producer', 'platformatic');
  const seconds = Number(arg('seconds', '20'));
  const { env: infra, started } = ensureInfra();
  const dir = mkdtempSync(join(tmpdir(), 'hub-ingest-profile-'));
  try {
    const landscape = writeBenchLandscape('http://127.0.0.1:9', 16);
    const hub = await startHubProcesses(infra, { landscape, roles: ['api'], nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`], env: { KAFKA_PRODUCER: producer } });
    let requests = 0;
    let cores = 0;
    let perSec = 0;
    let measured = seconds;
    try {
      const url = `${hub.url}/v1/events`;
      await closedLoop(url, BENCH_TOKEN, SINGLE_CONNECTIONS, 3, payAwardPosts('warm'));
      const before = cpuSeconds(hub.roleOf);
      const r = await closedLoop(url, BENCH_TOKEN, SINGLE_CONNECTIONS, seconds, payAwardPosts('profile'));
      cores = Object.values(coresUsed(before, cpuSeconds(hub.roleOf), r.seconds)).reduce((a, b) => a + b, 0);
      requests = r.requests;
      perSec = r.eventsPerSec;
      measured = r.seconds;
      if (r.errors) throw new Error(`${r.errors} requests failed`);
    } finally {
      await hub.stop();
    }
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the API wrote no profile');
    const buckets = bucketsOf(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
    const busy = [...buckets].filter(([b]) => b !== 'idle' && !b.startsWith('startup')).reduce((a, [, t]) => a + t, 0);
    const cpuPerRequestUs = (cores * measured * 1e6) / requests;
    console.log(`API alone, ${producer}: ${perSec.toFixed(0)} events/s, one event a POST on ${SINGLE_CONNECTIONS} connections for ${seconds} s; ${cores.toFixed(2)} cores, ${cpuPerRequestUs.toFixed(0)} µs of CPU a request`);
    console.log('share of the busy profile (idle and startup left out) and µs a request:');
    const all = [...buckets].filter(([b]) => b !== 'idle' && !b.startsWith('startup')).sort((a, b) => b[1] - a[1]);
    // Packages that no bucket names, each under 1% of the busy time, as one line.
    const small = all.filter(([b, t]) => b.startsWith('other: ') && t / busy < 0.01);
    const rows: [string, number][] = [...all.filter((r) => !small.includes(r)), [`other (${small.length} packages, each under 1%)`, small.reduce((a, [, t]) => a + t, 0)]];
    for (const [b, t] of rows) console.log(`${((t / busy) * 100).toFixed(1).padStart(6)}%  ${((t / busy) * cpuPerRequestUs).toFixed(0).padStart(5)} µs  ${b}`);
    if (argv.includes('--functions')) {
      console.log('the costliest functions (native time charged to them), µs a request:');
      for (const [f, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((t / busy) * cpuPerRequestUs).toFixed(1).padStart(7)} µs  ${f}`);
    }
    console.log(`JSON ${JSON.stringify({ producer, eventsPerSec: perSec, cores, cpuPerRequestUs, buckets: Object.fromEntries(rows.map(([b, t]) => [b, Number(((t / busy) * cpuPerRequestUs).toFixed(1))])) })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    stopInfra(started);
  }
}

runTool(main);
