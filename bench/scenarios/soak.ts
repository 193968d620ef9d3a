import { idPrefix, payAward } from '../lib/events';
import { HubProcesses } from '../lib/hub-processes';
import { BENCH_TOKEN } from '../lib/landscape';
import { openLoop } from '../lib/load';
import { summarise } from '../lib/stats';
import { BenchContext, Row } from './context';

/**
 * Memory: RSS of each app before and after `soakMinutes` of pay awards at half the end-to-end
 * saturation rate (one event a POST, open loop), sampled every 10 s for the peak.
 */
export async function soak(ctx: BenchContext, hub: HubProcesses, rate: number): Promise<Row[]> {
  const before = hub.rss();
  const peak: Record<string, number> = { ...before } as Record<string, number>;
  const sampler = setInterval(() => {
    for (const [role, mib] of Object.entries(hub.rss())) peak[role] = Math.max(peak[role] ?? 0, mib!);
  }, 10_000);
  const seconds = Math.round(ctx.soakMinutes * 60);
  ctx.log(`soak: ${seconds} s at ${rate} events/s`);
  const prefix = idPrefix('soak');
  await ctx.sink.reset();
  let r;
  try {
    r = await openLoop(`${hub.url}/v1/events`, BENCH_TOKEN, rate, seconds, (i) => ({ contentType: 'application/cloudevents+json', body: JSON.stringify(payAward(prefix, i)), events: 1 }));
    await ctx.sink.waitForDistinct(r.events, 300_000);
  } finally {
    clearInterval(sampler);
  }
  const after = hub.rss();
  const stats = await ctx.sink.stats();
  ctx.log(`soak: ${r.events} accepted, ${stats.distinct} delivered, ${stats.doubled} doubled, ${r.errors} failed posts; accept p99 ${r.latency.p99.toFixed(1)} ms`);
  const one = (x: number) => summarise([x]);
  return [
    ...Object.keys(before).flatMap((role) => [
      { id: `hub.rss.${role}.before`, group: 'memory', label: `${role} RSS before the soak`, unit: 'MiB', summary: one(before[role as keyof typeof before]!), better: 'lower' as const },
      { id: `hub.rss.${role}.after`, group: 'memory', label: `${role} RSS after ${ctx.soakMinutes} min at ${rate} events/s (peak ${peak[role].toFixed(0)} MiB)`, unit: 'MiB', summary: one(after[role as keyof typeof after]!), better: 'lower' as const },
    ]),
    { id: 'hub.soak.events', group: 'memory', label: `events accepted and delivered during the soak (${stats.doubled} doubled, ${r.errors} failed posts)`, unit: 'count', summary: one(stats.distinct), better: 'higher' },
    { id: 'hub.soak.accept.p99', group: 'memory', label: 'accept latency p99 over the whole soak', unit: 'ms', summary: one(r.latency.p99), better: 'lower' },
  ];
}
