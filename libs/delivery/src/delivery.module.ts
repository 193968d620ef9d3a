import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_LANDSCAPE, HUB_SETTINGS, HubSettings, LiveLandscape } from '@hub/config';
import { DedupeStore } from './dedupe.store';
import { DeliveryQueues } from './delivery-queues';
import { connectRedis, HubRedis } from './redis';
import { TargetStateStore } from './target-state.store';

export const REDIS = Symbol('REDIS');
/**
 * Duplicate detection's own connection, auto-pipelined: the checks and marks of the requests in
 * flight at once reach Redis in one write (a write is a system call, the dearest part of a command
 * here), and nothing blocking or transactional shares it. Lazy: only the API's ingest uses it.
 */
export const DEDUPE_REDIS = Symbol('DEDUPE_REDIS');

/** Closes queues and then the shared connection, after consumers and workers closed in onModuleDestroy. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: HubRedis,
    @Inject(DEDUPE_REDIS) private readonly dedupe: HubRedis,
    private readonly queues: DeliveryQueues,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
    // Never connected (a role without ingest): nothing to say goodbye to.
    if (this.dedupe.status === 'wait') this.dedupe.disconnect();
    else await this.dedupe.quit().catch(() => this.dedupe.disconnect());
  }
}

/**
 * ioredis reconnects by itself (backoff up to 2 s) and, with `maxRetriesPerRequest: null`, holds
 * commands until Redis is back, so an outage is a pause, not a failure. Logged once when the
 * connection is lost and once when it is back, instead of one line per reconnect attempt. A
 * cluster reports a node's failure as 'node error' (its own as 'error') and follows the failover.
 */
function reportRedisOutages(redis: HubRedis, logger: Logger): void {
  let downSince: number | undefined;
  const lost = (err: unknown) => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    logger.warn({ err }, 'Redis connection lost; commands wait until it is back');
  };
  redis.on('error', lost);
  if (redis.isCluster) redis.on('node error', lost);
  redis.on('ready', () => {
    if (downSince === undefined) return;
    logger.warn({ downMs: Date.now() - downSince }, 'Redis connection back');
    downSince = undefined;
  });
}

@Global()
@Module({})
export class DeliveryModule {
  static forRoot(role: string, logger?: Logger): DynamicModule {
    return {
      module: DeliveryModule,
      providers: [
        {
          provide: REDIS,
          inject: [HUB_SETTINGS],
          useFactory: (s: HubSettings) => {
            const redis = connectRedis(s, `erp-hub-${role}`);
            if (logger) reportRedisOutages(redis, logger);
            return redis;
          },
        },
        {
          provide: DeliveryQueues,
          inject: [REDIS, HUB_SETTINGS, HUB_LANDSCAPE],
          // Its targets follow the landscape: a target added by a new version gets its queue at once.
          useFactory: (r: HubRedis, s: HubSettings, landscape: LiveLandscape) => new DeliveryQueues(r, s.redisPrefix, landscape.current().config).follow(landscape),
        },
        {
          provide: DEDUPE_REDIS,
          inject: [HUB_SETTINGS],
          useFactory: (s: HubSettings) => {
            const redis = connectRedis(s, `erp-hub-${role}-dedupe`, { enableAutoPipelining: true, lazyConnect: true });
            if (logger) reportRedisOutages(redis, logger);
            return redis;
          },
        },
        { provide: DedupeStore, inject: [DEDUPE_REDIS, HUB_SETTINGS], useFactory: (r: HubRedis, s: HubSettings) => new DedupeStore(r, s.redisPrefix, s.dedupeTtlSeconds) },
        { provide: TargetStateStore, inject: [REDIS, HUB_SETTINGS], useFactory: (r: HubRedis, s: HubSettings) => new TargetStateStore(r, s.redisPrefix) },
        RedisLifecycle,
      ],
      exports: [REDIS, DeliveryQueues, DedupeStore, TargetStateStore],
    };
  }
}
