// The migration Job: `node dist/apps/hub/src/migrate.js` (npm run migrate) brings the ledger's schema
// up to date once per release and exits, 0 when it is current, 1 with the reason otherwise; the
// roles then run with LEDGER_MIGRATIONS=external and never migrate. Reads DATABASE_URL and
// LEDGER_SCHEMA like the roles. One attempt: a PostgreSQL that is away fails the Job, whose
// backoffLimit tries again. Two at once are safe: node-pg-migrate's advisory lock queues the second.
import { loadSettings } from '@hub/config';
import { knownLedgerMigrations, runLedgerMigrations } from '@hub/ledger';
import { createLogger } from '@hub/observability';

async function migrate(): Promise<void> {
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel, {}, settings.logWrites).child({ component: 'ledger-migrations', schema: settings.ledgerSchema });
  const ran = await runLedgerMigrations(settings.databaseUrl, {
    schema: settings.ledgerSchema,
    logger: { info: (msg) => logger.debug(msg), warn: (msg) => logger.warn(msg), error: (msg) => logger.error(msg) },
  });
  const known = knownLedgerMigrations();
  logger.info({ ran, known: known.length, latest: known[known.length - 1] }, ran.length ? `ledger: ran ${ran.length} migration(s); the schema is current` : 'ledger: the schema was current already');
}

migrate().then(
  () => process.exit(0),
  (err: unknown) => {
    // eslint-disable-next-line no-console
    console.error(`ledger migrations failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
