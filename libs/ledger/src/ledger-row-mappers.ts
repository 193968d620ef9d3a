import type { CanonicalEvent } from '@hub/events';
import type { AuditRecord, DeadLetterRecord, DeliveryRecord } from './ledger-records';
import type { DeliveryState } from './ledger-rows';

/** Columns as pg hands them back (timestamptz → Date, bigint → string, jsonb → parsed). */
export interface DeliveryRow {
  event_key: string;
  target: string;
  tenant: string;
  state: DeliveryState;
  attempts: number;
  last_error_code: string | null;
  last_error_message: string | null;
  last_status: number | null;
  last_field: string | null;
  fingerprint: string | null;
  reference: string | null;
  queued_at: Date | null;
  updated_at: Date;
  delivered_at: Date | null;
  dead_lettered_at: Date | null;
  discarded_at: Date | null;
  discard_reason: string | null;
  replays: number;
  subject: string | null;
  /** bigint: pg hands it back as a string. */
  order_key: string | null;
  ordered: boolean;
}

export interface DeadLetterRow extends DeliveryRow {
  type: string | null;
  subject: string | null;
  source: string | null;
  event_id: string | null;
  event: CanonicalEvent | null;
  /** dead_lettered_at at full (microsecond) precision, for the next page's cursor. */
  cursor_at: string;
  /** Deliveries held behind it in its lane. */
  holding: number;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  roles: string[];
  action: string;
  tenants: string[];
  filter: Record<string, unknown> | null;
  counts: Record<string, number> | null;
  detail: string | null;
}

/** Drops the null columns, so records carry only what happened. */
function present<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

const iso = (d: Date | null) => d?.toISOString();

export function toDeliveryRecord(r: DeliveryRow): DeliveryRecord {
  return present({
    eventKey: r.event_key,
    target: r.target,
    tenant: r.tenant,
    state: r.state,
    attempts: r.attempts,
    reason: r.last_error_code,
    message: r.last_error_message,
    status: r.last_status,
    field: r.last_field,
    fingerprint: r.fingerprint,
    reference: r.reference,
    queuedAt: iso(r.queued_at),
    updatedAt: r.updated_at.toISOString(),
    deliveredAt: iso(r.delivered_at),
    deadLetteredAt: iso(r.dead_lettered_at),
    discardedAt: iso(r.discarded_at),
    discardReason: r.discard_reason,
    replays: r.replays,
    ...(r.ordered ? { ordered: true } : {}),
  } as DeliveryRecord);
}

export function toDeadLetterRecord(r: DeadLetterRow): DeadLetterRecord {
  return present({ ...toDeliveryRecord(r), type: r.type, subject: r.subject, source: r.source, eventId: r.event_id, event: r.event, ...(r.holding ? { holding: r.holding } : {}) } as DeadLetterRecord);
}

export function toAuditRecord(r: AuditRow): AuditRecord {
  return present({ ...r, at: r.at.toISOString() } as AuditRecord);
}
