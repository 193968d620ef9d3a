import type { DeliveryErrorCode } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { QuarantineReason } from './quarantine-reason';

/** A point in time as callers hold it: a Date, or an ISO 8601 string. */
export type Timestamp = Date | string;

/** `held`: an ordered target's delivery waiting for the ones before it in its lane (same target and subject). */
export type DeliveryState = 'queued' | 'retrying' | 'delivered' | 'dead-lettered' | 'replaying' | 'discarded' | 'held';
export type AttemptOutcome = 'retrying' | 'delivered' | 'dead-lettered';

/** One delivery: one event to one target. */
export interface DeliveryKey {
  eventKey: string;
  target: string;
}

/** The API took the event in (written as recorded; personal fields are masked on the way out, not here). */
export interface AcceptedRow {
  eventKey: string;
  event: CanonicalEvent;
  acceptedAt: Timestamp;
}

/** The router put a delivery on a target's queue. */
export interface QueuedRow extends DeliveryKey {
  tenant: string;
  at: Timestamp;
}

/** One target's lane for one subject: its deliveries are taken in acceptance order, one at a time. */
export interface Lane {
  target: string;
  subject: string;
}

/** The router routed an event to a target (routed in acceptance order, with the event's order key). */
export interface RoutedRow extends DeliveryKey {
  tenant: string;
  subject: string;
  /** The event's place in acceptance order (microseconds, see libs/kafka order-key). */
  orderKey: number;
  /** The target keeps order per subject: the delivery waits behind its lane's earlier ones. */
  ordered: boolean;
  /** A shadow target in a parallel run (recorded apart; never counts as the primary's). Default primary. */
  role?: DeliveryRole;
  /** The landscape version the event was routed by. */
  landscapeVersion?: number;
  /** With tracing on, the route span's W3C trace context, for a delivery released later to continue the trace. */
  trace?: TraceContext;
  at: Timestamp;
}

/** W3C Trace Context as a hop hands it on (libs/delivery's TraceCarrier has the same shape). */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

export type DeliveryRole = 'primary' | 'shadow';

/** A held delivery whose turn came: queued now, for the caller to put on its target's queue. */
export interface ReleasedDelivery extends DeliveryKey {
  tenant: string;
  event: CanonicalEvent;
  /** The backfill that made it, when one did: its job carries that (libs/delivery jobDataOf). */
  backfillId?: string;
  /** The route span's trace context recorded with it, when tracing was on as it was routed. */
  trace?: TraceContext;
}

export interface AttemptError {
  code: DeliveryErrorCode;
  message: string;
  status?: number;
  /** JSON pointer of the field the target or the mapping refused. */
  field?: string;
}

/**
 * The worker tried once. `tenant` is needed because the worker's row can land before the router's
 * `recordQueued` (they are separate processes); `error` is required unless the outcome is delivered.
 */
export interface AttemptRow extends DeliveryKey {
  tenant: string;
  attempt: number;
  outcome: AttemptOutcome;
  error?: AttemptError;
  /** The target's own reference for what it stored, when it gives one. */
  reference?: string;
  at: Timestamp;
}

/** An ops action, written once and never changed. `tenants` is the scope the actor acted in. */
export interface AuditEntry {
  actor: string;
  roles: readonly string[];
  action: string;
  tenants: readonly string[] | '*';
  filter?: Record<string, unknown>;
  counts?: Record<string, number>;
  detail?: string;
  /** Defaults to the database's clock. */
  at?: Timestamp;
}

/** One header of a Kafka message as it was on the wire. */
export interface MessageHeader {
  key: string;
  value: Buffer | null;
}

/** A Kafka message exactly as the router read it. */
export interface RawMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly MessageHeader[];
  /** CreateTime, ms since the epoch, as Kafka gave it. */
  timestamp?: string;
}

export interface QuarantineProblem {
  path: string;
  message: string;
}

/**
 * A message the router will not route: its coordinates, the message itself, what could be read of
 * it (made safe for text by the caller: libs/events escapeAttribute, displayCopy) and why.
 */
export interface QuarantineRow {
  topic: string;
  partition: number;
  offset: string;
  message: RawMessage;
  tenant?: string;
  type?: string;
  subject?: string;
  source?: string;
  eventId?: string;
  /** The event as far as it could be read, safe for jsonb. */
  event?: unknown;
  reason: QuarantineReason;
  reasonMessage: string;
  problems: readonly QuarantineProblem[];
  at: Timestamp;
}

/** A row recordQuarantined wrote (not one already there at the same coordinates). */
export interface QuarantinedRef {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  reason: QuarantineReason;
  tenant?: string;
  timesQuarantined: number;
}
