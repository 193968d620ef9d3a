import { arrivalState, lanesArrival } from './ledger-lanes-sql';
import type { LedgerTables } from './ledger-schema';

// Backfills (migration 0011): a target is given again, from the ledger, the events of a selection
// it has no delivery of. The selection is taken once, at the start, into backfill_items, numbered
// in acceptance order; a run walks it by its cursor, one page per transaction, recording each
// page's deliveries and the cursor together, so a run that dies resumes after the last page it
// recorded and nothing is selected or created twice.

/** Deliveries of a backfill not yet settled: they count against its bound ahead of the target. */
export const OPEN_STATES = `('queued', 'held', 'retrying', 'replaying')`;

/**
 * The selection's WHERE on events `e`: $1 tenant, $2 types, $3 subject (or null), $4 from (or
 * null), $5 to. The window is [from, to) on the time of acceptance.
 */
const selected = `e.tenant = $1 AND e.type = ANY($2::text[]) AND ($3::text IS NULL OR e.subject = $3)
    AND ($4::timestamptz IS NULL OR e.accepted_at >= $4::timestamptz) AND e.accepted_at < $5::timestamptz`;

/** $6: the target. Whether it has a delivery of the event, from live traffic or an earlier backfill. */
const targetHas = (t: LedgerTables) => `EXISTS (SELECT 1 FROM ${t.deliveries} h WHERE h.event_key = e.event_key AND h.target = $6)`;

/**
 * An event's place in acceptance order: the order key its deliveries were routed with (the API's
 * stamp, microseconds), else, for an event routed nowhere, its time of acceptance in microseconds.
 */
const orderKeyOf = (t: LedgerTables) =>
  `COALESCE((SELECT min(o.order_key) FROM ${t.deliveries} o WHERE o.event_key = e.event_key), (extract(epoch FROM e.accepted_at) * 1000000)::bigint)`;

/** The dry run: per type, what would be sent and what the target has already; oldest and newest to send. */
export const dryRun = (t: LedgerTables) => `
SELECT e.type,
       count(*) FILTER (WHERE NOT s.has)::int AS to_send,
       count(*) FILTER (WHERE s.has)::int AS already_there,
       to_json(min(e.accepted_at) FILTER (WHERE NOT s.has)) #>> '{}' AS oldest,
       to_json(max(e.accepted_at) FILTER (WHERE NOT s.has)) #>> '{}' AS newest
FROM ${t.events} e CROSS JOIN LATERAL (SELECT ${targetHas(t)} AS has) s
WHERE ${selected}
GROUP BY e.type ORDER BY e.type`;

/** A new backfill, its counts filled in by `selectItems` in the same transaction. */
export const insertBackfill = (t: LedgerTables) => `
INSERT INTO ${t.backfills} (tenant, target, filter, types, subject, window_from, window_to, ordered, state, total, rate, created_by, reason, created_at, updated_at)
VALUES ($1, $2, $3::jsonb, $4::text[], $5, $6::timestamptz, $7::timestamptz, $8, 'running', 0, $9, $10, $11, $12::timestamptz, $12::timestamptz)
RETURNING id`;

/**
 * Takes the selection ($1–$6 as above, $7 the backfill) into backfill_items, in acceptance order,
 * and sets the backfill's total (what it will send) and skipped (what the target has already).
 */
export const selectItems = (t: LedgerTables) => `
WITH sel AS (
  SELECT e.event_key, ${orderKeyOf(t)} AS order_key, ${targetHas(t)} AS has
  FROM ${t.events} e WHERE ${selected}
), items AS (
  INSERT INTO ${t.backfillItems} (backfill_id, seq, event_key, order_key)
  SELECT $7::bigint, row_number() OVER (ORDER BY s.order_key, s.event_key), s.event_key, s.order_key FROM sel s WHERE NOT s.has
  RETURNING 1
)
UPDATE ${t.backfills} SET total = (SELECT count(*) FROM items), skipped = (SELECT count(*) FROM sel WHERE has)
WHERE id = $7::bigint
RETURNING *`;

/**
 * The next $3 items of backfill $1 after seq $2, with their events (absent when retention forgot
 * one). The page is cut first and its events looked up one by key: written as a join, the
 * planner, on statistics from before the selection was taken, hashed the whole events table for
 * each page (360 ms a page of 500 in the bench's backfill, against 4 ms once analysed:
 * pg_stat_statements, EXPLAIN ANALYZE).
 */
export const nextItems = (t: LedgerTables) => `
SELECT i.seq, i.event_key, i.order_key, (SELECT e.event FROM ${t.events} e WHERE e.event_key = i.event_key) AS event
FROM (SELECT seq, event_key, order_key FROM ${t.backfillItems} WHERE backfill_id = $1::bigint AND seq > $2 ORDER BY seq LIMIT $3) i
ORDER BY i.seq`;

/**
 * A page's deliveries, for backfill $1 to target $2 of tenant $3 ($4 whether it is ordered), under
 * the lanes' locks (taken before): each starts `queued` or `held` (lanesArrival), as a live one
 * would. One the target has meanwhile (a live delivery got there first) is left as it is, and not
 * answered.
 */
export const insertBackfilled = (t: LedgerTables) => `
WITH r AS (
  SELECT r.event_key, $2::text AS target, r.subject, r.order_key, $4::bool AS ordered
  FROM unnest($6::text[], $7::text[], $8::bigint[]) AS r(event_key, subject, order_key)
), ${lanesArrival(t)}
INSERT INTO ${t.deliveries} AS d (event_key, target, tenant, subject, order_key, ordered, backfill_id, state, attempts, queued_at, updated_at)
SELECT r.event_key, r.target, $3, r.subject, r.order_key, r.ordered, $1::bigint, ${arrivalState(t)}, 0, $5::timestamptz, $5::timestamptz
FROM r LEFT JOIN fresh f ON f.event_key = r.event_key AND f.target = r.target
ON CONFLICT (event_key, target) DO NOTHING
RETURNING d.event_key, d.subject, d.state`;

/**
 * Moves the cursor of backfill $1 from $2 to $3 and adds to its counts, only while it is running:
 * a backfill paused or cancelled meanwhile answers no row, and the caller rolls the page back.
 */
export const advanceCursor = (t: LedgerTables) => `
UPDATE ${t.backfills} SET cursor = $3, enqueued = enqueued + $4, skipped = skipped + $5, forgotten = forgotten + $6, updated_at = $7::timestamptz
WHERE id = $1::bigint AND state = 'running' AND cursor = $2
RETURNING id`;

/** Every state a delivery can be in but `delivered`: what a backfill's counts read row by row. */
const NOT_DELIVERED = `ARRAY['queued', 'held', 'retrying', 'replaying', 'dead-lettered', 'discarded']`;

/**
 * Backfill $1's deliveries by state, and how many of its held ones wait behind a dead letter. Only
 * the deliveries not yet delivered are read (at most BACKFILL_MAX_AHEAD open ones, and the dead
 * letters and discards): the delivered are what it created less what a cancel withdrew and the
 * rest, so a count costs the same at the end of a backfill of a million as at its start.
 */
export const deliveryCounts = (t: LedgerTables) => `
WITH others AS (
  SELECT d.state, count(*)::int AS n,
         count(*) FILTER (WHERE d.state = 'held' AND EXISTS (
           SELECT 1 FROM ${t.deliveries} x WHERE x.target = d.target AND x.subject = d.subject AND x.ordered AND x.state = 'dead-lettered'
             AND (x.order_key, x.event_key) < (d.order_key, d.event_key)))::int AS behind_dead_letters
  FROM ${t.deliveries} d WHERE d.backfill_id = $1::bigint AND d.state = ANY(${NOT_DELIVERED}) GROUP BY d.state
)
SELECT state, n, behind_dead_letters FROM others
UNION ALL
SELECT 'delivered', GREATEST(0, b.enqueued - b.withdrawn - COALESCE((SELECT sum(n) FROM others), 0))::int, 0
FROM ${t.backfills} b WHERE b.id = $1::bigint`;

/** How many of backfill $1's deliveries are open. */
export const openCount = (t: LedgerTables) => `SELECT count(*)::int AS n FROM ${t.deliveries} WHERE backfill_id = $1::bigint AND state IN ${OPEN_STATES}`;

/** Backfill $1's queued deliveries with their events: what a resumed run puts on the queue again (same job ids). */
export const queuedOf = (t: LedgerTables) => `
SELECT d.event_key, d.target, d.tenant, e.event FROM ${t.deliveries} d JOIN ${t.events} e ON e.event_key = d.event_key
WHERE d.backfill_id = $1::bigint AND d.state = 'queued'`;

/**
 * Withdraws backfill deliveries ($1 event keys, $2 targets) whose backfill was cancelled: one never
 * attempted is deleted, as if it had never been made (a later backfill may send it); one attempted
 * is discarded with the reason $4, since the target may have it. Answers both, with their lanes;
 * the deleted are counted on their backfill (`withdrawn`, for deliveryCounts).
 */
export const withdraw = (t: LedgerTables) => `
WITH k AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(event_key, target)),
gone AS (
  DELETE FROM ${t.deliveries} d USING k
  WHERE d.event_key = k.event_key AND d.target = k.target AND d.backfill_id IS NOT NULL AND d.state IN ('queued', 'held', 'retrying') AND d.attempts = 0
  RETURNING d.event_key, d.target, d.subject, d.ordered, d.backfill_id, 'deleted' AS outcome
), counted AS (
  UPDATE ${t.backfills} b SET withdrawn = b.withdrawn + g.n
  FROM (SELECT backfill_id, count(*)::int AS n FROM gone GROUP BY backfill_id) g WHERE b.id = g.backfill_id
), dropped AS (
  UPDATE ${t.deliveries} d SET state = 'discarded', discarded_at = $3::timestamptz, discard_reason = $4, updated_at = $3::timestamptz
  FROM k WHERE d.event_key = k.event_key AND d.target = k.target AND d.backfill_id IS NOT NULL AND d.state IN ('queued', 'retrying') AND d.attempts > 0
  RETURNING d.event_key, d.target, d.subject, d.ordered, 'discarded' AS outcome
)
SELECT event_key, target, subject, ordered, outcome FROM gone UNION ALL SELECT * FROM dropped`;

/** Backfill $1's held deliveries (none of them attempted), for a cancel to withdraw. */
export const heldOf = (t: LedgerTables) => `SELECT event_key, target FROM ${t.deliveries} WHERE backfill_id = $1::bigint AND state = 'held'`;

/** Ends backfill $1 from one of the states $2 in state $3, by $4, with an error $5; $6 the time. */
export const endBackfill = (t: LedgerTables, scoped: boolean) => `
UPDATE ${t.backfills} SET state = $3, changed_by = COALESCE($4, changed_by), error = COALESCE($5, error), finished_at = $6::timestamptz, updated_at = $6::timestamptz
WHERE id = $1::bigint AND state = ANY($2::text[]) ${scoped ? 'AND tenant = ANY($7::text[])' : ''}
RETURNING *`;

/** Pause or resume: backfill $1 from state $2 to $3 (by $4 at $5), within the tenants $6. */
export const switchBackfill = (t: LedgerTables, scoped: boolean) => `
UPDATE ${t.backfills} SET state = $3, changed_by = $4, updated_at = $5::timestamptz
WHERE id = $1::bigint AND state = $2 ${scoped ? 'AND tenant = ANY($6::text[])' : ''}
RETURNING *`;
