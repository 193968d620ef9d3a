import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_SETTINGS, HubSettings } from '@hub/config';
import { DeliveryLedger } from '@hub/ledger';
import { HUB_LOGGER, RepeatingTask } from '@hub/runtime';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface Pruned {
  events: number;
  deliveries: number;
  quarantined: number;
  comparisonValues: number;
  fileTotals: number;
}

/**
 * Keeps personal data in the ledger no longer than LEDGER_RETENTION_DAYS: hourly, the API forgets
 * settled events older than that, released or discarded quarantined messages settled that long
 * ago, and the field values of parallel-run comparisons of events that old (their paths and counts
 * stay, so a run's report still adds up), and the control totals of files of that age. Open dead letters, open quarantined messages and the
 * audit log stay. One API replica at a time prunes (the job lock `ledger-retention`, JobLocks):
 * the others skip that hour's run, and whoever tries next after a replica died takes over.
 */
@Injectable()
export class LedgerRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: RepeatingTask;
  /** The clock; tests set their own. */
  now: () => number = Date.now;

  constructor(
    @Inject(DeliveryLedger) private readonly ledger: Pick<DeliveryLedger, 'exclusively' | 'prune' | 'pruneQuarantine' | 'forgetComparisonValues' | 'pruneFileTotals'>,
    @Inject(HUB_SETTINGS) private readonly settings: Pick<HubSettings, 'ledgerRetentionDays'>,
    @Inject(HUB_LOGGER) private readonly logger: Pick<Logger, 'info' | 'error'>,
  ) {
    // pruneOnce logs its own failures; the task's handler never sees one.
    this.task = new RepeatingTask(() => this.pruneOnce(), settings.ledgerRetentionDays === 0 ? 0 : HOUR_MS, () => undefined);
  }

  /** At start, then hourly. */
  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** One prune; undefined when retention is off, it failed, or another replica holds the lock. */
  async pruneOnce(): Promise<Pruned | undefined> {
    const days = this.settings.ledgerRetentionDays;
    if (days === 0) return undefined;
    const before = new Date(this.now() - days * DAY_MS);
    try {
      let pruned: Pruned | undefined;
      await this.ledger.exclusively('ledger-retention', async () => {
        // File control totals go with their events (written) or after as long (read).
        pruned = { ...(await this.ledger.prune(before)), quarantined: await this.ledger.pruneQuarantine(before), comparisonValues: await this.ledger.forgetComparisonValues(before), fileTotals: await this.ledger.pruneFileTotals(before) };
      });
      if (pruned && (pruned.events || pruned.quarantined || pruned.comparisonValues)) this.logger.info({ ...pruned, before: before.toISOString() }, 'ledger: settled events and quarantined messages past retention forgotten');
      return pruned;
    } catch (err) {
      this.logger.error({ err }, 'ledger: pruning failed; it runs again within the hour');
      return undefined;
    }
  }
}
