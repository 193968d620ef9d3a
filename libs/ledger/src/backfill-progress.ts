import type { BackfillDeliveryCounts, BackfillRecord } from './backfill-records';
import { stillMoving } from './backfill-records';

/** How far a backfill is, as GET /v1/backfills/{id} answers it (and the CLI reads it): one definition for both. */
export interface BackfillProgress extends Pick<BackfillRecord, 'total' | 'enqueued' | 'skipped' | 'forgotten' | 'delivered' | 'deadLettered'> {
  /** Of its deliveries, those in the state `discarded` (a dead letter ops discarded, or withdrawn by a cancel after an attempt). */
  discarded: number;
  /** Its deliveries not settled yet, by state; held ones behind a dead letter wait for ops. */
  open: { queued: number; held: number; retrying: number; replaying: number };
  heldBehindDeadLetters: number;
  /** Events still to go: not yet taken from the selection, or taken and still moving. */
  remaining: number;
  /** 0–100: the part of the selection that is done (delivered, dead-lettered, skipped or forgotten). */
  percent: number;
  /** Events a second: the limit asked for, the rate achieved lately, and on average since it started. */
  rate: { limit: number; current?: number; average?: number };
  /** Seconds until done at the rate achieved (lately, else on average); absent when it is not running, or nothing moved yet. */
  etaSeconds?: number;
  eta?: string;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A backfill's progress from its row and its deliveries counted afresh. Remaining: the items not
 * yet taken (total − cursor) and the deliveries still moving by themselves; the ETA divides it by
 * the rate achieved lately (as the run measured it), else the average since the start, and is
 * given only while the backfill runs.
 */
export function progressOf(b: BackfillRecord, c: BackfillDeliveryCounts, now: Date): BackfillProgress {
  const moving = stillMoving(c);
  const remaining = Math.max(0, b.total - b.cursor) + moving;
  const settled = c.delivered + c.deadLettered + c.discarded;
  const elapsed = (now.getTime() - Date.parse(b.createdAt)) / 1000;
  const average = elapsed > 0 && settled > 0 ? settled / elapsed : undefined;
  const current = b.measuredRate !== undefined && b.measuredRate > 0 ? b.measuredRate : undefined;
  const pace = current ?? average;
  const eta = b.state === 'running' && pace ? remaining / pace : b.state === 'finished' ? 0 : undefined;
  return {
    total: b.total,
    enqueued: b.enqueued,
    skipped: b.skipped,
    forgotten: b.forgotten,
    delivered: c.delivered,
    deadLettered: c.deadLettered,
    discarded: c.discarded,
    open: { queued: c.queued, held: c.held, retrying: c.retrying, replaying: c.replaying },
    heldBehindDeadLetters: c.heldBehindDeadLetters,
    remaining,
    percent: b.total === 0 ? 100 : Math.min(100, Math.floor(((b.total - remaining) / b.total) * 1000) / 10),
    rate: { limit: b.rate, ...(current === undefined ? {} : { current: round1(current) }), ...(average === undefined ? {} : { average: round1(average) }) },
    ...(eta === undefined ? {} : { etaSeconds: Math.ceil(eta), eta: new Date(now.getTime() + Math.ceil(eta) * 1000).toISOString() }),
  };
}
