import { getEach, HubRedis, setEachExpiring } from './redis';
import { hubRedisKeys } from './redis-keys';

/**
 * Remembers which (source, id) pairs were accepted, so a re-post answers `duplicate: true` and is
 * not published again. Marked only after Kafka acknowledged: a crash in between means the event
 * may be published twice, and the deterministic delivery job id then keeps it from being delivered twice.
 * A batch's keys lie in many cluster slots: read and written key by key on a cluster (redis.ts).
 */
export class DedupeStore {
  private readonly keys;

  constructor(private readonly redis: HubRedis, prefix: string, private readonly ttlSeconds: number) {
    this.keys = hubRedisKeys(prefix);
  }

  async seen(eventKeys: string[]): Promise<boolean[]> {
    const values = await getEach(this.redis, eventKeys.map((k) => this.keys.seen(k)));
    return values.map((v) => v !== null);
  }

  async markAccepted(eventKeys: string[], at: string): Promise<void> {
    await setEachExpiring(this.redis, eventKeys.map((k) => [this.keys.seen(k), at] as const), this.ttlSeconds);
  }
}
