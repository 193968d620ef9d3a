import type { BackfillRecord, BackfillState } from './backfill-records';

/** A `backfills` row as pg hands it back (timestamptz → Date, bigint → string). */
export interface BackfillRow {
  id: string;
  tenant: string;
  target: string;
  filter: Record<string, unknown>;
  types: string[];
  subject: string | null;
  window_from: Date | null;
  window_to: Date;
  ordered: boolean;
  state: BackfillState;
  cursor: number;
  total: number;
  enqueued: number;
  skipped: number;
  forgotten: number;
  delivered: number;
  dead_lettered: number;
  rate: number;
  measured_rate: number | null;
  created_by: string;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
  runs: number;
  finished_at: Date | null;
  changed_by: string | null;
  error: string | null;
}

export function toBackfillRecord(r: BackfillRow): BackfillRecord {
  return {
    id: String(r.id),
    tenant: r.tenant,
    target: r.target,
    filter: r.filter,
    types: r.types,
    ...(r.subject === null ? {} : { subject: r.subject }),
    ...(r.window_from === null ? {} : { from: r.window_from.toISOString() }),
    to: r.window_to.toISOString(),
    ordered: r.ordered,
    state: r.state,
    cursor: r.cursor,
    total: r.total,
    enqueued: r.enqueued,
    skipped: r.skipped,
    forgotten: r.forgotten,
    delivered: r.delivered,
    deadLettered: r.dead_lettered,
    rate: r.rate,
    ...(r.measured_rate === null ? {} : { measuredRate: r.measured_rate }),
    createdBy: r.created_by,
    ...(r.reason === null ? {} : { reason: r.reason }),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    runs: r.runs,
    ...(r.finished_at === null ? {} : { finishedAt: r.finished_at.toISOString() }),
    ...(r.changed_by === null ? {} : { changedBy: r.changed_by }),
    ...(r.error === null ? {} : { error: r.error }),
  };
}
