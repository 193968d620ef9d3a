import type { Redis } from 'ioredis';
import type { CanonicalEvent } from '@hub/events';

export type DeadLetterState = 'open' | 'replaying';

export interface DeadLetter {
  /** Equals the delivery job id: one dead letter per (target, event). */
  id: string;
  target: string;
  tenant: string;
  type: string;
  subject: string;
  eventId: string;
  source: string;
  eventKey: string;
  /** Stable reason code, e.g. `target-rejected`, `target-unavailable`, `mapping-failed`. */
  reason: string;
  message: string;
  status?: number;
  attempts: number;
  deadLetteredAt: string;
  state: DeadLetterState;
  replays: number;
  event: CanonicalEvent;
}

export interface DeadLetterFilter {
  tenants?: readonly string[] | '*';
  tenant?: string;
  target?: string;
  type?: string;
  subject?: string;
  reason?: string;
}

/**
 * Dead letters in Redis: one JSON record per (target, event), indexed by time. A record leaves only
 * when its target acknowledges a replay, or when an operator discards it.
 */
export class DeadLetterStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(id: string) {
    return `${this.prefix}:dlq:${id}`;
  }
  private get index() {
    return `${this.prefix}:dlq:index`;
  }

  async put(letter: DeadLetter): Promise<void> {
    const previous = await this.get(letter.id);
    const record: DeadLetter = { ...letter, replays: previous?.replays ?? 0 };
    await this.redis.multi().set(this.key(letter.id), JSON.stringify(record)).zadd(this.index, Date.parse(letter.deadLetteredAt), letter.id).exec();
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as DeadLetter) : undefined;
  }

  async markReplaying(id: string): Promise<DeadLetter | undefined> {
    const letter = await this.get(id);
    if (!letter) return undefined;
    const updated: DeadLetter = { ...letter, state: 'replaying', replays: letter.replays + 1 };
    await this.redis.set(this.key(id), JSON.stringify(updated));
    return updated;
  }

  /** Removes the record; answers whether there was one. */
  async remove(id: string): Promise<boolean> {
    const [[, deleted]] = (await this.redis.multi().del(this.key(id)).zrem(this.index, id).exec()) as [[null, number], [null, number]];
    return deleted === 1;
  }

  /** Newest first. Scans the index; fine for the thousands of open dead letters a day can bring. */
  async list(filter: DeadLetterFilter, limit = 100, offset = 0): Promise<{ items: DeadLetter[]; total: number }> {
    const ids = await this.redis.zrevrange(this.index, 0, -1);
    const matches: DeadLetter[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const raws = await this.redis.mget(chunk.map((id) => this.key(id)));
      for (const raw of raws) {
        if (!raw) continue;
        const letter = JSON.parse(raw) as DeadLetter;
        if (matchesFilter(letter, filter)) matches.push(letter);
      }
    }
    return { items: matches.slice(offset, offset + limit), total: matches.length };
  }
}

export function matchesFilter(l: DeadLetter, f: DeadLetterFilter): boolean {
  if (f.tenants && f.tenants !== '*' && !f.tenants.includes(l.tenant)) return false;
  return (
    (!f.tenant || l.tenant === f.tenant) &&
    (!f.target || l.target === f.target) &&
    (!f.type || l.type === f.type) &&
    (!f.subject || l.subject === f.subject) &&
    (!f.reason || l.reason === f.reason)
  );
}
