// What the API spends per event reading and checking what it is sent, before anything is published:
// readCloudEvents (body → candidate events) and checkEvents (envelope, credential scope, type and
// data) on every valid fixture in schemas/fixtures/<type>/valid, in structured mode (one event a
// body) and in batches (every fixture in one body). No I/O, no HTTP: only the CPU of those two
// steps, in the process's own CPU time (process.cpuUsage), median of the rounds.
//
//   npm run -s build && node dist/bench/ingest-parse-cost.js [--rounds 40] [--out before.json] [--before before.json]
// --out writes the figures; --before reads figures written earlier (say, at the commit before a
// change) and prints after ÷ before beside them. bench/results/ingest-parse-before.json is this
// script's output at 9d6f0ef, before issue 12's stricter checks (checkEvents took no fifth argument).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { SchemaRegistry } from '@hub/schema-registry';
import type { SourcePrincipal } from '../apps/api/src/auth/principal';
import { readCloudEvents } from '../apps/api/src/ingest/cloudevent-reader';
import { checkEvents } from '../apps/api/src/ingest/event-checks';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Number(arg('rounds') ?? 40);
const SOURCE = 'urn:erp-hub:source:bench';
const schemasDir = join(__dirname, '..', '..', 'schemas');

const registry = SchemaRegistry.load(schemasDir);
const principal: SourcePrincipal = { kind: 'source', id: 'bench', tenants: ['*'], types: registry.types(), sourceUris: new Set([SOURCE]) };

/** Every valid fixture as an event, with every attribute the hub reads. */
function fixtureEvents(): Record<string, unknown>[] {
  const dir = join(schemasDir, 'fixtures');
  return readdirSync(dir).flatMap((type) =>
    readdirSync(join(dir, type, 'valid')).map((file, i) => ({
      specversion: '1.0',
      id: `${type}-${file}-${i}`,
      source: SOURCE,
      type,
      subject: `FEN-${String(i).padStart(6, '0')}`,
      tenant: 'fen',
      time: '2026-11-23T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: JSON.parse(readFileSync(join(dir, type, 'valid', file), 'utf8')),
    })),
  );
}

interface Figure {
  mode: string;
  events: number;
  /** Median over the rounds of CPU µs per event. */
  usPerEvent: number;
  p10: number;
  p90: number;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function measure(mode: string, requests: { headers: IncomingHttpHeaders; body: Buffer; batch: boolean; events: number }[]): Figure {
  const events = requests.reduce((n, r) => n + r.events, 0);
  // Enough repetitions per round for a few tens of milliseconds of CPU, so cpuUsage's granularity does not matter.
  const reps = Math.max(1, Math.round(20_000 / events));
  const once = () => {
    for (const r of requests) {
      const read = readCloudEvents(r.headers, r.body);
      const accepted = checkEvents(registry, principal, read.candidates, r.batch, read.mayHoldUncarriable);
      if (accepted.length !== r.events) throw new Error(`${mode}: ${accepted.length} of ${r.events} events accepted`);
    }
  };
  for (let i = 0; i < 5 * reps; i++) once(); // warm up: JIT and ajv's compiled code
  const perEvent: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = cpuMicros();
    for (let i = 0; i < reps; i++) once();
    perEvent.push((cpuMicros() - start) / (reps * events));
  }
  perEvent.sort((a, b) => a - b);
  const q = (p: number) => perEvent[Math.min(perEvent.length - 1, Math.floor(p * perEvent.length))];
  return { mode, events, usPerEvent: q(0.5), p10: q(0.1), p90: q(0.9) };
}

function main(): void {
  const events = fixtureEvents();
  const structured = events.map((e) => ({ headers: { 'content-type': 'application/cloudevents+json' }, body: Buffer.from(JSON.stringify(e), 'utf8'), batch: false, events: 1 }));
  const batch = [{ headers: { 'content-type': 'application/cloudevents-batch+json' }, body: Buffer.from(JSON.stringify(events), 'utf8'), batch: true, events: events.length }];
  const binary = events.map((e) => {
    const headers: IncomingHttpHeaders = { 'content-type': 'application/json' };
    for (const [k, v] of Object.entries(e)) if (k !== 'data' && k !== 'datacontenttype') headers[`ce-${k}`] = String(v);
    return { headers, body: Buffer.from(JSON.stringify(e.data), 'utf8'), batch: false, events: 1 };
  });
  const figures = [measure('structured, one event a body', structured), measure(`batch of ${events.length}`, batch), measure('binary, one event a body', binary)];

  const before = arg('before') ? (JSON.parse(readFileSync(arg('before')!, 'utf8')) as Figure[]) : undefined;
  console.log(`${events.length} valid fixtures, ${ROUNDS} rounds, CPU µs per event (median, p10–p90)${before ? ', before → after' : ''}`);
  for (const f of figures) {
    const b = before?.find((x) => x.mode === f.mode);
    const now = `${f.usPerEvent.toFixed(2)} µs (${f.p10.toFixed(2)}–${f.p90.toFixed(2)})`;
    console.log(`  ${f.mode.padEnd(30)} ${b ? `${b.usPerEvent.toFixed(2)} → ${now}, ×${(f.usPerEvent / b.usPerEvent).toFixed(3)}, +${(f.usPerEvent - b.usPerEvent).toFixed(2)} µs` : now}`);
  }
  if (arg('out')) writeFileSync(arg('out')!, JSON.stringify(figures, null, 2));
}

main();
