import type { CanonicalEvent } from '@hub/events';
import type { DeliveryKey, DeliveryState, QuarantineProblem, RawMessage } from './ledger-rows';
import type { QuarantineReason, QuarantineState } from './quarantine-reason';

/** A delivery as the ledger holds it. Times are ISO 8601 strings. */
export interface DeliveryRecord extends DeliveryKey {
  tenant: string;
  state: DeliveryState;
  attempts: number;
  /** Last error seen (kept after a later success, as history). */
  reason?: string;
  message?: string;
  status?: number;
  field?: string;
  fingerprint?: string;
  reference?: string;
  queuedAt?: string;
  updatedAt: string;
  deliveredAt?: string;
  deadLetteredAt?: string;
  discardedAt?: string;
  discardReason?: string;
  replays: number;
  /** The target keeps order per subject (this delivery is in a lane). */
  ordered?: boolean;
  /** A shadow target's delivery in a parallel run (absent: the primary's). */
  role?: 'shadow';
  /** The landscape version that routed it. */
  landscapeVersion?: number;
  /** Made by this backfill (history delivered again from the ledger), not by live routing. */
  backfillId?: string;
  /** Held: the delivery of its lane it waits behind (the first one not yet done). */
  heldBehind?: { eventKey: string; eventId?: string; source?: string; state: DeliveryState };
}

/** A delivery the ledger says is still to be made (queued, retrying or replaying), with the event to make it from. */
export interface OpenDeliveryRecord extends DeliveryKey {
  tenant: string;
  state: 'queued' | 'retrying' | 'replaying';
  attempts: number;
  updatedAt: string;
  /** Absent only if the router's write of the event itself never happened. */
  event?: CanonicalEvent;
  /** Made by this backfill: its job is rebuilt as a backfill's. */
  backfillId?: string;
}

export interface LedgerTrace {
  eventKey: string;
  acceptedAt: string;
  event: CanonicalEvent;
  deliveries: DeliveryRecord[];
}

/** A delivery that was dead-lettered, with its event (absent only if the event itself was never recorded). */
export interface DeadLetterRecord extends DeliveryRecord {
  /** Deliveries held behind this one in its lane (same target and subject), waiting for it. */
  holding?: number;
  type?: string;
  subject?: string;
  source?: string;
  eventId?: string;
  event?: CanonicalEvent;
}

export interface DeadLetterGroup {
  fingerprint: string;
  reason: string;
  target: string;
  tenant: string;
  /** A shadow target's dead letters in a parallel run (absent: the primary's). */
  role?: 'shadow';
  fieldOrStatus?: string;
  count: number;
  /** Deliveries held behind this group's dead letters (ordered targets: the same subjects' later events). */
  holding: number;
  first: string;
  last: string;
}

export interface AuditRecord {
  /** bigserial, as a string: it may outgrow a JS number. */
  id: string;
  at: string;
  actor: string;
  roles: string[];
  action: string;
  tenants: string[];
  filter?: Record<string, unknown>;
  counts?: Record<string, number>;
  detail?: string;
}

/** A quarantined Kafka message as the ledger holds it. Times are ISO 8601 strings; text fields are escaped where the message was not. */
export interface QuarantineRecord {
  /** bigserial, as a string. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  tenant?: string;
  type?: string;
  subject?: string;
  source?: string;
  eventId?: string;
  /** The event as far as it could be read (personal fields unmasked: mask on the way out). */
  event?: { data?: unknown; [attribute: string]: unknown };
  reason: QuarantineReason;
  message: string;
  problems: QuarantineProblem[];
  state: QuarantineState;
  /** 1, or more when the same message (same digest) was quarantined before: after a release, it failed again. */
  timesQuarantined: number;
  /** The row of the time before, when there was one. */
  previousId?: string;
  quarantinedAt: string;
  updatedAt: string;
  releasedAt?: string;
  releasedBy?: string;
  releaseNote?: string;
  discardedAt?: string;
  discardedBy?: string;
  discardReason?: string;
  /** sha256 (hex) of the message's key, headers and value. */
  digest: string;
  /** Size of the value in bytes. */
  valueBytes: number;
  /** The message itself; only from quarantinedMessage(), never in lists. */
  raw?: RawMessage;
}

/** Keyset paging: pass `next` back as `after` for the following page. */
export interface PageRequest {
  /** 1–1000, default 100. */
  limit?: number;
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** All rows matching the filter, regardless of the page. */
  total: number;
  next?: string;
}
