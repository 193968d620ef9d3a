import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertSchemaName, DEFAULT_LEDGER_SCHEMA } from './ledger-schema';
import { loadNodePgMigrate } from './node-pg-migrate';

export interface LedgerMigrationOptions {
  /** Default `ledger`; created if missing. Tests pass a fresh one each. */
  schema?: string;
  /** Where progress goes; default: warnings and errors to the console, progress nowhere. */
  logger?: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /** Run at most this many pending migrations (tests of a migration start from the one before). */
  count?: number;
}

// Compiled with the library (tsconfig.build.json builds libs/*/src only), so dist/ has them too.
const MIGRATIONS_DIR = join(__dirname, 'migrations');
// Everything but `0001_name.ts` / `.js` is ignored: source maps and declarations sit alongside in dist/.
const NOT_A_MIGRATION = String.raw`(?!\d+_[\w-]+\.(?:ts|js)$).*`;

const MIGRATION_FILE = /^(\d+_[\w-]+)\.(?:ts|js)$/;
const MIGRATIONS_TABLE = 'ledger_migrations';

/** The migrations this build knows, in order (their names as the ledger records them). */
export function knownLedgerMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR).flatMap((f) => MIGRATION_FILE.exec(f)?.[1] ?? []).sort();
}

/**
 * The migrations this build knows that the ledger has not run: all of them for a schema that does
 * not exist yet, none for a ledger a newer build migrated further. Reads only; never migrates.
 */
export async function pendingLedgerMigrations(databaseUrl: string, options: Pick<LedgerMigrationOptions, 'schema'> = {}): Promise<string[]> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_LEDGER_SCHEMA);
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'hub-ledger-migrations-check' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [`"${schema}".${MIGRATIONS_TABLE}`]);
    const ran = rows[0].table ? new Set((await client.query<{ name: string }>(`SELECT name FROM "${schema}".${MIGRATIONS_TABLE}`)).rows.map((r) => r.name)) : new Set<string>();
    return knownLedgerMigrations().filter((m) => !ran.has(m));
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quiet = { info: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };

/**
 * Brings the ledger's schema up to date; answers the names of the migrations it ran (none when
 * current, so running it at every start is fine). Concurrent callers queue on an advisory lock.
 */
export async function runLedgerMigrations(databaseUrl: string, options: LedgerMigrationOptions = {}): Promise<string[]> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_LEDGER_SCHEMA);
  const { runner } = loadNodePgMigrate();
  // Our own client rather than node-pg-migrate's: one that gives up connecting after a while, and
  // whose 'error' event (PostgreSQL going away mid-run) cannot end the process. The statement that
  // was running fails too, so the caller sees the failure and may try again.
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'hub-ledger-migrations' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await migrate(runner, client, schema, options);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function migrate(runner: ReturnType<typeof loadNodePgMigrate>['runner'], client: Client, schema: string, options: LedgerMigrationOptions): Promise<string[]> {
  const ran = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    ignorePattern: NOT_A_MIGRATION,
    direction: 'up',
    schema,
    createSchema: true,
    migrationsTable: MIGRATIONS_TABLE,
    singleTransaction: true,
    checkOrder: true,
    advisoryLockMode: 'wait',
    logger: options.logger ?? quiet,
    ...(options.count !== undefined ? { count: options.count } : {}),
  });
  return ran.map((m) => m.name);
}
