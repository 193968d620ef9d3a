/** Order statistics of repeated measurements, and the figures a benchmark row prints. */

/** The value at quantile q (0..1) of xs by nearest rank; NaN for no values. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** Median of the repeats and their spread (min..max), as a row prints them. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarise(runs: readonly number[]): Summary {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

/** Spread as ± half the range, relative to the median: "±4%". */
export function spreadPct(s: Summary): number {
  return s.median === 0 ? 0 : ((s.max - s.min) / 2 / s.median) * 100;
}

/** Latency percentiles of one run, in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
  p999: number;
  max: number;
  count: number;
}

export function latencyOf(samplesMs: readonly number[]): Latency {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN);
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] ?? NaN, count: sorted.length };
}

/** A ratio printed for a table ("0.62×"), or "n/a" when either side is missing. */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) ? a / b : NaN;
}
