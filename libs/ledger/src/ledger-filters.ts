import type { DeliveryRole, DeliveryState, Timestamp } from './ledger-rows';
import type { QuarantineReason, QuarantineState } from './quarantine-reason';

/**
 * The tenants a caller may see: a list, or `'*'` for all. A list that holds `'*'` (as an ops
 * principal's may) means all too. Required on every read, so no query forgets it.
 */
export type TenantScope = readonly string[] | '*';

/**
 * A dead letter stays open, and in ops' lists, from its dead-lettering until its target acknowledges
 * (delivered) or ops discard it: through a replay's own queueing and retries too.
 */
export const OPEN_DEAD_LETTER_STATES: readonly DeliveryState[] = ['dead-lettered', 'replaying', 'queued', 'retrying'];

export interface DeadLetterFilter {
  tenants: TenantScope;
  tenant?: string;
  target?: string;
  type?: string;
  subject?: string;
  /** Reason code, e.g. `target-rejected`. */
  reason?: string;
  fingerprint?: string;
  /** Dead-lettered at or after. */
  from?: Timestamp;
  /** Dead-lettered before. */
  to?: Timestamp;
  /** Default `dead-lettered`; e.g. `replaying` or `discarded` to see what ops did with them. */
  state?: DeliveryState | readonly DeliveryState[];
  /**
   * A primary's dead letters, or a shadow target's in a parallel run (never alerted on, never
   * holding a primary); both when absent. The API asks for primaries unless told otherwise.
   */
  role?: DeliveryRole;
}

export interface AuditFilter {
  tenants: TenantScope;
  actor?: string;
  action?: string;
  from?: Timestamp;
  to?: Timestamp;
}

/**
 * Quarantined messages within `tenants`. One whose tenant could not be read has none, so only a
 * caller with `'*'` sees it.
 */
export interface QuarantineFilter {
  tenants: TenantScope;
  tenant?: string;
  reason?: QuarantineReason;
  type?: string;
  subject?: string;
  /** Default `open`. */
  state?: QuarantineState | readonly QuarantineState[];
  /** Quarantined at or after. */
  from?: Timestamp;
  /** Quarantined before. */
  to?: Timestamp;
}
