import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { HUB_CONFIG, HUB_SETTINGS, HubConfig, HubSettings } from '@hub/config';
import { DedupeStore } from './dedupe.store';
import { DeliveryQueues } from './delivery-queues';
import { createRedis } from './redis';
import { TargetStateStore } from './target-state.store';

export const REDIS = Symbol('REDIS');

/** Closes queues and then the shared connection, after consumers and workers closed in onModuleDestroy. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis, private readonly queues: DeliveryQueues) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class DeliveryModule {
  static forRoot(role: string): DynamicModule {
    return {
      module: DeliveryModule,
      providers: [
        { provide: REDIS, inject: [HUB_SETTINGS], useFactory: (s: HubSettings) => createRedis(s.redisUrl, `erp-hub-${role}`) },
        {
          provide: DeliveryQueues,
          inject: [REDIS, HUB_SETTINGS, HUB_CONFIG],
          useFactory: (r: Redis, s: HubSettings, c: HubConfig) => new DeliveryQueues(r, `${s.redisPrefix}:bull`, c),
        },
        { provide: DedupeStore, inject: [REDIS, HUB_SETTINGS], useFactory: (r: Redis, s: HubSettings) => new DedupeStore(r, s.redisPrefix, s.dedupeTtlSeconds) },
        { provide: TargetStateStore, inject: [REDIS, HUB_SETTINGS], useFactory: (r: Redis, s: HubSettings) => new TargetStateStore(r, s.redisPrefix) },
        RedisLifecycle,
      ],
      exports: [REDIS, DeliveryQueues, DedupeStore, TargetStateStore],
    };
  }
}
