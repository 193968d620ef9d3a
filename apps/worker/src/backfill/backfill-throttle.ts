// The pure parts of a backfill run's pace: how many events a page takes, a token bucket that keeps
// it to its rate, the bound on how far it may run ahead of its target, and the rate it achieved.

/** The most events one page (one ledger transaction, one addBulk) takes. */
export const MAX_PAGE = 500;

/** A tenth of a second's worth of events a page (at least one, at most MAX_PAGE): the pace stays even, and a fast backfill costs ten transactions a second. */
export function pageSizeFor(ratePerSec: number): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.ceil(ratePerSec / 10)));
}

/**
 * A token bucket: `ratePerSec` events a second on average, at most `burst` at once. Time is
 * passed in (milliseconds), so it is tested without a clock.
 */
export class Throttle {
  private tokens: number;
  private at: number;

  constructor(readonly ratePerSec: number, readonly burst: number, now: number) {
    if (!(ratePerSec > 0) || !(burst >= 1)) throw new Error(`a throttle needs a rate above 0 and a burst of at least 1, not ${ratePerSec} and ${burst}`);
    this.tokens = burst;
    this.at = now;
  }

  /** Milliseconds to wait before `n` events may go (0: now). `n` is at most the burst. */
  delayFor(n: number, now: number): number {
    this.refill(now);
    const want = Math.min(n, this.burst);
    return this.tokens >= want ? 0 : Math.ceil(((want - this.tokens) / this.ratePerSec) * 1000);
  }

  /** `n` events went at `now`. */
  take(n: number, now: number): void {
    this.refill(now);
    this.tokens -= n;
  }

  private refill(now: number): void {
    if (now > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.ratePerSec);
      this.at = now;
    }
  }
}

/**
 * Back pressure: whether a page of `page` may go now, with `open` of the backfill's deliveries
 * not settled yet and `waiting` jobs in its target's queue, under the bound `maxAhead`. A page
 * larger than the bound goes when nothing is ahead, so a small bound slows a backfill, never stops it.
 */
export function mayGoAhead(open: number, waiting: number, page: number, maxAhead: number): boolean {
  const ahead = Math.max(open, waiting);
  return ahead === 0 || ahead + page <= maxAhead;
}

/**
 * The rate achieved lately: deliveries settled a second between two counts, smoothed with the
 * previous figure (half each), so one slow second does not swing the ETA. No interval: the previous.
 */
export function smoothedRate(previous: number | undefined, settledBefore: number, settledNow: number, seconds: number): number | undefined {
  if (!(seconds > 0)) return previous;
  const sample = Math.max(0, settledNow - settledBefore) / seconds;
  return previous === undefined ? sample : (previous + sample) / 2;
}
