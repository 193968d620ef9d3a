import { hostname } from 'node:os';
import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_SETTINGS, HubSettings } from '@hub/config';
import { DeliveryLedger, pendingLedgerMigrations, runLedgerMigrations } from '@hub/ledger';
import { roleHealth } from '@hub/observability';
import { keepTrying } from './keep-trying';

/** Ends the ledger's pool after the app's consumers and workers stopped writing to it. */
@Injectable()
export class LedgerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DeliveryLedger) private readonly ledger: DeliveryLedger) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ledger.close();
  }
}

/** The ledger lacks migrations this build knows (LEDGER_MIGRATIONS=external): the role waits for the migration Job. */
export class LedgerNotMigratedError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(`the ledger lacks ${pending.length} migration(s) this build needs (${pending.join(', ')}): LEDGER_MIGRATIONS=external, so run the migration Job (node dist/apps/hub/src/migrate.js)`);
  }
}

/** The name of the readiness check that says a role waits for the ledger's migrations. */
export const MIGRATIONS_CHECK = 'ledger-migrations';

/**
 * Waits, polling with keepTrying's backoff (up to 10 s apart), until the ledger holds every
 * migration this build knows; never migrates. Meanwhile the process's readiness (/health/ready, on
 * the API's port or the ops port) is down under `ledger-migrations`, with the migrations it waits for.
 */
export async function awaitLedgerMigrations(s: Pick<HubSettings, 'databaseUrl' | 'ledgerSchema'>, logger: Pick<Logger, 'warn' | 'info'>, signal?: AbortSignal): Promise<void> {
  let waiting = 'asking the ledger which migrations it holds';
  const unregister = roleHealth().register(MIGRATIONS_CHECK, () => ({ up: false, message: waiting }));
  try {
    await keepTrying('waiting for the ledger migrations', async () => {
      const pending = await pendingLedgerMigrations(s.databaseUrl, { schema: s.ledgerSchema }).catch((err: Error) => {
        waiting = `cannot ask the ledger which migrations it holds: ${err.message}`;
        throw err;
      });
      if (pending.length) {
        const err = new LedgerNotMigratedError(pending);
        waiting = err.message;
        throw err;
      }
    }, logger, { ...(signal ? { signal } : {}) });
    logger.info({ schema: s.ledgerSchema }, 'ledger: every migration this build knows is in place (run by the migration Job)');
  } finally {
    unregister();
  }
}

/**
 * The delivery ledger, with its schema up to date first. LEDGER_MIGRATIONS=boot (the default):
 * every role that writes or reads it migrates at boot, and node-pg-migrate's advisory lock makes
 * the second one wait and find nothing to do. `external`: the role never migrates, and waits (not
 * ready) until the migration Job has run every migration it knows. Either way a PostgreSQL that is
 * away at boot is waited for (with backoff), and one that restarts later costs the pool its idle
 * connections, logged, never the process. Its connections name the process (application_name), so
 * pg_stat_activity and the job locks in pg_locks say who is who.
 */
export function ledgerProviders(logger: Logger): Provider[] {
  return [
    {
      provide: DeliveryLedger,
      inject: [HUB_SETTINGS],
      useFactory: async (s: HubSettings) => {
        if (s.ledgerMigrations === 'external') await awaitLedgerMigrations(s, logger);
        else await keepTrying('ledger migrations', () => runLedgerMigrations(s.databaseUrl, { schema: s.ledgerSchema }), logger);
        const name = `erp-hub ${s.roles.join(',')} ${hostname()} ${process.pid}`.slice(0, 63);
        return DeliveryLedger.connect(s.databaseUrl, s.ledgerSchema, { max: 10, application_name: name }, (err) => logger.warn({ err }, 'ledger: idle PostgreSQL connection lost; the next query opens a new one'));
      },
    },
    LedgerLifecycle,
  ];
}
