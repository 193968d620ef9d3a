import type { WrittenFile } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';

/**
 * `live`: routed as it was accepted (a retry and a replay of it too). `backfill`: history delivered
 * again from the ledger to a target that never had it (a new system being seeded); its
 * Idempotency-Key is `backfill.<job id>`, so the target can tell it from a first delivery.
 */
export type DeliveryKind = 'live' | 'backfill';

/** W3C Trace Context of the hop that queued a job (the router's route span): how a trace crosses BullMQ. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** What a delivery job carries: the target, the event's key, and the event itself. Never credentials. */
export interface DeliveryJobData {
  target: string;
  eventKey: string;
  event: CanonicalEvent;
  /** Absent: live. */
  kind?: 'backfill';
  /** The backfill that made it (with kind `backfill`). */
  backfillId?: string;
  /**
   * Set when the target acknowledged but the ledger could not record it: the job waits for the
   * ledger and, when it runs again, records this instead of delivering a second time.
   */
  acknowledged?: { status: number; reference?: string; file?: WrittenFile };
  /** How many times the job has waited for the ledger; its wait doubles each time. */
  ledgerWaits?: number;
  /**
   * With tracing on, the context of the route span that routed the delivery, so the delivery's span
   * is its child: on the job the router queues, and on an ordered lane's next delivery when its
   * release queues it (the ledger keeps it with the delivery, migration 0014). Absent for jobs the
   * sweeper, a replay or a backfill queue: their delivery falls back to the event's own
   * `traceparent` extension.
   */
  trace?: TraceCarrier;
}

/** Queue names are contracts: one queue per target, kebab-case. */
export function queueName(targetId: string): string {
  return `delivery-${targetId}`;
}

/**
 * The job id is derived from target + event, so a re-post, a Kafka redelivery or a router restart
 * adds the same job again, which BullMQ ignores while it keeps the job (24 h). It is also the
 * Idempotency-Key the target gets: delivery is at least once (a retry after a lost answer, a
 * replay, a job Redis forgot), always under this one key, so a target that honours it stores the
 * event once (docs/architecture.md, "Guarantees and how they are kept").
 */
export function deliveryJobId(targetId: string, eventKey: string): string {
  return `${targetId}.${eventKey}`;
}

/** One delivery: an event (by its key) for one target. */
export interface DeliveryJobKey {
  target: string;
  eventKey: string;
}

/** An event key (eventKey in @hub/events: 32 hex digits) at the end of a job id, after the target. */
const JOB_ID = /^(.+)\.([0-9a-f]{32})$/;

/**
 * The delivery a job id names, or undefined when it is not one: the inverse of deliveryJobId. A
 * dead letter's id is its job's id, so the API, the CLI and Bull Board name it the same way; this
 * and deliveryJobId are its one definition.
 */
export function parseDeliveryJobId(id: string): DeliveryJobKey | undefined {
  const m = JOB_ID.exec(id);
  return m ? { target: m[1], eventKey: m[2] } : undefined;
}

/** A delivery as the ledger answers it (queued, released in its lane, swept, replayed) → its job's data, a backfill's marked as one. */
export function jobDataOf(d: { target: string; eventKey: string; event: CanonicalEvent; backfillId?: string; trace?: TraceCarrier }): DeliveryJobData {
  return { target: d.target, eventKey: d.eventKey, event: d.event, ...(d.backfillId ? { kind: 'backfill' as const, backfillId: d.backfillId } : {}), ...(d.trace ? { trace: d.trace } : {}) };
}

export function deliveryKindOf(data: Pick<DeliveryJobData, 'kind'>): DeliveryKind {
  return data.kind === 'backfill' ? 'backfill' : 'live';
}

/** The prefix of a backfill delivery's Idempotency-Key. */
export const BACKFILL_KEY_PREFIX = 'backfill.';

/**
 * The key a target is given for a delivery: the job id (`<target>.<event key>`) for a live one, the
 * same behind `backfill.` for a backfill's. Either is the same for every attempt, replay and resume
 * of that delivery; the job id itself stays `<target>.<event key>` (dead letters, replays, the sweeper).
 */
export function idempotencyKeyOf(data: Pick<DeliveryJobData, 'kind'>, jobId: string): string {
  return data.kind === 'backfill' ? `${BACKFILL_KEY_PREFIX}${jobId}` : jobId;
}

/** What a withdrawn backfill job completes with (nothing was sent), and how its kept result is recognised. */
export const WITHDRAWN_RECEIPT = { status: 0, withdrawn: true } as const;
export const WITHDRAWN_MARK = '"withdrawn":true';
