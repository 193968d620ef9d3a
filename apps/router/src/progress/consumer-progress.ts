import type { PartitionAssignment } from '@hub/kafka';
import type { RoleHealthReport } from '@hub/observability';

/** What the router knows of its progress on one assigned topic-partition. Times are ms since the epoch. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Batches that failed since the last one that succeeded. */
  failuresInRow: number;
  /** When the first of those failed; unset while batches succeed. */
  failingSince?: number;
  /** When the batch being handled now started. */
  busySince?: number;
  lastSuccessAt?: number;
  lastError?: string;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * Whether the router is making progress, per topic-partition the group assigned it. A partition is
 * stalled when its batches have kept failing for `stallMs` (a store that does not take them), or
 * one batch has been running that long (a store that does not answer). An idle partition is not
 * stalled: nothing is waiting. Pure, with the clock injected; the transport feeds it.
 */
export class ConsumerProgress {
  private readonly partitions = new Map<string, PartitionProgress>();

  constructor(readonly stallMs: number, private readonly now: () => number = Date.now) {}

  /** A new assignment: partitions still ours keep their record (a failing one stays failing across a rejoin); the rest are another member's now. */
  assigned(assignment: readonly PartitionAssignment[]): void {
    const keep = new Map<string, PartitionProgress>();
    for (const { topic, partitions } of assignment) {
      for (const partition of partitions) keep.set(key(topic, partition), this.partitions.get(key(topic, partition)) ?? { topic, partition, failuresInRow: 0 });
    }
    this.partitions.clear();
    for (const [k, v] of keep) this.partitions.set(k, v);
  }

  started(topic: string, partition: number): void {
    this.of(topic, partition).busySince = this.now();
  }

  succeeded(topic: string, partition: number): void {
    const p = this.of(topic, partition);
    Object.assign(p, { failuresInRow: 0, failingSince: undefined, busySince: undefined, lastError: undefined, lastSuccessAt: this.now() });
  }

  failed(topic: string, partition: number, err: unknown): void {
    const p = this.of(topic, partition);
    p.busySince = undefined;
    p.failuresInRow++;
    p.failingSince ??= this.now();
    p.lastError = String((err as Error)?.message ?? err).slice(0, 300);
  }

  /** Every partition assigned (or seen), with whether it is stalled now. */
  state(): (PartitionProgress & { stalled: boolean })[] {
    const now = this.now();
    return [...this.partitions.values()].map((p) => ({
      ...p,
      stalled: (p.failingSince !== undefined && now - p.failingSince >= this.stallMs) || (p.busySince !== undefined && now - p.busySince >= this.stallMs),
    }));
  }

  /** For /health/ready: down while any partition is stalled, naming each. */
  report(): RoleHealthReport {
    const all = this.state();
    const stalled = all.filter((p) => p.stalled);
    const details = {
      partitions: all.length,
      stallMs: this.stallMs,
      ...(stalled.length
        ? {
            stalled: stalled.map((p) => ({
              topic: p.topic,
              partition: p.partition,
              failuresInRow: p.failuresInRow,
              failingSince: iso(p.failingSince),
              busySince: iso(p.busySince),
              lastSuccessAt: iso(p.lastSuccessAt),
              lastError: p.lastError,
            })),
          }
        : {}),
    };
    if (stalled.length === 0) return { up: true, details };
    const names = stalled.map((p) => `${p.topic}/${p.partition}`).join(', ');
    return { up: false, message: `no progress for more than ${Math.round(this.stallMs / 1000)} s on ${names}`, details };
  }

  private of(topic: string, partition: number): PartitionProgress {
    const k = key(topic, partition);
    let p = this.partitions.get(k);
    if (!p) this.partitions.set(k, (p = { topic, partition, failuresInRow: 0 }));
    return p;
  }
}
