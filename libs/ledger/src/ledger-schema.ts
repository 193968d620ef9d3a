/** Where the ledger lives when nobody says otherwise: its own schema, next to whatever else shares the database. */
export const DEFAULT_LEDGER_SCHEMA = 'ledger';

// Schema names are spliced into SQL (identifiers cannot be bound as parameters), so only plain
// lower-case identifiers pass.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`ledger schema name "${schema}" must match ${SCHEMA_NAME}`);
  return schema;
}

/** The ledger's tables, schema-qualified and quoted, ready to splice into statements. */
export interface LedgerTables {
  events: string;
  deliveries: string;
  auditLog: string;
  quarantine: string;
  /** A parallel run's comparisons, one row per event, primary and shadow (migration 0010). */
  parallelRunComparisons: string;
  landscapeVersions: string;
  backfills: string;
  backfillItems: string;
  /** Secrets the replicas share, written once by the first that needs one (migration 0015). */
  sharedSecrets: string;
}

export function ledgerTables(schema: string): LedgerTables {
  const s = `"${assertSchemaName(schema)}"`;
  return { events: `${s}.events`, deliveries: `${s}.deliveries`, auditLog: `${s}.audit_log`, quarantine: `${s}.quarantine`, parallelRunComparisons: `${s}.parallel_run_comparisons`, landscapeVersions: `${s}.landscape_versions`, backfills: `${s}.backfills`, backfillItems: `${s}.backfill_items`, sharedSecrets: `${s}.shared_secrets` };
}
