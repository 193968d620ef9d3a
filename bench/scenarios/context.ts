import type { InfraEnv } from '../lib/infra';
import { SinkClient } from '../lib/load';
import { Summary, summarise } from '../lib/stats';

/** What every scenario gets: where things are, how hard to push, how often to repeat. */
export interface BenchContext {
  infra: InfraEnv;
  sink: SinkClient;
  landscape: string;
  repeats: number;
  /** Scales event counts and durations down for a smoke run (1 = the full bench). */
  scale: number;
  /** Delivery concurrency per target, the same for the hub and the baselines. */
  concurrency: number;
  soakMinutes: number;
  /** Cores each component used in the last measured run of a scenario, by scenario. */
  cpu: Record<string, Record<string, number>>;
  log(line: string): void;
}

/** One printed row: a figure measured `repeats` times, and what it is compared with. */
export interface Row {
  id: string;
  group: string;
  label: string;
  unit: string;
  summary: Summary;
  /** Row id of the baseline this one is a ratio to, and the ratio of the medians. */
  baseline?: string;
  ratio?: number;
  /** Higher is better (throughput) or lower is (latency, memory). */
  better: 'higher' | 'lower';
  note?: string;
}

export const scaled = (ctx: BenchContext, n: number) => Math.max(1, Math.round(n * ctx.scale));

/** Runs `once` a warm-up time (discarded), then `repeats` times; each run gives named figures. */
export async function repeat<K extends string>(ctx: BenchContext, what: string, once: (run: number) => Promise<Record<K, number>>, repeats = ctx.repeats): Promise<Record<K, Summary>> {
  ctx.log(`${what}: warm-up`);
  await once(-1);
  const runs: Record<K, number>[] = [];
  for (let r = 0; r < repeats; r++) {
    const figures = await once(r);
    ctx.log(`${what}: run ${r + 1}/${repeats} ${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round((v as number) * 100) / 100])))}`);
    runs.push(figures);
  }
  const keys = Object.keys(runs[0]) as K[];
  return Object.fromEntries(keys.map((k) => [k, summarise(runs.map((r) => r[k]))])) as Record<K, Summary>;
}
