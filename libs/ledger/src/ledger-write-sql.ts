import type { LedgerTables } from './ledger-schema';

// Bulk writes: each is one statement over parallel arrays (unnest), so a Kafka batch or a job costs
// one round trip. Rows for the same delivery within one call are folded first (DISTINCT ON), since
// ON CONFLICT DO UPDATE may touch a row only once per statement.

export const insertAccepted = (t: LedgerTables) => `
INSERT INTO ${t.events} (event_key, tenant, type, source, event_id, subject, accepted_at, event)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::jsonb[])
ON CONFLICT (event_key) DO NOTHING`;

/** A row the worker created first (its attempt landed before this) only gains its queued_at. */
export const upsertQueued = (t: LedgerTables) => `
INSERT INTO ${t.deliveries} AS d (event_key, target, tenant, state, attempts, queued_at, updated_at)
SELECT DISTINCT ON (r.event_key, r.target) r.event_key, r.target, r.tenant, 'queued', 0, r.at, r.at
FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS r(event_key, target, tenant, at)
ORDER BY r.event_key, r.target, r.at
ON CONFLICT (event_key, target) DO UPDATE SET queued_at = excluded.queued_at
WHERE d.queued_at IS NULL`;

/**
 * Attempts move a delivery forward only. Writes can arrive late or twice (batched, retried), so:
 * - a replay (state replaying) starts a new run whose attempts count from 1 again: anything applies;
 * - delivered is final; delivered also beats dead-lettered (a stalled job that ran again and got
 *   through) and discarded (the target has it, whatever ops decided);
 * - discarded stays discarded otherwise; a dead letter is only refreshed by a later dead-lettering;
 * - queued/retrying never step back to an earlier attempt.
 * Error columns change together, and only when the row carries an error.
 */
export const upsertAttempts = (t: LedgerTables) => `
INSERT INTO ${t.deliveries} AS d
  (event_key, target, tenant, state, attempts, last_error_code, last_error_message, last_status, last_field,
   fingerprint, reference, updated_at, delivered_at, dead_lettered_at)
SELECT DISTINCT ON (r.event_key, r.target)
  r.event_key, r.target, r.tenant, r.outcome, r.attempt, r.code, r.message, r.status, r.field,
  r.fingerprint, r.reference, r.at,
  CASE WHEN r.outcome = 'delivered' THEN r.at END,
  CASE WHEN r.outcome = 'dead-lettered' THEN r.at END
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int[], $9::text[],
            $10::text[], $11::text[], $12::timestamptz[])
  AS r(event_key, target, tenant, outcome, attempt, code, message, status, field, fingerprint, reference, at)
ORDER BY r.event_key, r.target,
  CASE r.outcome WHEN 'delivered' THEN 3 WHEN 'dead-lettered' THEN 2 ELSE 1 END DESC, r.attempt DESC, r.at DESC
ON CONFLICT (event_key, target) DO UPDATE SET
  state = excluded.state,
  attempts = excluded.attempts,
  last_error_code    = CASE WHEN excluded.last_error_code IS NULL THEN d.last_error_code ELSE excluded.last_error_code END,
  last_error_message = CASE WHEN excluded.last_error_code IS NULL THEN d.last_error_message ELSE excluded.last_error_message END,
  last_status        = CASE WHEN excluded.last_error_code IS NULL THEN d.last_status ELSE excluded.last_status END,
  last_field         = CASE WHEN excluded.last_error_code IS NULL THEN d.last_field ELSE excluded.last_field END,
  fingerprint        = CASE WHEN excluded.last_error_code IS NULL THEN d.fingerprint ELSE excluded.fingerprint END,
  reference = COALESCE(excluded.reference, d.reference),
  updated_at = excluded.updated_at,
  delivered_at = COALESCE(excluded.delivered_at, d.delivered_at),
  dead_lettered_at = CASE WHEN excluded.state = 'dead-lettered' AND d.state <> 'dead-lettered'
                          THEN excluded.dead_lettered_at ELSE d.dead_lettered_at END
WHERE CASE
  WHEN d.state = 'replaying' THEN true
  WHEN d.state = 'delivered' THEN false
  WHEN excluded.state = 'delivered' THEN true
  WHEN d.state = 'discarded' THEN false
  WHEN d.state = 'dead-lettered' THEN excluded.state = 'dead-lettered' AND excluded.attempts >= d.attempts
  ELSE excluded.attempts >= d.attempts
END
RETURNING d.target, d.subject, d.ordered, d.state`;

/** Only open dead letters within the caller's tenants; answers the ones it marked. */
export const markReplaying = (t: LedgerTables, scoped: boolean) => `
UPDATE ${t.deliveries} AS d SET state = 'replaying', replays = d.replays + 1, updated_at = $3
FROM unnest($1::text[], $2::text[]) AS k(event_key, target)
WHERE d.event_key = k.event_key AND d.target = k.target AND d.state = 'dead-lettered'
  ${scoped ? 'AND d.tenant = ANY($4::text[])' : ''}
RETURNING d.event_key, d.target`;

/** replays is not taken back: the attempt to replay happened, and the audit log says so. */
export const revertReplaying = (t: LedgerTables) => `
UPDATE ${t.deliveries} AS d SET state = 'dead-lettered', updated_at = $3
FROM unnest($1::text[], $2::text[]) AS k(event_key, target)
WHERE d.event_key = k.event_key AND d.target = k.target AND d.state = 'replaying'
RETURNING d.event_key, d.target`;

export const markDiscarded = (t: LedgerTables, scoped: boolean) => `
UPDATE ${t.deliveries} AS d SET state = 'discarded', discarded_at = $3, discard_reason = $4, updated_at = $3
FROM unnest($1::text[], $2::text[]) AS k(event_key, target)
WHERE d.event_key = k.event_key AND d.target = k.target AND d.state = 'dead-lettered'
  ${scoped ? 'AND d.tenant = ANY($5::text[])' : ''}
RETURNING d.event_key, d.target, d.subject, d.ordered`;

export const insertAudit = (t: LedgerTables) => `
INSERT INTO ${t.auditLog} (at, actor, roles, action, tenants, filter, counts, detail)
VALUES (COALESCE($1::timestamptz, now()), $2, $3::text[], $4, $5::text[], $6::jsonb, $7::jsonb, $8)
RETURNING *`;

/**
 * Deletes up to $2 events accepted before $1 that nothing is waiting on (every delivery delivered or
 * discarded, or none at all), with their deliveries. Open dead letters are kept whatever their age.
 */
export const pruneSettled = (t: LedgerTables) => `
WITH old AS (
  SELECT e.event_key FROM ${t.events} e
  WHERE e.accepted_at < $1::timestamptz
    AND NOT EXISTS (SELECT 1 FROM ${t.deliveries} d WHERE d.event_key = e.event_key AND d.state NOT IN ('delivered', 'discarded'))
  LIMIT $2
), gone AS (
  DELETE FROM ${t.deliveries} d USING old WHERE d.event_key = old.event_key RETURNING d.event_key
)
DELETE FROM ${t.events} e USING old WHERE e.event_key = old.event_key
RETURNING e.event_key, (SELECT count(*) FROM gone)::int AS deliveries`;

/**
 * Quarantined messages, one row per Kafka coordinates: a batch consumed again writes nothing new.
 * A row counts the earlier rows of the same message (same digest: it was released and failed again)
 * and names the latest of them.
 */
export const insertQuarantined = (t: LedgerTables) => `
INSERT INTO ${t.quarantine} AS q
  (topic, kafka_partition, kafka_offset, message_key, message_value, message_headers, message_timestamp, message_sha256,
   tenant, type, subject, source, event_id, event, reason, reason_message, problems, quarantined_at, updated_at,
   times_quarantined, previous_id)
SELECT DISTINCT ON (r.topic, r.part, r.off)
  r.topic, r.part, r.off, r.k, r.v, r.h, r.ts, r.digest, r.tenant, r.type, r.subject, r.source, r.event_id, r.event,
  r.reason, r.msg, r.problems, r.at, r.at,
  1 + (SELECT count(*) FROM ${t.quarantine} p WHERE p.message_sha256 = r.digest)::int,
  (SELECT max(p.id) FROM ${t.quarantine} p WHERE p.message_sha256 = r.digest)
FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bytea[], $5::bytea[], $6::jsonb[], $7::timestamptz[], $8::text[],
            $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::text[], $16::text[],
            $17::jsonb[], $18::timestamptz[])
  AS r(topic, part, off, k, v, h, ts, digest, tenant, type, subject, source, event_id, event, reason, msg, problems, at)
ORDER BY r.topic, r.part, r.off
ON CONFLICT ON CONSTRAINT quarantine_coordinates DO NOTHING
RETURNING q.id, q.topic, q.kafka_partition, q.kafka_offset, q.reason, q.tenant, q.times_quarantined`;

/** Only an open row within the caller's tenants ($5) is released; answers its id when it was. */
export const markQuarantineReleased = (t: LedgerTables, scoped: boolean) => `
UPDATE ${t.quarantine} AS q SET state = 'released', released_at = $2, released_by = $3, release_note = $4, updated_at = $2
WHERE q.id = $1::bigint AND q.state = 'open' ${scoped ? 'AND q.tenant = ANY($5::text[])' : ''}
RETURNING q.id`;

/** The release could not be published: the row is open again, as if it had not been tried (the audit log says it was). */
export const revertQuarantineRelease = (t: LedgerTables) => `
UPDATE ${t.quarantine} AS q SET state = 'open', released_at = NULL, released_by = NULL, release_note = NULL, updated_at = $2
WHERE q.id = $1::bigint AND q.state = 'released'
RETURNING q.id`;

export const markQuarantineDiscarded = (t: LedgerTables, scoped: boolean) => `
UPDATE ${t.quarantine} AS q SET state = 'discarded', discarded_at = $2, discarded_by = $3, discard_reason = $4, updated_at = $2
WHERE q.id = $1::bigint AND q.state = 'open' ${scoped ? 'AND q.tenant = ANY($5::text[])' : ''}
RETURNING q.id`;

/** Released or discarded rows last changed before $1, up to $2 of them: open ones stay whatever their age. */
export const pruneQuarantine = (t: LedgerTables) => `
WITH old AS (SELECT id FROM ${t.quarantine} WHERE state <> 'open' AND updated_at < $1::timestamptz LIMIT $2)
DELETE FROM ${t.quarantine} q USING old WHERE q.id = old.id
RETURNING q.id`;
