import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HUB_CONFIG, HUB_SETTINGS, HubConfig, HubSettings } from '@hub/config';
import { backoffDelay, DeliveryJobData, pingRedis, queueName, REDIS } from '@hub/delivery';
import { HUB_LOGGER, keepTrying } from '@hub/runtime';
import { DeliveryProcessor } from './delivery.processor';

/** How long a worker waits before fetching again after Redis went away (BullMQ's default is 15 s). */
export const WORKER_RUN_RETRY_MS = 1_000;

/**
 * Every worker gets a limiter: BullMQ honours a manual rate limit (how TargetBreaker holds a queue
 * while the target is down) only on a worker with `limiter.max` set. Without a published limit this
 * one never limits by count.
 */
const HOLD_ONLY_LIMITER = { max: 1_000_000_000, duration: 1_000 };

/**
 * One BullMQ worker per target, sharing the process's Redis connection. Workers start only after
 * Redis answers (waiting for it, with backoff, if it is away at start), and close (finishing active
 * jobs) before the connection does. Their lock and stall check decide how soon the jobs of a worker
 * that died run again (RecoverySettings, docs/operations.md "Resume times").
 */
@Injectable()
export class DeliveryWorkersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly workers: Worker<DeliveryJobData>[] = [];

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly processor: DeliveryProcessor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await keepTrying('reaching Redis', () => pingRedis(this.redis, 2_000), this.logger);
    const r = this.settings.recovery;
    for (const target of this.config.targets) {
      const worker = new Worker<DeliveryJobData>(queueName(target.id), (job, token) => this.processor.process(job, token), {
        connection: this.redis,
        prefix: `${this.settings.redisPrefix}:bull`,
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
      this.workers.push(worker);
      void worker.run().catch((err) => this.logger.error({ err, queue: worker.name }, 'worker stopped running'));
    }
    this.logger.info({ queues: this.workers.map((w) => w.name), lockMs: r.workerLockMs, stalledIntervalMs: r.workerStalledIntervalMs, maxStalledCount: r.workerMaxStalledCount }, 'delivery workers running');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
