import type { CanonicalEvent } from '@hub/events';
import type { DeliveryKey, DeliveryState } from './ledger-rows';

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
}

/** A delivery the ledger says is still to be made (queued, retrying or replaying), with the event to make it from. */
export interface OpenDeliveryRecord extends DeliveryKey {
  tenant: string;
  state: 'queued' | 'retrying' | 'replaying';
  attempts: number;
  updatedAt: string;
  /** Absent only if the router's write of the event itself never happened. */
  event?: CanonicalEvent;
}

export interface LedgerTrace {
  eventKey: string;
  acceptedAt: string;
  event: CanonicalEvent;
  deliveries: DeliveryRecord[];
}

/** A delivery that was dead-lettered, with its event (absent only if the event itself was never recorded). */
export interface DeadLetterRecord extends DeliveryRecord {
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
  fieldOrStatus?: string;
  count: number;
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
