import { HubRedis, hubRedisKeys } from '@hub/delivery';

export interface SeenFile {
  fileName: string;
  at: string;
  outcome: 'processed' | 'quarantined';
}

/**
 * Hashes of the files each drop has processed, so a file dropped twice (same bytes, any name) is
 * not processed again. Kept without expiry: legacy systems re-send old exports months later.
 */
export class SeenFilesStore {
  private readonly key;

  constructor(private readonly redis: HubRedis, prefix: string) {
    this.key = hubRedisKeys(prefix).gatewaySeen;
  }

  async get(dropId: string, hash: string): Promise<SeenFile | undefined> {
    const raw = await this.redis.hget(this.key(dropId), hash);
    return raw ? (JSON.parse(raw) as SeenFile) : undefined;
  }

  async remember(dropId: string, hash: string, seen: SeenFile): Promise<void> {
    await this.redis.hset(this.key(dropId), hash, JSON.stringify(seen));
  }
}
