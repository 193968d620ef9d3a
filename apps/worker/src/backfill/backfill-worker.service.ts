import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_LANDSCAPE, HUB_SETTINGS, HubSettings, LiveLandscape } from '@hub/config';
import { connectRedis, DeliveryQueues, HubRedis } from '@hub/delivery';
import { DeliveryLedger } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { BackfillRunner, RunnerLedger } from './backfill-runner';

/** Backfills one worker process runs at once (each holds a ledger connection for its lock). */
export const BACKFILLS_PER_PROCESS = 2;

/**
 * Backfills run in the worker role. Every BACKFILL_POLL_MS each worker process looks for running
 * backfills and takes up those no process holds: one PostgreSQL advisory lock per backfill
 * (`ledger.exclusively`), held by the session, so PostgreSQL frees it when the process dies and the
 * next look of any worker resumes the backfill from its cursor. A run that fails (a store away)
 * leaves the backfill running and is tried again at the next look.
 */
@Injectable()
export class BackfillWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runs = new Map<string, Promise<unknown>>();
  private readonly runner: BackfillRunner;
  /**
   * The runs' own Redis connection: a page is one addBulk of up to 500 jobs, and on the workers'
   * shared connection every job completion would wait behind it (one connection is one ordered
   * stream). Apart, Redis interleaves the two.
   */
  private readonly redis: HubRedis;
  private readonly queues: DeliveryQueues;
  private timer?: NodeJS.Timeout;
  private looking?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(HUB_LANDSCAPE) landscape: LiveLandscape,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    @Inject(DeliveryLedger) private readonly ledger: RunnerLedger & Pick<DeliveryLedger, 'runningBackfills' | 'exclusively'>,
  ) {
    this.redis = connectRedis(settings, 'erp-hub-backfill');
    this.redis.on('error', () => undefined); // ioredis reconnects; the run's commands wait, and a failed run is taken up again
    // Its queues follow the landscape: a target added through the API can be backfilled at once.
    this.queues = new DeliveryQueues(this.redis, settings.redisPrefix, landscape.current().config).follow(landscape);
    this.runner = new BackfillRunner({
      ledger,
      queues: this.queues,
      targets: { has: (id) => landscape.current().config.targets.some((t) => t.id === id) },
      settings: settings.backfill,
      logger,
      stopping: () => this.stopped,
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.looking;
    await Promise.all(this.runs.values());
    await this.queues.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.looking = this.look()
        .catch((err) => this.logger.warn({ err }, 'looking for backfills to run failed (PostgreSQL away?); looking again soon'))
        .finally(() => {
          if (!this.stopped) this.schedule(this.settings.backfill.pollMs);
        });
    }, ms);
  }

  /** Takes up the running backfills no process holds, up to BACKFILLS_PER_PROCESS at once. */
  async look(): Promise<void> {
    if (this.runs.size >= BACKFILLS_PER_PROCESS) return;
    for (const b of await this.ledger.runningBackfills(20)) {
      if (this.stopped || this.runs.size >= BACKFILLS_PER_PROCESS) return;
      if (this.runs.has(b.id)) continue;
      const run = this.ledger
        .exclusively(`backfill:${b.id}`, async (held) => {
          const outcome = await this.runner.run(b.id, held);
          this.logger.debug({ backfillId: b.id, outcome }, 'backfill run ended');
        })
        .catch((err) => {
          hubMetrics().backfillPages.inc({ outcome: 'failed' });
          this.logger.warn({ err, backfillId: b.id }, 'backfill run failed (a store away?): it stays running and is taken up again');
        })
        .finally(() => this.runs.delete(b.id));
      this.runs.set(b.id, run);
    }
  }
}
