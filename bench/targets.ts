import type { Row } from './scenarios/context';
import { spreadPct } from './lib/stats';
import { LIVE_BACKFILL_RATES } from './scenarios/backfill';

/** The issue's targets for this 2-core machine, read off the rows of one run. */
export function targetsMet(rows: Row[]): { target: string; met?: boolean; measured: string }[] {
  const m = (id: string) => rows.find((r) => r.id === id)?.summary.median;
  const out: { target: string; met?: boolean; measured: string }[] = [];
  const row = (id: string) => rows.find((r) => r.id === id)?.summary;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  // Issue 17: the single-event path. Ingest is the default producer's (@platformatic/kafka).
  const hub = m('hub.ingest.platformatic.single');
  const peer = m('peer.ingest.single');
  const hubP99 = m('hub.ingest.platformatic.single.p99');
  const peerP99 = m('peer.ingest.single.p99');
  if (hub !== undefined && peer !== undefined && hubP99 !== undefined && peerP99 !== undefined) {
    out.push({ target: 'single-event ingest ≥ 1.0× the peer, p99 at or under its', met: hub >= peer && hubP99 <= peerP99, measured: `${Math.round(hub)} vs ${Math.round(peer)} events/s (${x(hub, peer)}), p99 ${hubP99} vs ${peerP99} ms` });
  }
  const single = m('hub.e2e.single');
  const batched = m('hub.e2e');
  const hand = m('raw.pipeline');
  if (single !== undefined && hand !== undefined) out.push({ target: 'single-event end to end ≥ 0.75× the hand-written pipeline', met: single >= 0.75 * hand, measured: `${Math.round(single)} vs ${Math.round(hand)} events/s (${x(single, hand)})` });
  if (batched !== undefined && hand !== undefined) out.push({ target: 'batched end to end ≥ 0.9× the hand-written pipeline', met: batched >= 0.9 * hand, measured: `${Math.round(batched)} vs ${Math.round(hand)} events/s (${x(batched, hand)})` });
  const accept = row('hub.accept.half.p99');
  const e2eP99 = row('hub.e2e.half.p99');
  if (accept && e2eP99) {
    const spread = Math.max(spreadPct(accept), spreadPct(e2eP99));
    out.push({
      target: 'at half saturation: accept p99 ≤ 25 ms, POST → target p99 ≤ 100 ms, spread ≤ ±25%',
      met: accept.median <= 25 && e2eP99.median <= 100 && spread <= 25,
      measured: `accept p99 ${accept.median.toFixed(1)} ms (±${spreadPct(accept).toFixed(0)}%), POST → target p99 ${e2eP99.median.toFixed(1)} ms (±${spreadPct(e2eP99).toFixed(0)}%), p99.9 ${m('hub.e2e.half.p999')?.toFixed(1)} ms`,
    });
  }
  const award = m('hub.payaward');
  const missing = row('hub.payaward.missing')?.max;
  const doubled = row('hub.payaward.doubled')?.max;
  if (award !== undefined) out.push({ target: 'pay award of 16,000 delivered in < 4 s, none missing, none doubled', met: award < 4 && missing === 0 && doubled === 0, measured: `${award.toFixed(1)} s (median), worst run: ${missing} missing, ${doubled} doubled` });
  const grown = (['api', 'router', 'worker'] as const).map((role) => [role, m(`hub.rss.${role}.before`), m(`hub.rss.${role}.after`)] as const).filter(([, a, b]) => a !== undefined && b !== undefined) as [string, number, number][];
  if (grown.length) out.push({ target: 'RSS flat (within 10%) over the soak', met: grown.every(([, a, b]) => b <= a * 1.1), measured: grown.map(([role, a, b]) => `${role} ${Math.round(a)} → ${Math.round(b)} MiB (${(((b - a) / a) * 100).toFixed(0)}%)`).join(', ') });
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
