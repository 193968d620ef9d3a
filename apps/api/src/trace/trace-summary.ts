import { attributesOf, EventAttributes } from '@hub/events';
import { deliveryJobId } from '@hub/delivery';
import type { DeliveryRecord, DeliveryState, LedgerTrace } from '@hub/ledger';

export interface DeliveryError {
  /** Reason code, e.g. `target-rejected`. */
  reason: string;
  message?: string;
  status?: number;
  field?: string;
  fingerprint?: string;
}

/** One target's side of an event, as the ledger holds it. */
export interface TargetTrace {
  target: string;
  state: DeliveryState;
  attempts: number;
  queuedAt?: string;
  deliveredAt?: string;
  deadLetteredAt?: string;
  discardedAt?: string;
  discardReason?: string;
  /** The target's own reference for what it stored. */
  reference?: string;
  /** Last error seen, kept as history after a later success. */
  lastError?: DeliveryError;
  /** Times ops replayed it. */
  replays: number;
  updatedAt: string;
  /** A parallel run's shadow target: shown, but its outcome never decides the event's status. */
  role?: 'shadow';
  /** Made by this backfill (history delivered again from the ledger), not by live routing. */
  backfill?: string;
  /**
   * State `held`: the target keeps one subject's deliveries in order, and this one waits for an
   * earlier event of the same subject to this target (waiting to retry, or a dead letter: then
   * `deadLetter` is its id, to replay or discard).
   */
  heldBehind?: { eventId?: string; source?: string; state: DeliveryState; deadLetter?: string };
  /** The landscape version whose routes sent it there: the one the event was accepted under. */
  landscapeVersion?: number;
}

export interface TraceSummary {
  /** The CloudEvent's attributes; its data is never part of a trace. */
  event: EventAttributes;
  /** unrouted: accepted, but no route sends this tenant's type anywhere. */
  status: 'in-progress' | 'delivered' | 'dead-lettered' | 'unrouted';
  acceptedAt: string;
  targets: TargetTrace[];
}

/** Drops absent fields, so a target carries only what happened. */
const present = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function targetOf(d: DeliveryRecord): TargetTrace {
  const lastError = d.reason ? present({ reason: d.reason, message: d.message, status: d.status, field: d.field, fingerprint: d.fingerprint }) : undefined;
  return present({
    target: d.target,
    state: d.state,
    attempts: d.attempts,
    queuedAt: d.queuedAt,
    deliveredAt: d.deliveredAt,
    deadLetteredAt: d.deadLetteredAt,
    discardedAt: d.discardedAt,
    discardReason: d.discardReason,
    reference: d.reference,
    lastError,
    replays: d.replays,
    updatedAt: d.updatedAt,
    role: d.role,
    backfill: d.backfillId,
    heldBehind: d.heldBehind
      ? present({ eventId: d.heldBehind.eventId, source: d.heldBehind.source, state: d.heldBehind.state, deadLetter: d.heldBehind.state === 'dead-lettered' ? deliveryJobId(d.target, d.heldBehind.eventKey) : undefined })
      : undefined,
    landscapeVersion: d.landscapeVersion,
  });
}

/** Folds the ledger's rows into what ops and sources ask first: where is it, per target, and since when. */
export function summariseTrace(trace: LedgerTrace): TraceSummary {
  const targets = trace.deliveries.map(targetOf);
  // A shadow's refusal is a finding of its parallel run, not the event's fate: the primaries decide
  // (the shadows only when an event went to nothing else).
  const primaries = targets.filter((t) => t.role !== 'shadow');
  const deciding = primaries.length ? primaries : targets;
  const status: TraceSummary['status'] =
    targets.length === 0
      ? 'unrouted'
      : deciding.some((t) => t.state === 'dead-lettered')
        ? 'dead-lettered'
        : deciding.every((t) => t.state === 'delivered' || t.state === 'discarded')
          ? 'delivered'
          : 'in-progress';
  return { event: attributesOf(trace.event), status, acceptedAt: trace.acceptedAt, targets };
}
