import type { CanonicalEvent } from '@hub/events';
import type { TenantScope } from './ledger-filters';
import type { DeliveryKey, ReleasedDelivery, Timestamp } from './ledger-rows';

/** running: a worker delivers it (or will take it up); paused by ops; ended: cancelled, finished, failed. */
export type BackfillState = 'running' | 'paused' | 'cancelled' | 'finished' | 'failed';
export const BACKFILL_STATES: readonly BackfillState[] = ['running', 'paused', 'cancelled', 'finished', 'failed'];
/** A target has at most one backfill in these states. */
export const ACTIVE_BACKFILL_STATES: readonly BackfillState[] = ['running', 'paused'];

/**
 * What a backfill selects from the ledger: one tenant's events of these exact types (and of one
 * subject, when given) accepted in [from, to), for one target of that tenant.
 */
export interface BackfillSelection {
  tenant: string;
  target: string;
  types: readonly string[];
  subject?: string;
  from?: Timestamp;
  to: Timestamp;
}

/** A dry run: what a backfill with this selection would send, per type and in all. */
export interface BackfillDryRun {
  /** Events selected that the target has no delivery of: these would be sent. */
  toSend: number;
  /** Events selected that the target has already (a live delivery, or an earlier backfill's): skipped. */
  alreadyThere: number;
  byType: { type: string; toSend: number; alreadyThere: number }[];
  /** Acceptance times of the oldest and newest event to send. */
  oldest?: string;
  newest?: string;
}

export interface NewBackfill extends BackfillSelection {
  /** The filter as the caller gave it (type patterns, subject, window), kept for people. */
  filter: Record<string, unknown>;
  /** The target keeps order per subject: its deliveries go through its lanes. */
  ordered: boolean;
  /** At most this many events a second. */
  rate: number;
  createdBy: string;
  reason?: string;
  at: Timestamp;
}

export interface BackfillRecord {
  id: string;
  tenant: string;
  target: string;
  filter: Record<string, unknown>;
  types: string[];
  subject?: string;
  from?: string;
  to: string;
  ordered: boolean;
  state: BackfillState;
  /** The last item recorded; `total` when every event has its delivery. */
  cursor: number;
  total: number;
  enqueued: number;
  skipped: number;
  forgotten: number;
  /** As the run last counted them; `backfillDeliveryCounts` counts afresh. */
  delivered: number;
  deadLettered: number;
  rate: number;
  /** Deliveries settled a second, lately, as the run measured it. */
  measuredRate?: number;
  createdBy: string;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  runs: number;
  finishedAt?: string;
  /** Who last paused, resumed or cancelled it. */
  changedBy?: string;
  error?: string;
}

/** A backfill's deliveries by state, counted afresh from the ledger. */
export interface BackfillDeliveryCounts {
  queued: number;
  held: number;
  retrying: number;
  replaying: number;
  delivered: number;
  deadLettered: number;
  discarded: number;
  /** Held ones whose lane is blocked by a dead letter: nothing moves them until ops replay or discard it. */
  heldBehindDeadLetters: number;
}

export interface BackfillFilter {
  tenants: TenantScope;
  tenant?: string;
  target?: string;
  state?: BackfillState;
}

/** One event of a backfill's selection, its turn come, with what its delivery is made from. */
export interface BackfillItem {
  seq: number;
  eventKey: string;
  orderKey: number;
  /** Absent when retention forgot the event before its turn. */
  event?: CanonicalEvent;
}

/** A page the run recorded: the deliveries to put on the queue now (its own, and any a lane released). */
export type BackfillPageOutcome =
  | { recorded: true; queued: ReleasedDelivery[]; created: number; skipped: number; forgotten: number }
  /** The backfill is no longer running (paused, cancelled): nothing of the page was recorded. */
  | { recorded: false };

/** A delivery withdrawn because its backfill was cancelled: deleted (never attempted) or discarded (attempted). */
export interface WithdrawnDelivery extends DeliveryKey {
  outcome: 'deleted' | 'discarded';
}

/**
 * Deliveries of a backfill that will still move by themselves: queued, retrying, replaying, and
 * held behind anything but a dead letter. None left: the backfill is finished (what waits behind
 * a dead letter waits for ops).
 */
export function stillMoving(c: BackfillDeliveryCounts): number {
  return c.queued + c.retrying + c.replaying + Math.max(0, c.held - c.heldBehindDeadLetters);
}
