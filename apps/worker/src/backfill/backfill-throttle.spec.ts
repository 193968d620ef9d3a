import { MAX_PAGE, mayGoAhead, pageSizeFor, smoothedRate, Throttle } from './backfill-throttle';

describe('pageSizeFor', () => {
  it('takes a tenth of a second of events a page, at least one, at most the maximum', () => {
    expect(pageSizeFor(1)).toBe(1);
    expect(pageSizeFor(8)).toBe(1);
    expect(pageSizeFor(100)).toBe(10);
    expect(pageSizeFor(1_500)).toBe(150);
    expect(pageSizeFor(100_000)).toBe(MAX_PAGE);
  });
});

describe('Throttle', () => {
  /** Drives the throttle as a run does, on a simulated clock: pages of `page` for `ms`; answers the events sent. */
  function drive(rate: number, page: number, ms: number): number {
    let now = 0;
    let sent = 0;
    const t = new Throttle(rate, page, now);
    while (now < ms) {
      const wait = t.delayFor(page, now);
      if (wait > 0) {
        now += wait;
        continue;
      }
      t.take(page, now);
      sent += page;
      now += 1; // the page's own work
    }
    return sent;
  }

  it('keeps to its rate over time, whatever the page size', () => {
    for (const [rate, page] of [[100, 10], [8, 1], [5_000, 500], [1_500, 150]]) {
      const sent = drive(rate, page, 60_000);
      // 60 s at `rate`, plus the first burst.
      expect(sent).toBeGreaterThanOrEqual(rate * 60 - page);
      expect(sent).toBeLessThanOrEqual(rate * 60 + page);
    }
  });

  it('lets the first burst go at once, then says how long the next one must wait', () => {
    const t = new Throttle(10, 5, 0);
    expect(t.delayFor(5, 0)).toBe(0);
    t.take(5, 0);
    expect(t.delayFor(5, 0)).toBe(500);
    expect(t.delayFor(5, 250)).toBe(250);
    expect(t.delayFor(1, 100)).toBe(0);
  });

  it('saves up no more than one burst while idle', () => {
    const t = new Throttle(10, 5, 0);
    t.take(5, 0);
    expect(t.delayFor(5, 3_600_000)).toBe(0);
    t.take(5, 3_600_000);
    expect(t.delayFor(5, 3_600_000)).toBe(500);
  });

  it('refuses a rate or burst that could never let anything through', () => {
    expect(() => new Throttle(0, 5, 0)).toThrow(/rate above 0/);
    expect(() => new Throttle(5, 0, 0)).toThrow(/burst of at least 1/);
  });
});

describe('mayGoAhead', () => {
  it('lets a page go while the backfill and its target queue stay within the bound', () => {
    expect(mayGoAhead(0, 0, 500, 2_000)).toBe(true);
    expect(mayGoAhead(1_500, 10, 500, 2_000)).toBe(true);
    expect(mayGoAhead(1_501, 10, 500, 2_000)).toBe(false);
    // Live traffic queued at the target counts too.
    expect(mayGoAhead(0, 1_800, 500, 2_000)).toBe(false);
  });

  it('lets a page larger than the bound go once nothing is ahead', () => {
    expect(mayGoAhead(0, 0, 500, 100)).toBe(true);
    expect(mayGoAhead(1, 0, 500, 100)).toBe(false);
  });
});

describe('smoothedRate', () => {
  it('is the settled deliveries a second, averaged with the figure before', () => {
    expect(smoothedRate(undefined, 0, 300, 2)).toBe(150);
    expect(smoothedRate(150, 300, 350, 1)).toBe(100);
    expect(smoothedRate(100, 350, 350, 1)).toBe(50);
  });

  it('keeps the previous figure without an interval, and never goes below zero', () => {
    expect(smoothedRate(80, 10, 20, 0)).toBe(80);
    expect(smoothedRate(undefined, 10, 20, 0)).toBeUndefined();
    expect(smoothedRate(undefined, 20, 10, 1)).toBe(0);
  });
});
