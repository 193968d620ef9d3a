import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { HUB_SETTINGS, HubSettings } from '@hub/config';
import { DeliveryLedger, runLedgerMigrations } from '@hub/ledger';

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
 */
export const ledgerProviders: Provider[] = [
  {
    provide: DeliveryLedger,
    inject: [HUB_SETTINGS],
    useFactory: async (s: HubSettings) => {
      await runLedgerMigrations(s.databaseUrl, { schema: s.ledgerSchema });
      return DeliveryLedger.connect(s.databaseUrl, s.ledgerSchema, { max: 10 });
    },
  },
  LedgerLifecycle,
];
