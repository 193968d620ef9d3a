import type { CanonicalEvent } from '@hub/events';
import { keyOfEvent } from '@hub/events';
import { waitFor } from '@hub/testing';
import { nowMs } from '../lib/counting-sink';
import { coresUsed, cpuSeconds } from '../lib/cpu';
import { idPrefix, payAward } from '../lib/events';
import { HubProcesses } from '../lib/hub-processes';
import { BENCH_OPERATOR_TOKEN, BENCH_TOKEN } from '../lib/landscape';
import { openLoop, postAll, PostSpec } from '../lib/load';
import { BenchContext, repeat, Row } from './context';
import { BATCH_SIZE } from './ingest';

/** History per person: five pay changes each (a realistic share of repeats within one lane). */
const EVENTS_PER_PERSON = 5;
/**
 * The throttles tried beside live traffic: the hub's default (BACKFILL_RATE, 100/s), then more. The
 * figure the issue asks for is the highest of them that leaves live accept p99 within 20% of its
 * value without a backfill (bench/targets.ts).
 */
export const LIVE_BACKFILL_RATES = [100, 250, 500] as const;
/** Live single-event posts beside it: below half the single-event saturation (BENCHMARKS.md). */
export const LIVE_RATE = 200;

/** Targets routed nowhere, one per run of each scenario (warm-up included): bf-<n>, live-<n>. */
export const backfillTargets = (repeats: number) => [
  ...Array.from({ length: repeats + 1 }, (_, i) => `bf-fen-${i}`),
  ...Array.from({ length: repeats + 1 }, (_, i) => LIVE_BACKFILL_RATES.map((rate) => `live-fen-${i}-${rate}`)).flat(),
];

export interface History {
  events: CanonicalEvent[];
  /** Acceptance windows: the warm-up's (its first tenth) and the whole history. */
  warmUp: { from: string; to: string };
  all: { from: string; to: string };
}

const batches = (events: CanonicalEvent[]): PostSpec[] => {
  const specs: PostSpec[] = [];
  for (let i = 0; i < events.length; i += BATCH_SIZE) {
    const chunk = events.slice(i, i + BATCH_SIZE);
    specs.push({ contentType: 'application/cloudevents-batch+json', body: JSON.stringify(chunk), events: chunk.length });
  }
  return specs;
};

/** Fenland's history: `n` pay changes, five per person, posted and delivered to its payroll as they happen. */
export async function seedHistory(ctx: BenchContext, hub: HubProcesses, n: number): Promise<History> {
  const prefix = idPrefix('hist');
  const people = Math.max(1, Math.floor(n / EVENTS_PER_PERSON));
  const events = Array.from({ length: n }, (_, i) => {
    const e = payAward(prefix, i, 'fen');
    const employeeId = `FEN-${String(i % people).padStart(6, '0')}`;
    return { ...e, subject: employeeId, data: { ...(e.data as object), employeeId } };
  });
  await ctx.sink.reset();
  const first = Math.ceil(n / 10);
  const from = new Date().toISOString();
  ctx.log(`backfill: seeding ${n} events of history (${people} people), delivered to payroll-fen as they are posted`);
  const post = async (part: CanonicalEvent[], total: number) => {
    const posted = await postAll(`${hub.url}/v1/events`, BENCH_TOKEN, batches(part), 4);
    if (posted.rejected) throw new Error(`${posted.rejected} history events were refused`);
    await ctx.sink.waitForDistinct(total, 900_000);
    return new Date().toISOString();
  };
  const warmUpTo = await post(events.slice(0, first), first);
  const to = await post(events.slice(first), n);
  return { events, warmUp: { from, to: warmUpTo }, all: { from, to } };
}

async function api(hub: HubProcesses, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${hub.url}${path}`, { method, headers: { authorization: `Bearer ${BENCH_OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

const startBackfill = (hub: HubProcesses, target: string, window: { from: string; to: string }, rate: number) =>
  api(hub, 'POST', '/v1/backfills', { tenant: 'fen', target, types: ['payroll.*'], ...window, rate, reason: 'bench' });

/**
 * 100,000 events of history backfilled to one new target as fast as the hub goes (its maximum
 * rate), with the rest of the hub idle: events/s from the POST that starts it (the selection
 * included) to the last arrival at the sink; the backfill's own finish (every delivery recorded);
 * none missing, none doubled, every one under its backfill key.
 */
export async function backfillThroughput(ctx: BenchContext, hub: HubProcesses, history: History, maxRate: number): Promise<Row[]> {
  const n = history.events.length;
  const targets = backfillTargets(ctx.repeats).filter((t) => t.startsWith('bf-'));
  const s = await repeat(ctx, `backfill of ${n} events to one target`, async (run) => {
    const target = targets[run + 1];
    const window = run < 0 ? history.warmUp : history.all;
    const events = run < 0 ? history.events.slice(0, Math.ceil(n / 10)) : history.events;
    const keys = events.map((e) => `${target}|backfill.${target}.${keyOfEvent(e)}`);
    await ctx.sink.reset();
    const cpuBefore = cpuSeconds((pid) => hub.roleOf(pid));
    const t0 = nowMs();
    const started = await startBackfill(hub, target, window, maxRate);
    const selected = nowMs();
    if (started.progress.total !== events.length) throw new Error(`the backfill selected ${started.progress.total} events, not ${events.length}`);
    const stats = await ctx.sink.waitForDistinct(keys.length, 900_000);
    const { last, missing } = await ctx.sink.lastReceipt(keys);
    const done = await waitFor('the backfill finished', async () => ((await api(hub, 'GET', `/v1/backfills/${started.id}`)).state === 'finished' ? nowMs() : false), 120_000, 50);
    ctx.cpu['backfill to one target'] = coresUsed(cpuBefore, cpuSeconds((pid) => hub.roleOf(pid)), (nowMs() - t0) / 1000);
    return { eventsPerSec: events.length / ((last - t0) / 1000), selectSeconds: (selected - t0) / 1000, finishedSeconds: (done - t0) / 1000, missing, doubled: stats.doubled };
  });
  return [
    { id: 'hub.backfill', group: 'backfill', label: `${n} events of history to one new target at the maximum rate, the rest of the hub idle: POST → last at the sink`, unit: 'events/s', summary: s.eventsPerSec, better: 'higher', baseline: 'hub.fanout.1.deliveries' },
    { id: 'hub.backfill.select', group: 'backfill', label: '… of which the POST (checks, selection taken into the ledger)', unit: 's', summary: s.selectSeconds, better: 'lower' },
    { id: 'hub.backfill.finished', group: 'backfill', label: '… POST → the backfill finished (every delivery recorded)', unit: 's', summary: s.finishedSeconds, better: 'lower' },
    { id: 'hub.backfill.missing', group: 'backfill', label: 'backfill deliveries missing at the target', unit: 'count', summary: s.missing, better: 'lower' },
    { id: 'hub.backfill.doubled', group: 'backfill', label: 'backfill deliveries doubled at the target', unit: 'count', summary: s.doubled, better: 'lower' },
  ];
}

/**
 * What a throttled backfill costs live traffic: single-event POSTs of another force at LIVE_RATE
 * for a while, open loop, alone and then beside a backfill at each of LIVE_BACKFILL_RATES to a
 * new target (cancelled after its window), in the same run; accept latency p50 and p99 of each.
 * Alone is measured again after the backfills, and the two alone windows' mean is the reference,
 * so a drift of the machine during the run weighs on both sides alike.
 */
export async function backfillBesideLive(ctx: BenchContext, hub: HubProcesses, history: History): Promise<Row[]> {
  const seconds = Math.max(5, Math.round(20 * ctx.scale));
  const live = async () => {
    const prefix = idPrefix('live');
    const r = await openLoop(`${hub.url}/v1/events`, BENCH_TOKEN, LIVE_RATE, seconds, (i) => ({ contentType: 'application/cloudevents+json', body: JSON.stringify(payAward(prefix, i, 'moor')), events: 1 }));
    if (r.errors) ctx.log(`backfill beside live: ${r.errors} live posts failed`);
    return r.latency;
  };
  const beside = async (run: number, rate: number) => {
    const b = await startBackfill(hub, `live-fen-${run + 1}-${rate}`, history.all, rate);
    await waitFor('the backfill delivering', async () => (await api(hub, 'GET', `/v1/backfills/${b.id}`)).progress.delivered > 0, 60_000, 50);
    const before = (await api(hub, 'GET', `/v1/backfills/${b.id}`)).progress.delivered;
    const t0 = nowMs();
    const latency = await live();
    const during = (await api(hub, 'GET', `/v1/backfills/${b.id}`)).progress.delivered - before;
    await api(hub, 'POST', `/v1/backfills/${b.id}/cancel`, { reason: 'bench: the live window is over' });
    return { latency, rate: during / ((nowMs() - t0) / 1000) };
  };
  const s = await repeat<string>(ctx, `live posts at ${LIVE_RATE}/s without, then beside a backfill at ${LIVE_BACKFILL_RATES.join(', ')}/s, then without again`, async (run) => {
    const first = await live();
    const figures: Record<string, number> = {};
    // A new backfill per throttle, each to a target of its own that has none of the history yet.
    for (const rate of LIVE_BACKFILL_RATES) {
      const r = await beside(run, rate);
      Object.assign(figures, { [`p50at${rate}`]: r.latency.p50, [`p99at${rate}`]: r.latency.p99, [`rateAt${rate}`]: r.rate });
    }
    const last = await live();
    return { aloneP50: (first.p50 + last.p50) / 2, aloneP99: (first.p99 + last.p99) / 2, ...figures };
  });
  const label = `single-event POSTs at ${LIVE_RATE}/s`;
  return [
    { id: 'hub.live.alone.p99', group: 'backfill beside live', label: `accept latency p99, ${label}, no backfill (mean of a window before and one after)`, unit: 'ms', summary: s.aloneP99, better: 'lower' },
    { id: 'hub.live.alone.p50', group: 'backfill beside live', label: `accept latency p50, ${label}, no backfill`, unit: 'ms', summary: s.aloneP50, better: 'lower' },
    ...LIVE_BACKFILL_RATES.flatMap((rate): Row[] => [
      { id: `hub.live.backfill.${rate}.p99`, group: 'backfill beside live', label: `accept latency p99, ${label}, beside a backfill throttled to ${rate}/s${rate === 100 ? ' (the default, BACKFILL_RATE)' : ''}`, unit: 'ms', summary: s[`p99at${rate}`], better: 'lower', baseline: 'hub.live.alone.p99' },
      { id: `hub.live.backfill.${rate}.p50`, group: 'backfill beside live', label: `accept latency p50, ${label}, beside the backfill at ${rate}/s`, unit: 'ms', summary: s[`p50at${rate}`], better: 'lower', baseline: 'hub.live.alone.p50' },
      { id: `hub.live.backfill.${rate}.rate`, group: 'backfill beside live', label: `… the backfill at ${rate}/s meanwhile (its deliveries a second)`, unit: 'events/s', summary: s[`rateAt${rate}`], better: 'higher' },
    ]),
  ];
}
