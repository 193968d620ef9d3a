import type { LedgerTables } from './ledger-schema';

// The landscape as versioned data (migration 0008): every change is a new row of landscape_versions,
// never updated (a trigger refuses it). Writers serialise on a transaction-scoped advisory lock per
// ledger schema, so two processes booting with a new file insert it once, and an API change derived
// from version n is appended as n + 1 or refused. A committed version is announced on
// LANDSCAPE_CHANNEL with `<schema>:<version>`: every process of that ledger schema applies it.

/** The PostgreSQL notification channel of new landscape versions; the payload names the schema, so test schemas never hear each other. */
export const LANDSCAPE_CHANNEL = 'hub_landscape';

/** The advisory lock key of a schema's landscape writers ($1 = `<schema>:landscape`, hashed). */
export const lockLandscape = () => `SELECT pg_advisory_xact_lock(hashtext($1))`;

const COLUMNS = `version::text AS version, to_json(created_at) #>> '{}' AS created_at, actor, reason, change`;

export const latestVersionNumber = (t: LedgerTables) => `SELECT COALESCE(max(version), 0)::text AS version FROM ${t.landscapeVersions}`;

/** The last version inserted from the landscape file, with the file's sha256. */
export const lastFileVersion = (t: LedgerTables) => `
SELECT version::text AS version, change->>'sha256' AS sha256 FROM ${t.landscapeVersions}
WHERE change->>'kind' = 'file' ORDER BY version DESC LIMIT 1`;

export const insertVersion = (t: LedgerTables) => `
INSERT INTO ${t.landscapeVersions} (version, landscape, actor, reason, change)
VALUES ($1::bigint, $2::jsonb, $3, $4, $5::jsonb)
RETURNING ${COLUMNS}, landscape`;

export const notifyVersion = () => `SELECT pg_notify('${LANDSCAPE_CHANNEL}', $1)`;

export const versionByNumber = (t: LedgerTables) => `SELECT ${COLUMNS}, landscape FROM ${t.landscapeVersions} WHERE version = $1::bigint`;

export const latestVersion = (t: LedgerTables) => `SELECT ${COLUMNS}, landscape FROM ${t.landscapeVersions} ORDER BY version DESC LIMIT 1`;

/** Newest first, $2 at a time, before version $1 (null: from the latest). */
export const versionsPage = (t: LedgerTables) => `
SELECT ${COLUMNS} FROM ${t.landscapeVersions}
WHERE ($1::bigint IS NULL OR version < $1::bigint)
ORDER BY version DESC LIMIT $2`;

/** Deliveries not yet done (neither delivered nor discarded) per target of $1: what removing a target would strand. */
export const openDeliveriesPerTarget = (t: LedgerTables) => `
SELECT target, count(*)::int AS open FROM ${t.deliveries}
WHERE target = ANY($1::text[]) AND state NOT IN ('delivered', 'discarded')
GROUP BY target`;
