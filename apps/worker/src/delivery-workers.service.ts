import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HUB_CONFIG, HUB_SETTINGS, HubConfig, HubSettings } from '@hub/config';
import { backoffDelay, DeliveryJobData, pingRedis, queueName, REDIS } from '@hub/delivery';
import { HUB_LOGGER } from '@hub/runtime';
import { DeliveryProcessor } from './delivery.processor';

/**
 * Every worker gets a limiter: BullMQ honours a manual rate limit (how TargetBreaker holds a queue
 * while the target is down) only on a worker with `limiter.max` set. Without a published limit this
 * one never limits by count.
 */
const HOLD_ONLY_LIMITER = { max: 1_000_000_000, duration: 1_000 };

/**
 * One BullMQ worker per target, sharing the process's Redis connection. Workers start only after
 * Redis answers, and close (finishing active jobs) before the connection does.
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
    await pingRedis(this.redis, 10_000);
    for (const target of this.config.targets) {
      const worker = new Worker<DeliveryJobData>(queueName(target.id), (job, token) => this.processor.process(job, token), {
        connection: this.redis,
        prefix: `${this.settings.redisPrefix}:bull`,
        concurrency: target.concurrency,
        // The system's published rate limit, kept across every worker process of this queue.
        limiter: target.rateLimit ? { max: target.rateLimit.max, duration: target.rateLimit.perMs } : HOLD_ONLY_LIMITER,
        autorun: false,
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, target.retry) },
      });
      worker.on('error', (err) => this.logger.error({ err, queue: worker.name }, 'worker error'));
      this.workers.push(worker);
      void worker.run();
    }
    this.logger.info({ queues: this.workers.map((w) => w.name) }, 'delivery workers running');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
