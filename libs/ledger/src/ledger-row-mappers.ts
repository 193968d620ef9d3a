import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '@hub/events';
import type { AuditRecord, DeadLetterRecord, DeliveryRecord, QuarantineRecord } from './ledger-records';
import type { DeliveryState, MessageHeader, QuarantineProblem, RawMessage } from './ledger-rows';
import type { QuarantineReason, QuarantineState } from './quarantine-reason';

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
  role: 'primary' | 'shadow';
  /** bigint: pg hands it back as a string. */
  landscape_version: string | null;
  /** bigint (migration 0011): the backfill that made it. */
  backfill_id?: string | null;
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
    ...(r.role === 'shadow' ? { role: 'shadow' } : {}),
    ...(r.landscape_version ? { landscapeVersion: Number(r.landscape_version) } : {}),
    ...(r.backfill_id ? { backfillId: r.backfill_id } : {}),
  } as DeliveryRecord);
}

export function toDeadLetterRecord(r: DeadLetterRow): DeadLetterRecord {
  return present({ ...toDeliveryRecord(r), type: r.type, subject: r.subject, source: r.source, eventId: r.event_id, event: r.event, ...(r.holding ? { holding: r.holding } : {}) } as DeadLetterRecord);
}

export function toAuditRecord(r: AuditRow): AuditRecord {
  return present({ ...r, at: r.at.toISOString() } as AuditRecord);
}

/** A quarantine row; the message columns only when read one at a time. */
export interface QuarantineRowOut {
  id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  message_key?: Buffer | null;
  message_value?: Buffer | null;
  message_headers?: { key: string; value: string | null }[];
  message_timestamp: Date | null;
  message_sha256: string;
  value_bytes: number | null;
  tenant: string | null;
  type: string | null;
  subject: string | null;
  source: string | null;
  event_id: string | null;
  event: QuarantineRecord['event'] | null;
  reason: QuarantineReason;
  reason_message: string;
  problems: QuarantineProblem[];
  state: QuarantineState;
  times_quarantined: number;
  previous_id: string | null;
  quarantined_at: Date;
  updated_at: Date;
  released_at: Date | null;
  released_by: string | null;
  release_note: string | null;
  discarded_at: Date | null;
  discarded_by: string | null;
  discard_reason: string | null;
  /** quarantined_at at full precision, for the next page's cursor. */
  cursor_at?: string;
}

/** Headers are stored as base64 pairs: names and values may hold what jsonb cannot. */
export function headersToJson(headers: readonly MessageHeader[]): string {
  return JSON.stringify(headers.map((h) => ({ key: Buffer.from(h.key, 'utf8').toString('base64'), value: h.value === null ? null : h.value.toString('base64') })));
}

function headersFromJson(headers: { key: string; value: string | null }[]): MessageHeader[] {
  return headers.map((h) => ({ key: Buffer.from(h.key, 'base64').toString('utf8'), value: h.value === null ? null : Buffer.from(h.value, 'base64') }));
}

export function toQuarantineRecord(r: QuarantineRowOut): QuarantineRecord {
  const raw: RawMessage | undefined =
    r.message_headers === undefined
      ? undefined
      : {
          key: r.message_key ?? null,
          value: r.message_value ?? null,
          headers: headersFromJson(r.message_headers),
          ...(r.message_timestamp ? { timestamp: String(r.message_timestamp.getTime()) } : {}),
        };
  return present({
    id: r.id,
    topic: r.topic,
    partition: r.kafka_partition,
    offset: r.kafka_offset,
    tenant: r.tenant,
    type: r.type,
    subject: r.subject,
    source: r.source,
    eventId: r.event_id,
    event: r.event,
    reason: r.reason,
    message: r.reason_message,
    problems: r.problems,
    state: r.state,
    timesQuarantined: r.times_quarantined,
    previousId: r.previous_id,
    quarantinedAt: r.quarantined_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    releasedAt: iso(r.released_at),
    releasedBy: r.released_by,
    releaseNote: r.release_note,
    discardedAt: iso(r.discarded_at),
    discardedBy: r.discarded_by,
    discardReason: r.discard_reason,
    digest: r.message_sha256,
    valueBytes: r.value_bytes ?? 0,
    raw,
  } as QuarantineRecord);
}

/**
 * sha256 of a message's key, headers (in order) and value, each length-prefixed so no two messages
 * share one: the same message read again at another offset (after a release) has the same digest.
 */
export function messageDigest(m: RawMessage): string {
  const h = createHash('sha256');
  const part = (b: Buffer | null) => {
    const len = Buffer.alloc(5);
    if (b === null) len.writeUInt8(0, 0);
    else {
      len.writeUInt8(1, 0);
      len.writeUInt32BE(b.length, 1);
    }
    h.update(len);
    if (b) h.update(b);
  };
  part(m.key);
  for (const header of m.headers) {
    part(Buffer.from(header.key, 'utf8'));
    part(header.value);
  }
  part(m.value);
  return h.digest('hex');
}
