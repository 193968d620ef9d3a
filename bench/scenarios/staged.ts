// The staged replacement's costs: what a parallel run costs per event beside a route with one
// target, and how long deliveries pause when a tenant's domain is cut over under a steady load.
// Method: BENCHMARKS.md, "Staged replacement".
import { Pool } from 'pg';
import type { CanonicalEvent } from '@hub/events';
import { waitFor } from '@hub/testing';
import { nowMs } from '../lib/counting-sink';
import { Force, idPrefix, payAward, sinkKey } from '../lib/events';
import { HubProcesses } from '../lib/hub-processes';
import { BENCH_OPERATOR_TOKEN, BENCH_TOKEN, cutoverTenants } from '../lib/landscape';
import { openLoop } from '../lib/load';
import { BenchContext, repeat, Row, scaled } from './context';
import { flood } from './delivery';

/** The steady load a cutover is made under, single-event POSTs (the figure). */
export const CUTOVER_RATE = 500;
/** Seconds of load before the cutover, and after it. */
const BEFORE_S = 8;
const AFTER_S = 6;
/** The window around the switch whose longest gap between deliveries is its pause. */
const WINDOW_MS = 2_000;

const cpuMsPerEvent = (cores: Record<string, number>, seconds: number, events: number) =>
  (Object.entries(cores).filter(([k]) => k.startsWith('hub ')).reduce((sum, [, c]) => sum + c, 0) * seconds * 1000) / events;

/**
 * The parallel run's cost: Fenland's pay changes go to payroll-fen and, as shadow deliveries, to
 * erp-fen (the worker's comparer on, every second); Moorside's to payroll-moor only. The same
 * number of each, posted in batches at saturation, alternately in each run: events/s from the
 * first POST to the last delivery (both sides for Fenland), the hub's CPU per event, and for the
 * parallel run the first POST → the last comparison written.
 */
export async function parallelRunCost(ctx: BenchContext, hub: HubProcesses): Promise<Row[]> {
  const n = scaled(ctx, 10_000);
  const pg = new Pool({ connectionString: ctx.infra.DATABASE_URL, max: 1 });
  try {
    const s = await repeat(ctx, `parallel run beside one target (${n} pay changes each)`, async (run) => {
      const count = run < 0 ? Math.ceil(n / 4) : n;
      const one = Array.from({ length: count }, (_, i) => payAward(idPrefix('one'), i, 'moor'));
      const single = await flood(ctx, hub, one, (e) => [`payroll-${e.tenant}`]);
      const prefix = idPrefix('par');
      const both = Array.from({ length: count }, (_, i) => payAward(prefix, i, 'fen'));
      const parallel = await flood(ctx, hub, both, () => ['payroll-fen', 'erp-fen']);
      const compared = await waitFor('every comparison written', async () => {
        const { rows } = await pg.query(`SELECT count(*)::int AS n FROM ${hub.ledgerSchema}.parallel_run_comparisons c JOIN ${hub.ledgerSchema}.events e USING (event_key) WHERE e.event_id LIKE $1`, [`${prefix}-%`]);
        return rows[0].n >= count ? nowMs() : false;
      }, 300_000, 100);
      return {
        oneEventsPerSec: count / single.seconds,
        parallelEventsPerSec: count / parallel.seconds,
        oneCpuMs: cpuMsPerEvent(single.cpu, single.seconds, count),
        parallelCpuMs: cpuMsPerEvent(parallel.cpu, parallel.seconds, count),
        comparedSeconds: (compared - parallel.start) / 1000,
        lost: single.missing + parallel.missing + single.doubled + parallel.doubled,
      };
    });
    return [
      { id: 'hub.route.one', group: 'parallel run', label: `pay changes to a route with one target (${n} events, batches): POST → last delivery`, unit: 'events/s', summary: s.oneEventsPerSec, better: 'higher' },
      { id: 'hub.parallel', group: 'parallel run', label: '… the same to a primary and a shadow: POST → the last of both deliveries', unit: 'events/s', summary: s.parallelEventsPerSec, better: 'higher', baseline: 'hub.route.one' },
      { id: 'hub.route.one.cpu', group: 'parallel run', label: 'hub CPU per event (api, router, worker), one target', unit: 'ms', summary: s.oneCpuMs, better: 'lower' },
      { id: 'hub.parallel.cpu', group: 'parallel run', label: 'hub CPU per event, primary and shadow', unit: 'ms', summary: s.parallelCpuMs, better: 'lower', baseline: 'hub.route.one.cpu' },
      { id: 'hub.parallel.compared', group: 'parallel run', label: '… first POST → every comparison written (the comparer every second)', unit: 's', summary: s.comparedSeconds, better: 'lower' },
      { id: 'hub.parallel.lost', group: 'parallel run', label: 'deliveries missing or doubled at the targets, both rows', unit: 'count', summary: s.lost, better: 'lower' },
    ];
  } finally {
    await pg.end();
  }
}

/**
 * A cutover under load: single-event POSTs of one tenant's pay changes at CUTOVER_RATE/s, open
 * loop; after BEFORE_S seconds the tenant's `payroll` domain is cut over (POST
 * /v1/landscape/cutovers: its ERP, the shadow, becomes the primary and its payroll is retired); the
 * load goes on AFTER_S seconds. Each event's primary delivery is its arrival at the payroll (events
 * accepted before the switch) or, for those that never reach it, at the ERP (after). The pause is
 * the longest gap between consecutive primary deliveries within WINDOW_MS of the switch, against
 * the longest gap in as long a window of the same run before it; and POST → primary p99 for events
 * due within WINDOW_MS after the switch against those in the window before. A new tenant per run.
 */
export async function cutoverPause(ctx: BenchContext, hub: HubProcesses): Promise<Row[]> {
  const tenants = cutoverTenants(ctx.repeats);
  // Long enough before the switch for a steady window of the same length clear of the load's start.
  const before = Math.max(2 + (3 * WINDOW_MS) / 1000, Math.round(BEFORE_S * Math.sqrt(ctx.scale)));
  const after = Math.max(2 + WINDOW_MS / 1000, Math.round(AFTER_S * Math.sqrt(ctx.scale)));
  const s = await repeat(ctx, `cutover under ${CUTOVER_RATE} events/s`, async (run) => {
    const tenant = tenants[run + 1];
    await ctx.sink.reset();
    const prefix = idPrefix('cut');
    const events: CanonicalEvent[] = [];
    let switchedAt = 0;
    let version = 0;
    const cut = (async () => {
      await new Promise((r) => setTimeout(r, before * 1000));
      const t0 = nowMs();
      const res = await fetch(`${hub.url}/v1/landscape/cutovers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, domain: 'payroll', reason: 'bench: cutover under load' }),
      });
      const answer = (await res.json()) as { version?: number };
      if (res.status !== 201) throw new Error(`the cutover answered ${res.status}: ${JSON.stringify(answer)}`);
      switchedAt = (t0 + nowMs()) / 2;
      version = answer.version!;
    })();
    const load = await openLoop(`${hub.url}/v1/events`, BENCH_TOKEN, CUTOVER_RATE, before + after, (i) => {
      const e = payAward(prefix, i, tenant as Force);
      events.push(e);
      return { contentType: 'application/cloudevents+json', body: JSON.stringify(e), events: 1 };
    });
    await cut;
    if (load.errors) throw new Error(`${load.errors} posts failed during the cutover`);
    // Every event reaches the ERP (as the shadow before the switch, the primary after).
    const erpKeys = events.map((e) => sinkKey(`erp-${tenant}`, e));
    const stats = await waitFor('every event at the ERP', async () => {
      const at = await ctx.sink.receipts(erpKeys);
      return at.every((t) => t !== null) ? ctx.sink.stats() : false;
    }, 120_000, 100);
    const [atPayroll, atErp] = await Promise.all([ctx.sink.receipts(events.map((e) => sinkKey(`payroll-${tenant}`, e))), ctx.sink.receipts(erpKeys)]);
    const primary = events.map((_, i) => atPayroll[i] ?? atErp[i]!);
    const moved = atPayroll.filter((t) => t === null).length;
    if (moved === 0 || moved === events.length) throw new Error(`the cutover (version ${version}) moved ${moved} of ${events.length} events: not a switch under load`);
    const longestGap = (from: number, to: number) => {
      const xs = primary.filter((t) => t >= from && t <= to).sort((a, b) => a - b);
      let gap = 0;
      for (let i = 1; i < xs.length; i++) gap = Math.max(gap, xs[i] - xs[i - 1]);
      return gap;
    };
    const p99 = (from: number, to: number) => {
      const xs = primary.flatMap((t, i) => (load.sentAt[i] >= from && load.sentAt[i] < to ? [t - load.sentAt[i]] : [])).sort((a, b) => a - b);
      return xs[Math.min(xs.length - 1, Math.floor(0.99 * xs.length))] ?? 0;
    };
    const quiet = switchedAt - 2 * WINDOW_MS;
    return {
      gap: longestGap(switchedAt - WINDOW_MS, switchedAt + WINDOW_MS),
      gapBefore: longestGap(quiet - WINDOW_MS, quiet + WINDOW_MS),
      p99After: p99(switchedAt, switchedAt + WINDOW_MS),
      p99Before: p99(quiet, quiet + WINDOW_MS),
      doubled: stats.doubled,
    };
  });
  const label = `${CUTOVER_RATE} events/s, one a POST`;
  return [
    { id: 'hub.cutover.gap.steady', group: 'cutover', label: `longest gap between primary deliveries, ${WINDOW_MS / 1000} s either side of a moment without a switch, ${label}`, unit: 'ms', summary: s.gapBefore, better: 'lower' },
    { id: 'hub.cutover.gap', group: 'cutover', label: `… ${WINDOW_MS / 1000} s either side of the cutover`, unit: 'ms', summary: s.gap, better: 'lower', baseline: 'hub.cutover.gap.steady' },
    { id: 'hub.cutover.p99.steady', group: 'cutover', label: `POST → primary p99, events due in ${WINDOW_MS / 1000} s without a switch`, unit: 'ms', summary: s.p99Before, better: 'lower' },
    { id: 'hub.cutover.p99', group: 'cutover', label: `… events due in the ${WINDOW_MS / 1000} s after the cutover`, unit: 'ms', summary: s.p99After, better: 'lower', baseline: 'hub.cutover.p99.steady' },
    { id: 'hub.cutover.doubled', group: 'cutover', label: 'deliveries doubled at the targets across the switch', unit: 'count', summary: s.doubled, better: 'lower' },
  ];
}
