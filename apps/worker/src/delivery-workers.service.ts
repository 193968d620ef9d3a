import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { AppliedLandscape, HUB_LANDSCAPE, HUB_SETTINGS, HubSettings, LiveLandscape } from '@hub/config';
import { backoffDelay, deliveryQueuePrefix, DeliveryJobData, HubRedis, pingRedis, queueName, REDIS } from '@hub/delivery';
import { HUB_LOGGER, keepTrying } from '@hub/runtime';
import { BoundTarget, DeliveryProcessor } from './delivery.processor';
import { boundTargets, diffTargetSet } from './target-set';

/** How long a worker waits before fetching again after Redis went away (BullMQ's default is 15 s). */
export const WORKER_RUN_RETRY_MS = 1_000;

/**
 * Every worker gets a limiter: BullMQ honours a manual rate limit (how TargetBreaker holds a queue
 * while the target is down) only on a worker with `limiter.max` set. Without a published limit this
 * one never limits by count.
 */
const HOLD_ONLY_LIMITER = { max: 1_000_000_000, duration: 1_000 };

/**
 * One BullMQ worker per target of the landscape, sharing the process's Redis connection. Workers
 * start only after Redis answers (waiting for it, with backoff, if it is away at start), and close
 * (finishing active jobs) before the connection does. Their lock and stall check decide how soon
 * the jobs of a worker that died run again (RecoverySettings, docs/operations.md "Resume times").
 * The set follows the landscape while the process runs: a new version's added target gets a worker,
 * a removed one's worker is closed, and a target whose settings or credential changed gets a new
 * worker with them before the old one closes (the old finishes its active jobs with the settings
 * they started under).
 */
@Injectable()
export class DeliveryWorkersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly workers = new Map<string, { bound: BoundTarget; worker: Worker<DeliveryJobData> }>();
  private unfollow?: () => void;
  private changing: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: LiveLandscape,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(REDIS) private readonly redis: HubRedis,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly processor: DeliveryProcessor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await keepTrying('reaching Redis', () => pingRedis(this.redis, 2_000), this.logger);
    const r = this.settings.recovery;
    const first = this.landscape.current();
    for (const bound of boundTargets(first)) this.start(bound);
    this.unfollow = this.landscape.onChange((next) => this.follow(next));
    this.logger.info({ queues: [...this.workers.values()].map((w) => w.worker.name), landscapeVersion: first.version, lockMs: r.workerLockMs, stalledIntervalMs: r.workerStalledIntervalMs, maxStalledCount: r.workerMaxStalledCount }, 'delivery workers running');
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unfollow?.();
    await this.changing.catch(() => undefined);
    await Promise.all([...this.workers.values()].map((w) => w.worker.close()));
    this.workers.clear();
  }

  /** The workers of a new landscape version; one version at a time. */
  private follow(next: AppliedLandscape): Promise<void> {
    const run = this.changing.then(async () => {
      if (this.stopped) return;
      const running = new Map([...this.workers].map(([id, w]) => [id, w.bound]));
      const { add, remove, change } = diffTargetSet(running, boundTargets(next));
      const closing: Promise<void>[] = [];
      for (const id of remove) {
        closing.push(this.close(id));
      }
      for (const bound of change) {
        const old = this.workers.get(bound.target.id)!.worker;
        this.start(bound);
        closing.push(old.close());
      }
      for (const bound of add) this.start(bound);
      await Promise.all(closing);
      if (add.length || remove.length || change.length) {
        this.logger.info({ landscapeVersion: next.version, added: add.map((b) => b.target.id), removed: remove, changed: change.map((b) => b.target.id) }, 'delivery workers follow the landscape');
      }
    });
    this.changing = run.catch((err) => this.logger.error({ err, landscapeVersion: next.version }, 'delivery workers could not follow the landscape'));
    return run;
  }

  private async close(id: string): Promise<void> {
    const w = this.workers.get(id);
    this.workers.delete(id);
    await w?.worker.close();
  }

  private start(bound: BoundTarget): void {
    const { target } = bound;
    const r = this.settings.recovery;
    const worker = new Worker<DeliveryJobData>(queueName(target.id), (job, token) => this.processor.process(job, token, bound), {
      connection: this.redis,
      prefix: deliveryQueuePrefix(this.settings.redisPrefix, target.id),
      concurrency: target.concurrency,
      // The system's published rate limit, kept across every worker process of this queue.
      limiter: target.rateLimit ? { max: target.rateLimit.max, duration: target.rateLimit.perMs } : HOLD_ONLY_LIMITER,
      autorun: false,
      // Renewed every quarter: a worker that dies leaves at least three quarters of a lock behind,
      // a live one can miss three renewals (a long GC pause, Redis away) before its jobs count as stalled.
      lockDuration: r.workerLockMs,
      lockRenewTime: Math.floor(r.workerLockMs / 4),
      stalledInterval: r.workerStalledIntervalMs,
      maxStalledCount: r.workerMaxStalledCount,
      runRetryDelay: WORKER_RUN_RETRY_MS,
      settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, target.retry) },
    });
    worker.on('error', (err) => this.logger.error({ err, queue: worker.name }, 'worker error'));
    worker.on('stalled', (jobId) => this.logger.warn({ queue: worker.name, jobId }, 'job stalled (its worker died or lost the lock): it runs again'));
    // BullMQ's own failures (a job that stalled too often) become dead letters; process() records the rest itself.
    worker.on('failed', (job, err) => {
      if (job) void this.processor.recordQueueFailure(job, err);
    });
    this.workers.set(target.id, { bound, worker });
    void worker.run().catch((err) => this.logger.error({ err, queue: worker.name }, 'worker stopped running'));
  }
}
