import { join } from 'node:path';
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

const quiet = { info: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };

/**
 * Brings the ledger's schema up to date; answers the names of the migrations it ran (none when
 * current, so running it at every start is fine). Concurrent callers queue on an advisory lock.
 */
export async function runLedgerMigrations(databaseUrl: string, options: LedgerMigrationOptions = {}): Promise<string[]> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_LEDGER_SCHEMA);
  const { runner } = loadNodePgMigrate();
  const ran = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    ignorePattern: NOT_A_MIGRATION,
    direction: 'up',
    schema,
    createSchema: true,
    migrationsTable: 'ledger_migrations',
    singleTransaction: true,
    checkOrder: true,
    advisoryLockMode: 'wait',
    logger: options.logger ?? quiet,
    ...(options.count !== undefined ? { count: options.count } : {}),
  });
  return ran.map((m) => m.name);
}
