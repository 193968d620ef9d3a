import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_SETTINGS, HubSettings } from '@hub/config';
import { DeliveryLedger, runLedgerMigrations } from '@hub/ledger';
import { keepTrying } from './keep-trying';

/** Ends the ledger's pool after the app's consumers and workers stopped writing to it. */
@Injectable()
export class LedgerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DeliveryLedger) private readonly ledger: DeliveryLedger) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ledger.close();
  }
}

/**
 * The delivery ledger, with its schema brought up to date first. Every role that writes or reads it
 * migrates at boot; node-pg-migrate's advisory lock makes the second one wait and find nothing to do.
 * A PostgreSQL that is away at boot is waited for (with backoff), and one that restarts later costs
 * the pool its idle connections, logged, never the process.
 */
export function ledgerProviders(logger: Logger): Provider[] {
  return [
    {
      provide: DeliveryLedger,
      inject: [HUB_SETTINGS],
      useFactory: async (s: HubSettings) => {
        await keepTrying('ledger migrations', () => runLedgerMigrations(s.databaseUrl, { schema: s.ledgerSchema }), logger);
        return DeliveryLedger.connect(s.databaseUrl, s.ledgerSchema, { max: 10 }, (err) => logger.warn({ err }, 'ledger: idle PostgreSQL connection lost; the next query opens a new one'));
      },
    },
    LedgerLifecycle,
  ];
}
