import type { InboundMessage } from './event-bus.interface';

/** One topic-partition's messages as one fetch handed them over, with what Kafka still holds after them. */
export interface RoundBatch {
  topic: string;
  partition: number;
  /** In offset order, each with its order key. */
  messages: InboundMessage[];
  /** Messages left in the partition after this batch's last, when it was fetched (high watermark − 1 − last offset). */
  lagAfter: number;
}

export interface RoundPlan {
  /** The messages to hand on now, in acceptance order (order key; ties by topic, partition, offset). */
  route: InboundMessage[];
  /** Per batch, by index: how many of its leading messages are in `route`. The rest are fetched again later. */
  take: number[];
  /** Batches whose wait ran out, so they were taken without the order guard. */
  forced: number;
}

interface PartitionState {
  /** Kafka holds messages of this topic-partition that have not been handed on yet. */
  pending: boolean;
  /** The order key of the first of them, when this consumer has seen it (it was held back). */
  headKey?: number;
  /** Order key of the last message handed on. */
  lastKey?: number;
  /** Since when its messages have been held back (for the bounded wait). */
  heldSince?: number;
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

const byOrder = (a: InboundMessage, b: InboundMessage) =>
  a.orderKey - b.orderKey || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset));

/**
 * Merges what one consumer reads from many topics back into the order the events were accepted.
 *
 * One subject's events sit on partition p of several topics (one per event type), so Kafka keeps
 * their order only within each topic. This consumer is assigned partition p of every topic
 * (co-partitioned assignment) and sorts what each fetch brings by the order key the API stamped at
 * acceptance. A fetch may bring some topics' messages before another topic's older ones, when
 * that topic has more waiting than one fetch returns: so a message is handed on only when no
 * topic-partition with the same partition number still holds, unread, messages that could be
 * older (its known backlog ends at, or its held-back head has, a smaller order key). What is held
 * back is simply not resolved, and the consumer fetches it again. The same rule with a bounded
 * wait (`maxWaitMs`) is Kafka Streams' timestamp synchronisation of co-partitioned inputs (KIP-353,
 * `max.task.idle.ms`); past the wait a batch is taken anyway, and counted.
 *
 * Pure and synchronous: plan() decides, the caller hands `route` on and resolves `take`.
 */
export class OrderedRounds {
  private readonly partitions = new Map<string, PartitionState>();

  constructor(private readonly maxWaitMs: number, private readonly clock: () => number = Date.now) {}

  plan(batches: readonly RoundBatch[]): RoundPlan {
    const now = this.clock();
    // What each partition number must not overtake: the smallest order key that may still be unread.
    const bound = new Map<number, number>();
    const lower = (p: number, key: number) => bound.set(p, Math.min(bound.get(p) ?? Infinity, key));
    const inRound = new Set(batches.map((b) => tpKey(b.topic, b.partition)));
    for (const [key, s] of this.partitions) {
      if (inRound.has(key) || !s.pending) continue;
      const p = Number(key.slice(key.indexOf('\u0000') + 1));
      lower(p, s.headKey ?? s.lastKey ?? -Infinity);
    }
    for (const b of batches) {
      const last = b.messages[b.messages.length - 1];
      if (b.lagAfter > 0 && last) lower(b.partition, last.orderKey);
    }

    const take: number[] = [];
    const route: InboundMessage[] = [];
    let forced = 0;
    for (const b of batches) {
      const key = tpKey(b.topic, b.partition);
      const state = this.partitions.get(key) ?? { pending: false };
      const limit = bound.get(b.partition) ?? Infinity;
      const overdue = state.heldSince !== undefined && now - state.heldSince >= this.maxWaitMs;
      let n = 0;
      if (overdue) {
        n = b.messages.length;
        forced++;
      } else {
        while (n < b.messages.length && b.messages[n].orderKey <= limit) n++;
      }
      take.push(n);
      for (let i = 0; i < n; i++) route.push(b.messages[i]);
      const taken = n > 0 ? b.messages[n - 1].orderKey : state.lastKey;
      if (n === b.messages.length) {
        this.partitions.set(key, { pending: b.lagAfter > 0, lastKey: taken });
      } else {
        this.partitions.set(key, { pending: true, headKey: b.messages[n].orderKey, lastKey: taken, heldSince: n > 0 ? now : (state.heldSince ?? now) });
      }
    }
    route.sort(byOrder);
    return { route, take, forced };
  }

  /**
   * After a rebalance: what this consumer knew of its old partitions no longer holds. `pending`
   * are the newly assigned topic-partitions known to hold unread messages: until each shows up in
   * a fetch, nothing of its partition number goes (its messages could be the oldest). A fetch may
   * leave such a partition out (its next record batch is larger than one fetch takes), so this is
   * the only way to know it is behind.
   */
  reset(pending: readonly { topic: string; partition: number }[] = []): void {
    this.partitions.clear();
    const now = this.clock();
    for (const tp of pending) this.partitions.set(tpKey(tp.topic, tp.partition), { pending: true, heldSince: now });
  }
}
