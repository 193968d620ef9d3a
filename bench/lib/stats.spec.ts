import { latencyOf, median, quantile, ratio, spreadPct, summarise } from './stats';

describe('bench stats', () => {
  it('takes quantiles by nearest rank, whatever the input order', () => {
    const xs = [9, 1, 5, 3, 7, 2, 8, 4, 10, 6];
    expect(quantile(xs, 0.5)).toBe(5);
    expect(quantile(xs, 0.9)).toBe(9);
    expect(quantile(xs, 0.99)).toBe(10);
    expect(quantile(xs, 0)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('summarises repeats as median and range, and the spread relative to the median', () => {
    const s = summarise([90, 100, 110]);
    expect(s).toEqual({ median: 100, min: 90, max: 110, runs: [90, 100, 110] });
    expect(spreadPct(s)).toBeCloseTo(10);
  });

  it('reads p50, p99 and p99.9 of latency samples', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
    expect(latencyOf(samples)).toEqual({ p50: 500, p99: 990, p999: 999, max: 1000, count: 1000 });
  });

  it('gives no ratio against a missing baseline', () => {
    expect(ratio(50, 100)).toBe(0.5);
    expect(ratio(50, 0)).toBeNaN();
    expect(ratio(NaN, 10)).toBeNaN();
  });
});
