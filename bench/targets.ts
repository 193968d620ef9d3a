import type { Row } from './scenarios/context';
import { LIVE_BACKFILL_RATES } from './scenarios/backfill';

/** The issue's targets for this 2-core machine, read off the rows of one run. */
export function targetsMet(rows: Row[]): { target: string; met?: boolean; measured: string }[] {
  const m = (id: string) => rows.find((r) => r.id === id)?.summary.median;
  const out: { target: string; met?: boolean; measured: string }[] = [];
  const e2e = m('hub.e2e');
  const hand = m('raw.pipeline');
  if (e2e !== undefined && hand !== undefined) out.push({ target: 'end to end ≥ 50% of the hand-written pipeline', met: e2e >= hand / 2, measured: `${Math.round(e2e)} vs ${Math.round(hand)} events/s (${((e2e / hand) * 100).toFixed(0)}%) with batches of 100; one event a POST: ${Math.round(m('hub.e2e.single') ?? NaN)} events/s` });
  const p99 = m('hub.accept.half.p99');
  if (p99 !== undefined) out.push({ target: 'p99 accept latency ≤ 25 ms at half saturation', met: p99 <= 25, measured: `${p99.toFixed(1)} ms` });
  const award = m('hub.payaward');
  const missing = rows.find((r) => r.id === 'hub.payaward.missing')?.summary.max;
  const doubled = rows.find((r) => r.id === 'hub.payaward.doubled')?.summary.max;
  if (award !== undefined) out.push({ target: 'pay award delivered in < 10 s, none missing, none doubled', met: award < 10 && missing === 0 && doubled === 0, measured: `${award.toFixed(1)} s (median), worst run: ${missing} missing, ${doubled} doubled` });
  const hub = m('hub.ingest.single');
  const peer = m('peer.ingest.single');
  if (hub !== undefined && peer !== undefined) out.push({ target: 'ingest ahead of the peer', met: hub > peer, measured: `${Math.round(hub)} vs ${Math.round(peer)} events/s, one event a POST` });
  const backfill = m('hub.backfill');
  if (backfill !== undefined) out.push({ target: 'backfill of 100,000 events to one target ≥ 1,500 events/s', met: backfill >= 1_500, measured: `${Math.round(backfill)} events/s (median), worst run: ${rows.find((r) => r.id === 'hub.backfill.missing')?.summary.max} missing, ${rows.find((r) => r.id === 'hub.backfill.doubled')?.summary.max} doubled` });
  const alone = m('hub.live.alone.p99');
  const within = LIVE_BACKFILL_RATES.filter((rate) => alone !== undefined && (m(`hub.live.backfill.${rate}.p99`) ?? Infinity) <= alone * 1.2);
  if (alone !== undefined && m(`hub.live.backfill.${LIVE_BACKFILL_RATES[0]}.p99`) !== undefined) {
    const shown = LIVE_BACKFILL_RATES.map((rate) => `${rate}/s: ${m(`hub.live.backfill.${rate}.p99`)!.toFixed(1)} ms (${(((m(`hub.live.backfill.${rate}.p99`)! - alone) / alone) * 100).toFixed(0)}%)`).join(', ');
    out.push({
      target: 'a backfill throttle that leaves live accept p99 within 20% of its value without a backfill',
      met: within.length > 0,
      measured: `${within.length ? `within at ${within.join(', ')}/s` : 'none of the throttles tried'}; without ${alone.toFixed(1)} ms, beside ${shown}`,
    });
  }
  const gap = m('hub.cutover.gap');
  const steady = rows.find((r) => r.id === 'hub.cutover.gap.steady')?.summary;
  if (gap !== undefined && steady) out.push({ target: "a cutover's pause in deliveries: none measurable at 500 events/s", met: gap <= steady.max, measured: `longest gap ${gap.toFixed(0)} ms around the switch vs ${steady.median.toFixed(0)} ms (${steady.min.toFixed(0)}–${steady.max.toFixed(0)}) around a moment without one; ${rows.find((r) => r.id === 'hub.cutover.doubled')?.summary.max} doubled` });
  const one = m('hub.route.one.cpu');
  const par = m('hub.parallel.cpu');
  if (one !== undefined && par !== undefined) out.push({ target: "a parallel run's cost per event against a route with one target (measured, no target)", measured: `${par.toFixed(2)} vs ${one.toFixed(2)} ms of hub CPU per event (${(par / one).toFixed(2)}×); throughput ${Math.round(m('hub.parallel') ?? 0)} vs ${Math.round(m('hub.route.one') ?? 0)} events/s` });
  return out;
}
