// The ledger's reconciliation statements (migration 0012). A day is the UTC calendar day an
// event was accepted (events.accepted_at); a tenant's window of days is read through
// events_tenant_accepted (0011), its deliveries by their primary key, its money once per event with
// the rules canonical-types declares (MONEY_FIELDS), passed in as arrays.
import { assertSchemaName } from './ledger-schema';

export interface ReconciliationTables {
  events: string;
  deliveries: string;
  fileTotals: string;
  fileTotalEvents: string;
}

export function reconciliationTables(schema: string): ReconciliationTables {
  const s = `"${assertSchemaName(schema)}"`;
  return { events: `${s}.events`, deliveries: `${s}.deliveries`, fileTotals: `${s}.file_totals`, fileTotalEvents: `${s}.file_total_events` };
}

/** The open states: accepted for a target, neither delivered, dead-lettered nor discarded yet. */
export const PENDING_STATES = ['queued', 'held', 'retrying', 'replaying'] as const;
const PENDING = PENDING_STATES.map((s) => `'${s}'`).join(', ');

const DAY = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** The money rules, one row per sum (MONEY_FIELDS), as seven arrays from placeholder $`first` on. */
const rulesCte = (first: number) => {
  const [type, path, property, onlyField, onlyValue, negativeField, negativeValue] = Array.from({ length: 7 }, (_, i) => `$${first + i}`);
  return `rules AS (
  SELECT * FROM unnest(${type}::text[], ${path}::jsonpath[], ${property}::text[], ${onlyField}::text[], ${onlyValue}::text[], ${negativeField}::text[], ${negativeValue}::text[])
    AS r(type, parent_path, property, only_field, only_value, negative_field, negative_value)
)`;
};

/** From events `e` joined to `rules r`: each holder of money the rule reaches, kept when its filter says so. */
const HOLDERS = `CROSS JOIN LATERAL jsonb_path_query(e.event -> 'data', r.parent_path) AS h(holder)`;
const HOLDER_FILTER = `jsonb_typeof(h.holder -> r.property) = 'object'
    AND jsonb_typeof(h.holder -> r.property -> 'amountMinor') = 'number'
    AND (r.only_field IS NULL OR h.holder ->> r.only_field = r.only_value)`;
const CURRENCY = `h.holder -> r.property ->> 'currency'`;
const SIGNED_AMOUNT = `(h.holder -> r.property ->> 'amountMinor')::numeric * CASE WHEN h.holder ->> r.negative_field = r.negative_value THEN -1 ELSE 1 END`;
const IN_WINDOW = `e.tenant = $1 AND e.accepted_at >= $2::timestamptz AND e.accepted_at < $3::timestamptz AND ($4::text IS NULL OR e.type = $4)`;

/**
 * The window's events ($1 tenant, $2 from, $3 to exclusive, $4 type or null), the money of each by
 * the rules, its deliveries (all, and those of $5, the target asked for, or all). $6: open
 * deliveries queued before it count as late.
 */
const windowCtes = (t: ReconciliationTables) => `
${rulesCte(7)}, ev AS MATERIALIZED (
  SELECT e.event_key, e.type, ${DAY('e.accepted_at')} AS day
  FROM ${t.events} e
  WHERE ${IN_WINDOW}
), money AS MATERIALIZED (
  SELECT e.event_key, ${CURRENCY} AS currency, sum(${SIGNED_AMOUNT}) AS amount
  FROM ${t.events} e JOIN rules r ON r.type = e.type ${HOLDERS}
  WHERE ${IN_WINDOW} AND ${HOLDER_FILTER}
  GROUP BY 1, 2
), routed AS MATERIALIZED (
  SELECT ev.event_key, ev.day, ev.type, d.target, d.role, d.state, (d.state IN (${PENDING}) AND d.queued_at < $6::timestamptz) AS late
  FROM ev JOIN ${t.deliveries} d ON d.event_key = ev.event_key
  WHERE d.tenant = $1
), dl AS (
  SELECT * FROM routed WHERE $5::text IS NULL OR routed.target = $5
)`;

/**
 * Every aggregate of the report in one statement, one scan of the window: rows tagged by `kind`
 * (accepted, accepted-money, delivery, delivery-money, written-files). Amounts are numeric, as text.
 */
export const reconciliationTotals = (t: ReconciliationTables) => `
WITH ${windowCtes(t)}
SELECT 'accepted' AS kind, ev.day, ev.type, NULL::text AS target, NULL::text AS role, NULL::text AS state, NULL::text AS currency,
       count(*) AS n, count(*) FILTER (WHERE any_route.event_key IS NULL) AS m, NULL::numeric AS amount, NULL::text AS unit
FROM ev LEFT JOIN (SELECT DISTINCT event_key FROM routed) any_route ON any_route.event_key = ev.event_key
GROUP BY ev.day, ev.type
UNION ALL
SELECT 'accepted-money', ev.day, ev.type, NULL, NULL, NULL, money.currency, count(*), 0, sum(money.amount), NULL
FROM ev JOIN money ON money.event_key = ev.event_key GROUP BY ev.day, ev.type, money.currency
UNION ALL
SELECT 'delivery', dl.day, dl.type, dl.target, dl.role, dl.state, NULL, count(*), count(*) FILTER (WHERE dl.late), NULL, NULL
FROM dl GROUP BY dl.day, dl.type, dl.target, dl.role, dl.state
UNION ALL
SELECT 'delivery-money', dl.day, dl.type, dl.target, dl.role, dl.state, money.currency, count(*), 0, sum(money.amount), NULL
FROM dl JOIN money ON money.event_key = dl.event_key GROUP BY dl.day, dl.type, dl.target, dl.role, dl.state, money.currency
UNION ALL
SELECT 'written-files', dl.day, dl.type, dl.target, dl.role, NULL, f.currency, count(*), sum(f.records), sum(f.control_total), f.unit
FROM dl JOIN ${t.fileTotals} f ON f.direction = 'written' AND f.target = dl.target AND f.event_key = dl.event_key
GROUP BY dl.day, dl.type, dl.target, dl.role, f.unit, f.currency`;

/** Up to $14 undelivered deliveries per day, type, target, role and state, with their fingerprints and discard reasons. */
export const undeliveredSamples = (t: ReconciliationTables) => `
WITH ${windowCtes(t)}, x AS (
  SELECT dl.day, dl.type, dl.target, dl.role, dl.state, dl.event_key, d.fingerprint, d.discard_reason,
         row_number() OVER (PARTITION BY dl.day, dl.type, dl.target, dl.role, dl.state ORDER BY dl.event_key) AS rn
  FROM dl JOIN ${t.deliveries} d ON d.event_key = dl.event_key AND d.target = dl.target
  WHERE dl.state <> 'delivered'
)
SELECT day, type, target, role, state,
       array_agg(target || '.' || event_key ORDER BY event_key) FILTER (WHERE rn <= $14) AS delivery_ids,
       coalesce(array_agg(DISTINCT fingerprint) FILTER (WHERE fingerprint IS NOT NULL AND state = 'dead-lettered'), '{}') AS fingerprints,
       coalesce(array_agg(DISTINCT discard_reason) FILTER (WHERE discard_reason IS NOT NULL AND state = 'discarded'), '{}') AS discard_reasons
FROM x GROUP BY day, type, target, role, state
ORDER BY day, type, target, role, state`;

const FILE_COLUMNS = `f.id, f.system, f.drop_id, f.file_name, f.file_sha256, f.kind, f.records, f.control_total, f.unit, f.currency,
  f.posted_records, f.posted_total, f.quarantined_records, f.quarantined_total, to_json(f.recorded_at) #>> '{}' AS recorded_at`;

/**
 * The files of the window, at most $13: those written for the deliveries of its events (by the
 * events' day, with the delivery's state and the money of its event in the file's currency, by the
 * rules), then, unless a target is asked for, those the gateway read on its days (of a type asked
 * for: one of its records became such an event), with how many of the events it posted the ledger
 * has. Read from the files, so a window without files costs little. $1–$5 as the window's,
 * the rules from $6, the limit $13.
 */
export const filesInWindow = (t: ReconciliationTables) => `
WITH ${rulesCte(6)}, files AS (
  SELECT 'written' AS direction, ${DAY('e.accepted_at')} AS day, e.type, f.target, d.role, d.state, ${FILE_COLUMNS},
         (SELECT sum(${SIGNED_AMOUNT}) FROM rules r ${HOLDERS}
          WHERE r.type = e.type AND ${HOLDER_FILTER} AND ${CURRENCY} IS NOT DISTINCT FROM f.currency) AS hub_amount,
         NULL::bigint AS hub_events, NULL::bigint AS hub_linked
  FROM ${t.fileTotals} f
  JOIN ${t.events} e ON e.event_key = f.event_key
  JOIN ${t.deliveries} d ON d.event_key = f.event_key AND d.target = f.target
  WHERE f.direction = 'written' AND f.tenant = $1 AND ($5::text IS NULL OR f.target = $5) AND ${IN_WINDOW}
  UNION ALL
  SELECT 'read', ${DAY('f.recorded_at')}, NULL, NULL, NULL, NULL, ${FILE_COLUMNS}, NULL,
         (SELECT count(*) FROM ${t.fileTotalEvents} k JOIN ${t.events} e ON e.event_key = k.event_key AND e.tenant = f.tenant WHERE k.file_id = f.id),
         (SELECT count(*) FROM ${t.fileTotalEvents} k WHERE k.file_id = f.id)
  FROM ${t.fileTotals} f
  WHERE f.direction = 'read' AND f.tenant = $1 AND f.recorded_at >= $2::timestamptz AND f.recorded_at < $3::timestamptz AND $5::text IS NULL
    AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM ${t.fileTotalEvents} k JOIN ${t.events} e ON e.event_key = k.event_key WHERE k.file_id = f.id AND e.tenant = f.tenant AND e.type = $4))
)
SELECT * FROM files ORDER BY day, direction DESC, file_name, id
LIMIT $13`;

/** A target connector's files, one per delivery: a replay that writes the file again updates it. */
export const upsertWrittenFiles = (t: ReconciliationTables) => `
INSERT INTO ${t.fileTotals} (tenant, direction, system, target, event_key, file_name, kind, records, control_total, unit, currency, recorded_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::bigint[], $10::text[], $11::text[], $12::timestamptz[])
  AS w(tenant, direction, system, target, event_key, file_name, kind, records, control_total, unit, currency, recorded_at)
ON CONFLICT (event_key, target, file_name) WHERE direction = 'written' DO UPDATE SET
  kind = excluded.kind, records = excluded.records, control_total = excluded.control_total, unit = excluded.unit,
  currency = excluded.currency, recorded_at = excluded.recorded_at`;

/** A file the gateway read, once per drop and content: posting it again (in parts, or after a retry) keeps one row. */
export const upsertReadFile = (t: ReconciliationTables) => `
INSERT INTO ${t.fileTotals} (tenant, direction, system, drop_id, file_name, file_sha256, kind, records, control_total, unit, currency,
                             posted_records, posted_total, quarantined_records, quarantined_total, recorded_at)
VALUES ($1, 'read', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (tenant, drop_id, file_sha256) WHERE direction = 'read' DO UPDATE SET
  file_name = excluded.file_name, kind = excluded.kind, records = excluded.records, control_total = excluded.control_total,
  unit = excluded.unit, currency = excluded.currency, posted_records = excluded.posted_records, posted_total = excluded.posted_total,
  quarantined_records = excluded.quarantined_records, quarantined_total = excluded.quarantined_total
RETURNING id`;

export const linkReadFileEvents = (t: ReconciliationTables) => `
INSERT INTO ${t.fileTotalEvents} (file_id, event_key)
SELECT $1, k FROM unnest($2::text[]) AS k
ON CONFLICT DO NOTHING`;

/** Open deliveries queued before $1, per tenant, target and role (the gauge): deliveries_unreconciled answers it. */
export const unreconciledDeliveries = (t: ReconciliationTables) => `
SELECT tenant, target, role, count(*)::int AS deliveries
FROM ${t.deliveries}
WHERE state IN (${PENDING}) AND queued_at < $1::timestamptz
GROUP BY tenant, target, role`;

/** File totals whose events were forgotten by retention (written), or read before $1. */
export const pruneFileTotals = (t: ReconciliationTables) => `
DELETE FROM ${t.fileTotals} f
WHERE (f.direction = 'read' AND f.recorded_at < $1::timestamptz)
   OR (f.direction = 'written' AND f.recorded_at < $1::timestamptz AND NOT EXISTS (SELECT 1 FROM ${t.events} e WHERE e.event_key = f.event_key))`;
