import type { Redis } from 'ioredis';

/**
 * Remembers which (source, id) pairs were accepted, so a re-post answers `duplicate: true` and is
 * not published again. Marked only after Kafka acknowledged: a crash in between means the event
 * may be published twice, and the deterministic delivery job id then keeps it from being delivered twice.
 */
export class DedupeStore {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlSeconds: number) {}

  private key(eventKey: string): string {
    return `${this.prefix}:seen:${eventKey}`;
  }

  async seen(eventKeys: string[]): Promise<boolean[]> {
    if (eventKeys.length === 0) return [];
    const values = await this.redis.mget(eventKeys.map((k) => this.key(k)));
    return values.map((v) => v !== null);
  }

  async markAccepted(eventKeys: string[], at: string): Promise<void> {
    if (eventKeys.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const k of eventKeys) pipeline.set(this.key(k), at, 'EX', this.ttlSeconds);
    await pipeline.exec();
  }
}
