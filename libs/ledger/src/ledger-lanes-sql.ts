import type { LedgerTables } from './ledger-schema';

// Lanes: order per subject, per target (migration 0007). A lane is (target, subject). Whoever
// changes a lane — the router or a backfill adding deliveries, ops discarding or withdrawing one —
// takes the lane's advisory lock inside its transaction before it decides which of the lane's
// deliveries may go (a new one queued or held, the next one released), so the second of two
// writers always sees the first one's committed rows (a lock, not a snapshot, decides). The worker,
// whose attempt is committed already, only waits for the lock before it releases (releaseLanes).
// Locks are taken in one order, so two writers never wait on each other in a circle.

/** The first key of the hub's lane locks; the second is the lane's bucket. */
export const LANE_LOCK_SPACE = 7007;

/**
 * Lanes share LANE_LOCK_BUCKETS locks, by a hash of target and subject: a lock per lane would take
 * one slot of PostgreSQL's shared lock table per lane a transaction touches, and a router batch of
 * a few thousand joiners to six targets ran it out ("out of shared memory", max_locks_per_transaction
 * × max_connections, 6,400 by default) and stalled routing. A bucket is a coarser lock than a lane,
 * so it is as correct; two lanes in one bucket only wait for each other's commit.
 */
export const LANE_LOCK_BUCKETS = 1024;

/** Takes the locks of the lanes ($1 targets, $2 subjects) for the rest of the transaction: at most LANE_LOCK_BUCKETS. */
export const lockLanes = () => `
SELECT pg_advisory_xact_lock(${LANE_LOCK_SPACE}, h)
FROM (SELECT DISTINCT hashtext(k.target || chr(31) || k.subject) & ${LANE_LOCK_BUCKETS - 1} AS h FROM unnest($1::text[], $2::text[]) AS k(target, subject) ORDER BY h) AS locks`;

/**
 * How a statement writing new deliveries decides their state, from its rows `r` (event_key,
 * target, subject, order_key, ordered): `lanesArrival` ranks the new ordered rows in their lanes
 * (a CTE, `fresh`), `arrivalState` gives an unordered delivery `queued`, and an ordered one
 * `queued` when it is its lane's first delivery not yet done (nothing open before it in the
 * ledger, nothing new before it in the statement), else `held`. Correct only under the lanes'
 * locks, taken before the statement (lockLanes): its snapshot then holds every other lane writer's
 * commit, so a lane never has two deliveries queued at once, and a delivery finished meanwhile has
 * its successor released by the release that waits for this transaction's locks. It is what
 * writing `held` and then releasing the lane's head did, without writing each row twice.
 */
export const lanesArrival = (t: LedgerTables) => `fresh AS (
  SELECT n.event_key, n.target, row_number() OVER (PARTITION BY n.target, n.subject ORDER BY n.order_key, n.event_key) AS nth
  FROM r n
  WHERE n.ordered AND NOT EXISTS (SELECT 1 FROM ${t.deliveries} x WHERE x.event_key = n.event_key AND x.target = n.target)
)`;

/** See lanesArrival: the state of row `r`, ranked `f` (joined from `fresh`). */
export const arrivalState = (t: LedgerTables) => `CASE
    WHEN NOT r.ordered THEN 'queued'
    WHEN f.nth = 1 AND NOT EXISTS (
      SELECT 1 FROM ${t.deliveries} o
      WHERE o.target = r.target AND o.subject = r.subject AND o.ordered AND o.state NOT IN ('delivered', 'discarded')
        AND (o.order_key, o.event_key) < (r.order_key, r.event_key)
    ) THEN 'queued'
    ELSE 'held' END`;

/**
 * The router's deliveries, under the lanes' locks (lockLanes, before this statement): each new one
 * starts `queued` or `held` (lanesArrival). A delivery already recorded (its batch consumed again)
 * keeps its state; every row is answered with its state now.
 */
export const insertRouted = (t: LedgerTables) => `
WITH r AS (
  SELECT DISTINCT ON (r.event_key, r.target) r.*
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bool[], $7::timestamptz[], $8::text[], $9::bigint[], $10::jsonb[])
    AS r(event_key, target, tenant, subject, order_key, ordered, at, role, landscape_version, trace)
  ORDER BY r.event_key, r.target
), ${lanesArrival(t)}
INSERT INTO ${t.deliveries} AS d (event_key, target, tenant, subject, order_key, ordered, role, landscape_version, trace, state, attempts, queued_at, updated_at)
SELECT r.event_key, r.target, r.tenant, r.subject, r.order_key, r.ordered, r.role, r.landscape_version, r.trace,
  ${arrivalState(t)}, 0, r.at, r.at
FROM r LEFT JOIN fresh f ON f.event_key = r.event_key AND f.target = r.target
ORDER BY r.event_key, r.target
ON CONFLICT (event_key, target) DO UPDATE SET
  queued_at = COALESCE(d.queued_at, excluded.queued_at),
  subject = COALESCE(d.subject, excluded.subject),
  order_key = COALESCE(d.order_key, excluded.order_key)
RETURNING d.event_key, d.target, d.subject, d.ordered, d.state`;

/**
 * Releases, per lane ($1 targets, $2 subjects), its first delivery not yet done when that one is
 * held: it becomes queued, and is answered with its event (and the trace context it was routed
 * under) for the caller to enqueue. A lane whose
 * first open delivery is queued, retrying, a dead letter or a replay releases nothing.
 */
export const releaseNext = (t: LedgerTables) => `
WITH lane AS (
  SELECT DISTINCT target, subject FROM unnest($1::text[], $2::text[]) AS k(target, subject)
), head AS (
  SELECT DISTINCT ON (d.target, d.subject) d.event_key, d.target, d.state
  FROM ${t.deliveries} d JOIN lane ON d.target = lane.target AND d.subject = lane.subject
  WHERE d.ordered AND d.state NOT IN ('delivered', 'discarded')
  ORDER BY d.target, d.subject, d.order_key, d.event_key
)
UPDATE ${t.deliveries} AS d SET state = 'queued', queued_at = $3, updated_at = $3
FROM head
WHERE head.state = 'held' AND d.event_key = head.event_key AND d.target = head.target AND d.state = 'held'
RETURNING d.event_key, d.target, d.tenant, d.backfill_id, d.trace, (SELECT e.event FROM ${t.events} e WHERE e.event_key = d.event_key) AS event`;

/** What holds a held delivery: its lane's first delivery not yet done ($1 target, $2 subject). */
export const laneHead = (t: LedgerTables) => `
SELECT d.event_key, d.state, e.event_id, e.source FROM ${t.deliveries} d LEFT JOIN ${t.events} e ON e.event_key = d.event_key
WHERE d.target = $1 AND d.subject = $2 AND d.ordered AND d.state NOT IN ('delivered', 'discarded')
ORDER BY d.order_key, d.event_key LIMIT 1`;

/** Held deliveries per target (a gauge at scrape time). */
export const heldPerTarget = (t: LedgerTables) => `
SELECT target, count(*)::int AS held FROM ${t.deliveries}
WHERE ordered AND state = 'held'
GROUP BY target`;
