import type { Redis } from 'ioredis';

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
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(dropId: string): string {
    return `${this.prefix}:gateway:seen:${dropId}`;
  }

  async get(dropId: string, hash: string): Promise<SeenFile | undefined> {
    const raw = await this.redis.hget(this.key(dropId), hash);
    return raw ? (JSON.parse(raw) as SeenFile) : undefined;
  }

  async remember(dropId: string, hash: string, seen: SeenFile): Promise<void> {
    await this.redis.hset(this.key(dropId), hash, JSON.stringify(seen));
  }
}
