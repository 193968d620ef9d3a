import type { LedgerTables } from './ledger-schema';

// Parallel runs (migration 0010): which shadow deliveries are ready to compare, the comparisons the
// comparer writes, and the reports read from them. Report statements take $1 tenant, $2 domain,
// $3 and $4 the first and last day (both included).

const SETTLED = `('delivered', 'dead-lettered', 'discarded')`;

/**
 * Shadow deliveries not compared yet that are ready: settled, with every primary delivery of their
 * event settled too, or of an event accepted before $1 (the deadline: compared as they stand). At
 * most $2, oldest event first. The partial index holds only shadow deliveries still waiting.
 */
export const shadowsToCompare = (t: LedgerTables) => `
SELECT s.event_key, s.target
FROM ${t.deliveries} s JOIN ${t.events} e ON e.event_key = s.event_key
WHERE s.role = 'shadow' AND s.compared_at IS NULL
  AND (e.accepted_at < $1::timestamptz
       OR (s.state IN ${SETTLED}
           AND NOT EXISTS (SELECT 1 FROM ${t.deliveries} p
                           WHERE p.event_key = s.event_key AND p.role = 'primary' AND p.state NOT IN ${SETTLED})))
ORDER BY e.accepted_at, s.event_key, s.target
LIMIT $2`;

/** The events ($1 keys) and every delivery of them. */
export const eventsOf = (t: LedgerTables) => `SELECT event_key, accepted_at, event FROM ${t.events} WHERE event_key = ANY($1::text[])`;
export const deliveriesOf = (t: LedgerTables) => `SELECT * FROM ${t.deliveries} WHERE event_key = ANY($1::text[]) ORDER BY event_key, target`;

/** Comparisons ($1, a JSON array of rows), each written once; answers the rows it wrote. */
export const insertComparisons = (t: LedgerTables) => `
INSERT INTO ${t.parallelRunComparisons}
  (event_key, primary_target, shadow_target, tenant, domain, type, day, accepted_at, compared_at, event_id, source, subject,
   agreed, reasons, primary_outcome, shadow_outcome, primary_state, shadow_state, primary_error, shadow_error,
   fields_compared, fields_note, differing_paths, differing, only_primary, only_shadow)
SELECT r.event_key, r.primary_target, r.shadow_target, r.tenant, r.domain, r.type, (r.accepted_at AT TIME ZONE 'UTC')::date, r.accepted_at, r.compared_at,
       r.event_id, r.source, r.subject, cardinality(r.reasons) = 0, r.reasons, r.primary_outcome, r.shadow_outcome, r.primary_state, r.shadow_state,
       r.primary_error, r.shadow_error, r.fields_compared, r.fields_note, r.differing_paths, r.differing, r.only_primary, r.only_shadow
FROM jsonb_to_recordset($1::jsonb) AS r(
  event_key text, primary_target text, shadow_target text, tenant text, domain text, type text, accepted_at timestamptz, compared_at timestamptz,
  event_id text, source text, subject text, reasons text[], primary_outcome text, shadow_outcome text, primary_state text, shadow_state text,
  primary_error jsonb, shadow_error jsonb, fields_compared boolean, fields_note text, differing_paths text[], differing jsonb,
  only_primary text[], only_shadow text[])
ON CONFLICT (event_key, primary_target, shadow_target) DO NOTHING
RETURNING event_key, primary_target, shadow_target`;

/** The shadow deliveries ($1 event keys, $2 targets) are compared: they leave the comparer's index. */
export const markCompared = (t: LedgerTables) => `
UPDATE ${t.deliveries} AS d SET compared_at = $3
FROM unnest($1::text[], $2::text[]) AS k(event_key, target)
WHERE d.event_key = k.event_key AND d.target = k.target AND d.role = 'shadow' AND d.compared_at IS NULL`;

const inReport = (c = '') => `${c}tenant = $1 AND ${c}domain = $2 AND ${c}day BETWEEN $3::date AND $4::date`;
const IN_REPORT = inReport();

/** Counts per day and pair. */
export const reportCounts = (t: LedgerTables) => `
SELECT to_char(day, 'YYYY-MM-DD') AS day, primary_target, shadow_target, count(*)::int AS compared, count(*) FILTER (WHERE agreed)::int AS agreed
FROM ${t.parallelRunComparisons} WHERE ${IN_REPORT}
GROUP BY day, primary_target, shadow_target ORDER BY day, primary_target, shadow_target`;

export const reportByReason = (t: LedgerTables) => `
SELECT r AS reason, count(*)::int AS count FROM ${t.parallelRunComparisons} CROSS JOIN LATERAL unnest(reasons) AS r
WHERE ${IN_REPORT} GROUP BY r`;

/** $5: at most this many paths, most often first. `column` is one of the path arrays. */
export const reportByPath = (t: LedgerTables, column: 'differing_paths' | 'only_primary' | 'only_shadow') => `
SELECT p AS path, count(*)::int AS count FROM ${t.parallelRunComparisons} CROSS JOIN LATERAL unnest(${column}) AS p
WHERE ${IN_REPORT} GROUP BY p ORDER BY count DESC, p LIMIT $5`;

export const reportFieldsNotCompared = (t: LedgerTables) => `
SELECT fields_note AS note, count(*)::int AS count FROM ${t.parallelRunComparisons}
WHERE ${IN_REPORT} AND NOT fields_compared GROUP BY fields_note ORDER BY count DESC, fields_note LIMIT 20`;

const EXAMPLE_COLUMNS = `c.event_key, c.event_id, c.source, c.subject, c.type, to_char(c.day, 'YYYY-MM-DD') AS day,
  c.accepted_at, c.compared_at, c.reasons, c.primary_target, c.shadow_target,
  c.primary_outcome, c.shadow_outcome, c.primary_state, c.shadow_state, c.primary_error, c.shadow_error, c.fields_note, c.differing`;

/** The newest $6 comparisons disagreeing for reason $5. */
export const reportExamplesOf = (t: LedgerTables) => `
SELECT ${EXAMPLE_COLUMNS} FROM ${t.parallelRunComparisons} c
WHERE ${inReport('c.')} AND $5 = ANY(c.reasons)
ORDER BY c.accepted_at DESC, c.event_key, c.primary_target, c.shadow_target LIMIT $6`;

/** The newest $6 comparisons per disagreeing field of $5 (paths), with the path each one is for. */
export const reportFieldExamples = (t: LedgerTables) => `
SELECT * FROM (
  SELECT ${EXAMPLE_COLUMNS}, p AS path,
         row_number() OVER (PARTITION BY p ORDER BY c.accepted_at DESC, c.event_key, c.primary_target, c.shadow_target) AS n
  FROM ${t.parallelRunComparisons} c CROSS JOIN LATERAL unnest(c.differing_paths) AS p
  WHERE ${inReport('c.')} AND p = ANY($5::text[])
) x WHERE x.n <= $6 ORDER BY x.path, x.n`;

/** Whether the tenant ($1) has a parallel run in the domain ($2): comparisons, or shadow deliveries waiting for one. */
export const runExists = (t: LedgerTables) => `
SELECT EXISTS (SELECT 1 FROM ${t.parallelRunComparisons} WHERE tenant = $1 AND domain = $2)
    OR EXISTS (SELECT 1 FROM ${t.deliveries} d JOIN ${t.events} e ON e.event_key = d.event_key
               WHERE d.role = 'shadow' AND d.compared_at IS NULL AND d.tenant = $1 AND split_part(e.type, '.', 1) = $2) AS exists`;

/**
 * Runs seen since $1 (a day), within the tenants $2 (NULL: all): per tenant, domain and pair, that
 * day's ($3) counts and the last comparison.
 */
export const runsSince = (t: LedgerTables) => `
SELECT tenant, domain, primary_target, shadow_target,
       count(*) FILTER (WHERE day = $3::date)::int AS compared,
       count(*) FILTER (WHERE day = $3::date AND agreed)::int AS agreed,
       max(compared_at) AS last_compared_at
FROM ${t.parallelRunComparisons}
WHERE day >= $1::date AND ($2::text[] IS NULL OR tenant = ANY($2::text[]))
GROUP BY tenant, domain, primary_target, shadow_target`;

/** Shadow deliveries waiting for a comparison, per tenant, domain and shadow target, within the tenants $1 (NULL: all). */
export const shadowsWaiting = (t: LedgerTables) => `
SELECT d.tenant, split_part(e.type, '.', 1) AS domain, d.target AS shadow_target, count(*)::int AS waiting
FROM ${t.deliveries} d JOIN ${t.events} e ON e.event_key = d.event_key
WHERE d.role = 'shadow' AND d.compared_at IS NULL AND ($1::text[] IS NULL OR d.tenant = ANY($1::text[]))
GROUP BY d.tenant, split_part(e.type, '.', 1), d.target`;

/** A day's ($1) disagreements by reason and by field, per tenant and domain, within the tenants $2 (NULL: all). */
export const dayReasons = (t: LedgerTables) => `
SELECT tenant, domain, r AS reason, count(*)::int AS count FROM ${t.parallelRunComparisons} CROSS JOIN LATERAL unnest(reasons) AS r
WHERE day = $1::date AND ($2::text[] IS NULL OR tenant = ANY($2::text[])) GROUP BY tenant, domain, r`;
export const dayFields = (t: LedgerTables) => `
SELECT tenant, domain, p AS path, count(*)::int AS count FROM ${t.parallelRunComparisons} CROSS JOIN LATERAL unnest(differing_paths) AS p
WHERE day = $1::date AND ($2::text[] IS NULL OR tenant = ANY($2::text[])) GROUP BY tenant, domain, p ORDER BY count DESC, p`;

/** Forgets the values of up to $2 comparisons of events accepted before $1 (paths and counts stay); answers how many. */
export const forgetValues = (t: LedgerTables) => `
WITH old AS (
  SELECT event_key, primary_target, shadow_target FROM ${t.parallelRunComparisons}
  WHERE differing IS NOT NULL AND accepted_at < $1::timestamptz LIMIT $2
)
UPDATE ${t.parallelRunComparisons} c SET differing = NULL
FROM old WHERE c.event_key = old.event_key AND c.primary_target = old.primary_target AND c.shadow_target = old.shadow_target`;
