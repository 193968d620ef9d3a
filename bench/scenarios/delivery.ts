import { Pool } from 'pg';
import { nowMs } from '../lib/counting-sink';
import { coresUsed, cpuSeconds } from '../lib/cpu';
import type { CanonicalEvent } from '@hub/events';
import { benchJoiner, Force, idPrefix, payAward, sinkKey } from '../lib/events';
import { HubProcesses } from '../lib/hub-processes';
import { BENCH_TOKEN, FANOUT, joinerTargets } from '../lib/landscape';
import { openLoop, postAll, PostSpec } from '../lib/load';
import { waitFor } from '@hub/testing';
import { latencyOf } from '../lib/stats';
import { BenchContext, repeat, Row, scaled } from './context';
import { BATCH_SIZE, SINGLE_CONNECTIONS } from './ingest';

const POST_CONNECTIONS = 4;

export const asBatches = (events: CanonicalEvent[], size = BATCH_SIZE): PostSpec[] => {
  if (size === 1) return events.map((e) => ({ contentType: 'application/cloudevents+json', body: JSON.stringify(e), events: 1 }));
  const specs: PostSpec[] = [];
  for (let i = 0; i < events.length; i += size) {
    const chunk = events.slice(i, i + size);
    specs.push({ contentType: 'application/cloudevents-batch+json', body: JSON.stringify(chunk), events: chunk.length });
  }
  return specs;
};

/** Each event's delivery keys at the sink: one per target its force routes it to. */
const keysOf = (events: CanonicalEvent[], targets: (e: CanonicalEvent) => string[]) => events.flatMap((e) => targets(e).map((t) => sinkKey(t, e)));
const payrollOf = (e: CanonicalEvent) => [`payroll-${e.tenant}`];

/**
 * Posts `events` (in batches of `batch`) as fast as the API takes them and waits for every delivery at the sink.
 * Returns seconds from the first POST to the last delivery's arrival, to the last 202, and counts.
 */
export async function flood(ctx: BenchContext, hub: HubProcesses, events: CanonicalEvent[], targets: (e: CanonicalEvent) => string[], batch = BATCH_SIZE, connections = POST_CONNECTIONS, timeoutMs = 600_000) {
  await ctx.sink.reset();
  const keys = keysOf(events, targets);
  const cpuBefore = cpuSeconds((pid) => hub.roleOf(pid));
  const posted = await postAll(`${hub.url}/v1/events`, BENCH_TOKEN, asBatches(events, batch), connections);
  if (posted.rejected) throw new Error(`${posted.rejected} events were refused; see .bench/logs/hub-api.log`);
  const stats = await ctx.sink.waitForDistinct(keys.length, timeoutMs);
  const { last, missing } = await ctx.sink.lastReceipt(keys);
  const cpu = coresUsed(cpuBefore, cpuSeconds((pid) => hub.roleOf(pid)), (nowMs() - posted.start) / 1000);
  return { cpu, seconds: (last - posted.start) / 1000, acceptSeconds: (posted.end - posted.start) / 1000, deliveries: keys.length, missing, doubled: stats.doubled, start: posted.start };
}

/**
 * End to end: throughput at saturation, with batches (the pipeline's capacity) and with one event
 * a POST (what most sources send, and what the API pays most for), then latency (POST → sink and
 * POST → 202) in an open loop of single-event POSTs at half the single-event saturation.
 */
export async function endToEnd(ctx: BenchContext, hub: HubProcesses, o: { latency?: boolean } = {}): Promise<{ rows: Row[]; saturation: number }> {
  const n = scaled(ctx, 20_000);
  const sat = await repeat(ctx, 'hub end to end at saturation, batches', async (run) => {
    const prefix = idPrefix('e2e');
    const events = Array.from({ length: run < 0 ? Math.ceil(n / 4) : n }, (_, i) => payAward(prefix, i));
    const r = await flood(ctx, hub, events, payrollOf);
    ctx.cpu['hub end to end at saturation, batches'] = r.cpu;
    return { eventsPerSec: events.length / r.seconds, acceptedPerSec: events.length / r.acceptSeconds };
  });
  const single = await repeat(ctx, 'hub end to end at saturation, one event a POST', async (run) => {
    const prefix = idPrefix('e2e1');
    const events = Array.from({ length: run < 0 ? Math.ceil(n / 8) : Math.ceil(n / 2) }, (_, i) => payAward(prefix, i));
    const r = await flood(ctx, hub, events, payrollOf, 1, SINGLE_CONNECTIONS);
    ctx.cpu['hub end to end at saturation, one event a POST'] = r.cpu;
    return { eventsPerSec: events.length / r.seconds, acceptedPerSec: events.length / r.acceptSeconds };
  });
  const saturationRows: Row[] = [
    { id: 'hub.e2e', group: 'end to end', label: `hub POST → sink at saturation (${n} pay awards, ${BATCH_SIZE} a POST, ${POST_CONNECTIONS} connections)`, unit: 'events/s', summary: sat.eventsPerSec, better: 'higher', baseline: 'raw.pipeline' },
    { id: 'hub.e2e.accept', group: 'end to end', label: '… of which accepted (202) by the API', unit: 'events/s', summary: sat.acceptedPerSec, better: 'higher' },
    { id: 'hub.e2e.single', group: 'end to end', label: `hub POST → sink at saturation (${Math.ceil(n / 2)} pay awards, one a POST, ${SINGLE_CONNECTIONS} connections)`, unit: 'events/s', summary: single.eventsPerSec, better: 'higher', baseline: 'raw.pipeline' },
    { id: 'hub.e2e.single.accept', group: 'end to end', label: '… of which accepted (202) by the API', unit: 'events/s', summary: single.acceptedPerSec, better: 'higher' },
  ];
  if (o.latency === false) return { saturation: single.eventsPerSec.median, rows: saturationRows };
  const rate = Math.max(1, Math.round(single.eventsPerSec.median / 2));
  const seconds = Math.max(5, Math.round(20 * ctx.scale));
  const half = await repeat(ctx, `hub end to end at half saturation (${rate} events/s, one a POST)`, async (run) => {
    await ctx.sink.reset();
    const prefix = idPrefix('half');
    const events: CanonicalEvent[] = [];
    const r = await openLoop(`${hub.url}/v1/events`, BENCH_TOKEN, rate, run < 0 ? 5 : seconds, (i) => {
      const e = payAward(prefix, i);
      events.push(e);
      return { contentType: 'application/cloudevents+json', body: JSON.stringify(e), events: 1 };
    });
    if (r.errors) ctx.log(`half saturation: ${r.errors} posts failed`);
    const keys = keysOf(events, payrollOf);
    await ctx.sink.waitForDistinct(keys.length, 120_000);
    const at = await ctx.sink.receipts(keys);
    const e2e = latencyOf(at.flatMap((t, i) => (t === null ? [] : [t - r.sentAt[i]])));
    return { e2eP50: e2e.p50, e2eP99: e2e.p99, e2eP999: e2e.p999, acceptP50: r.latency.p50, acceptP99: r.latency.p99, acceptP999: r.latency.p999 };
    // Issue 17 asks for these percentiles' spread over five runs at least.
  }, Math.max(5, ctx.repeats));
  const label = `at ${rate} events/s (half saturation), one event a POST`;
  return {
    saturation: single.eventsPerSec.median,
    rows: [
      ...saturationRows,
      { id: 'hub.e2e.half.p50', group: 'end to end', label: `POST → sink p50 ${label}`, unit: 'ms', summary: half.e2eP50, better: 'lower' },
      { id: 'hub.e2e.half.p99', group: 'end to end', label: `POST → sink p99 ${label}`, unit: 'ms', summary: half.e2eP99, better: 'lower' },
      { id: 'hub.e2e.half.p999', group: 'end to end', label: `POST → sink p99.9 ${label}`, unit: 'ms', summary: half.e2eP999, better: 'lower' },
      { id: 'hub.accept.half.p50', group: 'end to end', label: `accept latency p50 ${label}`, unit: 'ms', summary: half.acceptP50, better: 'lower' },
      { id: 'hub.accept.half.p99', group: 'end to end', label: `accept latency p99 ${label}`, unit: 'ms', summary: half.acceptP99, better: 'lower' },
      { id: 'hub.accept.half.p999', group: 'end to end', label: `accept latency p99.9 ${label}`, unit: 'ms', summary: half.acceptP999, better: 'lower' },
    ],
  };
}

/** One joiner type routed to 1, 3 and 6 targets (Fenland, Moorside, Vale in the bench landscape). */
export async function fanOut(ctx: BenchContext, hub: HubProcesses): Promise<Row[]> {
  const n = scaled(ctx, 3_000);
  const rows: Row[] = [];
  for (const force of ['fen', 'moor', 'vale'] as Force[]) {
    const k = FANOUT[force];
    const s = await repeat(ctx, `fan-out to ${k}`, async (run) => {
      const prefix = idPrefix(`fan${k}`);
      const events = Array.from({ length: run < 0 ? Math.ceil(n / 4) : n }, (_, i) => benchJoiner(prefix, i, force));
      const r = await flood(ctx, hub, events, () => joinerTargets(force));
      ctx.cpu[`fan-out to ${k}`] = r.cpu;
      return { eventsPerSec: events.length / r.seconds, deliveriesPerSec: r.deliveries / r.seconds };
    });
    rows.push(
      { id: `hub.fanout.${k}`, group: 'fan-out', label: `joiners routed to ${k} target${k > 1 ? 's' : ''} (${n} events)`, unit: 'events/s', summary: s.eventsPerSec, better: 'higher', baseline: k > 1 ? 'hub.fanout.1' : undefined },
      // A delivery is a BullMQ job with an HTTP call and a ledger row: one target against plain BullMQ.
      { id: `hub.fanout.${k}.deliveries`, group: 'fan-out', label: `… deliveries to ${k} target${k > 1 ? 's' : ''}`, unit: 'deliveries/s', summary: s.deliveriesPerSec, better: 'higher', baseline: k > 1 ? 'hub.fanout.1.deliveries' : 'raw.bullmq' },
    );
  }
  return rows;
}

/**
 * The pay award: 16,000 pay changes across the three forces, posted as fast as the API takes them;
 * time until the last is acknowledged by its payroll, and until the ledger has recorded every
 * delivery; how many are missing or doubled at the target.
 */
export async function payAwardRun(ctx: BenchContext, hub: HubProcesses, ledgerSchema: string): Promise<Row[]> {
  const n = scaled(ctx, 16_000);
  const pg = new Pool({ connectionString: ctx.infra.DATABASE_URL, max: 1 });
  try {
    const s = await repeat(ctx, `pay award (${n} pay changes)`, async (run) => {
      const prefix = idPrefix('award');
      const events = Array.from({ length: run < 0 ? Math.ceil(n / 4) : n }, (_, i) => payAward(prefix, i));
      const r = await flood(ctx, hub, events, payrollOf);
      ctx.cpu['pay award'] = r.cpu;
      const recorded = await waitFor('the ledger to record every delivery', async () => {
        const { rows } = await pg.query(`SELECT count(*)::int AS n FROM ${ledgerSchema}.deliveries d JOIN ${ledgerSchema}.events e USING (event_key) WHERE d.state = 'delivered' AND e.event_id LIKE $1`, [`${prefix}-%`]);
        return rows[0].n >= events.length ? Date.now() : false;
      }, 120_000, 50);
      return { seconds: r.seconds, recordedSeconds: (recorded - r.start) / 1000, acceptSeconds: r.acceptSeconds, missing: r.missing, doubled: r.doubled };
    });
    return [
      { id: 'hub.payaward', group: 'pay award', label: `${n} pay changes, 3 forces: first POST → last acknowledged by payroll`, unit: 's', summary: s.seconds, better: 'lower' },
      { id: 'hub.payaward.recorded', group: 'pay award', label: '… → last delivery recorded in the ledger', unit: 's', summary: s.recordedSeconds, better: 'lower' },
      { id: 'hub.payaward.accepted', group: 'pay award', label: '… → last 202 from the API', unit: 's', summary: s.acceptSeconds, better: 'lower' },
      { id: 'hub.payaward.missing', group: 'pay award', label: 'deliveries missing at the targets', unit: 'count', summary: s.missing, better: 'lower' },
      { id: 'hub.payaward.doubled', group: 'pay award', label: 'deliveries doubled at the targets', unit: 'count', summary: s.doubled, better: 'lower' },
    ];
  } finally {
    await pg.end();
  }
}

/**
 * What keeping order per subject costs: end to end at saturation and fan-out with every target's
 * `ordering: none`, beside the same figures with the payroll connector's default (`subject`), in
 * the same run. Each row is a ratio to its ordered twin.
 */
export async function orderingOff(ctx: BenchContext, hub: HubProcesses): Promise<Row[]> {
  const e2e = await endToEnd(ctx, hub, { latency: false });
  const fan = await fanOut(ctx, hub);
  return [...e2e.rows, ...fan]
    .filter((r) => !r.id.endsWith('.accept'))
    .map((r) => ({ ...r, id: `${r.id}.unordered`, group: 'ordering off', label: `${r.label}, ordering: none`, baseline: r.id }));
}
