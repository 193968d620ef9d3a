import { JobsOptions, Queue } from 'bullmq';
import type { HubConfig, LiveLandscape, TargetConfig } from '@hub/config';
import { HUB_BACKOFF } from './backoff';
import { DeliveryJobData, deliveryJobId, queueName, WITHDRAWN_MARK } from './delivery-job';
import type { HubRedis } from './redis';
import { deliveryQueuePrefix } from './redis-keys';

export type QueuedJobView = { present: false } | { present: true; failed?: { reason: string; attemptsMade: number } };

export interface DeliveryRequest {
  target: string;
  data: DeliveryJobData;
}

/** Retention is explicit: completed jobs stay long enough to absorb Kafka redeliveries (their ids dedupe). */
const KEEP_COMPLETED = { age: 24 * 3600, count: 50_000 };
const KEEP_FAILED = { age: 30 * 24 * 3600, count: 100_000 };

/**
 * BullMQ takes every job without a priority before any with one: a backfill's jobs carry this, so
 * a target's live deliveries never wait behind history. (Order per subject is the lanes' business,
 * not the queue's: one subject has at most one delivery queued at a time.)
 */
export const BACKFILL_PRIORITY = 10;

/**
 * One BullMQ queue per target, all on one shared Redis connection, each under its own hash-tagged
 * prefix (deliveryQueuePrefix: one cluster slot per queue). The targets follow the landscape
 * (setTargets): a queue for each target of the latest version (`has`, `all`), and still one for a
 * target of an older version (`queue`), for events accepted under it; job options are each
 * target's latest settings.
 */
export class DeliveryQueues {
  private readonly queues = new Map<string, Queue<DeliveryJobData>>();
  private readonly targets = new Map<string, TargetConfig>();
  private current = new Set<string>();
  private unfollow?: () => void;

  /** `redisPrefix` is REDIS_PREFIX: each queue's BullMQ prefix is made from it and the target (redis-keys.ts). */
  constructor(private readonly redis: HubRedis, private readonly redisPrefix: string, config: Pick<HubConfig, 'targets'>) {
    this.setTargets(config.targets);
  }

  /** The targets of the latest landscape version: new ones get their queue, changed ones their new settings. */
  setTargets(targets: readonly TargetConfig[]): void {
    this.know(targets, true);
    this.current = new Set(targets.map((t) => t.id));
  }

  /** Follows the landscape's versions from now on, until close(). */
  follow(landscape: Pick<LiveLandscape, 'current' | 'onChange'>): this {
    this.setTargets(landscape.current().config.targets);
    this.unfollow = landscape.onChange((next) => this.setTargets(next.config.targets));
    return this;
  }

  /** Targets of an older version, for its events: known from now on, without overriding newer settings. */
  know(targets: readonly TargetConfig[], override = false): void {
    for (const t of targets) {
      if (override || !this.targets.has(t.id)) this.targets.set(t.id, t);
      if (!this.queues.has(t.id)) this.queues.set(t.id, new Queue<DeliveryJobData>(queueName(t.id), { connection: this.redis, prefix: deliveryQueuePrefix(this.redisPrefix, t.id) }));
    }
  }

  /** Whether the target is in the latest landscape version. */
  has(targetId: string): boolean {
    return this.current.has(targetId);
  }

  queue(targetId: string): Queue<DeliveryJobData> {
    const q = this.queues.get(targetId);
    if (!q) throw new Error(`no delivery queue for target "${targetId}"`);
    return q;
  }

  /** The queues of the latest version's targets. */
  all(): Queue<DeliveryJobData>[] {
    return [...this.current].map((id) => this.queues.get(id)!);
  }

  jobOptions(targetId: string): JobsOptions {
    const target = this.targets.get(targetId);
    if (!target) throw new Error(`unknown target "${targetId}"`);
    return {
      attempts: target.retry.attempts,
      backoff: { type: HUB_BACKOFF, delay: target.retry.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    };
  }

  /**
   * What Redis holds of each delivery, in one round trip per queue (a queue's keys share a slot; the
   * queues' do not, and a cluster takes a pipeline only to one node): nothing (the job is gone:
   * never added, or lost with Redis' last writes), or the job, with BullMQ's reason if it sits in the failed set.
   */
  async inspect(keys: readonly { target: string; eventKey: string }[]): Promise<QueuedJobView[]> {
    const byTarget = new Map<string, number[]>();
    keys.forEach((k, i) => byTarget.set(k.target, [...(byTarget.get(k.target) ?? []), i]));
    const views: QueuedJobView[] = new Array(keys.length);
    await Promise.all(
      [...byTarget].map(async ([target, indexes]) => {
        const q = this.queue(target);
        const pipeline = this.redis.pipeline();
        for (const i of indexes) {
          const id = deliveryJobId(target, keys[i].eventKey);
          pipeline.exists(q.toKey(id));
          pipeline.zscore(q.toKey('failed'), id);
          pipeline.hmget(q.toKey(id), 'failedReason', 'atm');
        }
        const replies = (await pipeline.exec()) ?? [];
        indexes.forEach((i, n) => {
          const [[e1, exists], [e2, failedAt], [e3, fields]] = replies.slice(n * 3, n * 3 + 3) as [Error | null, unknown][];
          const err = e1 ?? e2 ?? e3;
          if (err) throw err;
          if (exists !== 1) views[i] = { present: false };
          else if (failedAt === null) views[i] = { present: true };
          else {
            const [reason, atm] = fields as (string | null)[];
            views[i] = { present: true, failed: { reason: reason ?? '', attemptsMade: Number(atm ?? 0) } };
          }
        });
      }),
    );
    return views;
  }

  /**
   * A backfill's job that was withdrawn (its backfill cancelled before it was sent) completes, and
   * BullMQ keeps its id for a day; a later backfill of the same event makes the same job id, which
   * addBulk would ignore. Such a job, and only such a one (completed with the withdrawn receipt),
   * is removed before the new one is added. Any other job under the id is left: it is the delivery's own.
   */
  private async clearWithdrawn(queue: Queue<DeliveryJobData>, ids: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      pipeline.zscore(queue.toKey('completed'), id);
      pipeline.hget(queue.toKey(id), 'returnvalue');
    }
    const replies = (await pipeline.exec()) ?? [];
    const stale = ids.filter((_, i) => {
      const [[e1, completed], [e2, value]] = replies.slice(i * 2, i * 2 + 2) as [Error | null, unknown][];
      if (e1 ?? e2) throw e1 ?? e2;
      return completed !== null && typeof value === 'string' && value.includes(WITHDRAWN_MARK);
    });
    for (const id of stale) await queue.remove(id);
  }

  /** Adds jobs with one addBulk per target queue; ids already present are ignored by BullMQ. */
  async enqueue(requests: DeliveryRequest[]): Promise<void> {
    const byTarget = new Map<string, DeliveryRequest[]>();
    for (const r of requests) {
      const list = byTarget.get(r.target) ?? [];
      list.push(r);
      byTarget.set(r.target, list);
    }
    await Promise.all(
      [...byTarget].map(async ([target, list]) => {
        const backfilled = list.filter((r) => r.data.kind === 'backfill').map((r) => deliveryJobId(target, r.data.eventKey));
        if (backfilled.length) await this.clearWithdrawn(this.queue(target), backfilled);
        await this.queue(target).addBulk(
          list.map((r) => ({
            name: r.data.event.type,
            data: r.data,
            opts: { ...this.jobOptions(target), jobId: deliveryJobId(target, r.data.eventKey), ...(r.data.kind === 'backfill' ? { priority: BACKFILL_PRIORITY } : {}) },
          })),
        );
      }),
    );
  }

  async close(): Promise<void> {
    this.unfollow?.();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
