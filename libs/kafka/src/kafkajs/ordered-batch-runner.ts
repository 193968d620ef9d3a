import type { EachBatchPayload, IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import type { BatchHandler, InboundMessage, RawHeader } from '../event-bus.interface';
import { orderKeyOf } from '../order-key';
import { OrderedRounds, RoundBatch } from '../ordered-rounds';

interface Waiting {
  batch: RoundBatch;
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  /** The consumer still runs and still owns this partition. */
  owned: () => boolean;
  done: (err?: unknown) => void;
}

export interface RunnerOptions {
  /** Told how many batches went without the order guard because their wait ran out. */
  onForced?: (batches: number) => void;
  /** First wait after a failed round; doubled up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  heartbeatMs: number;
  log: Logger;
  stopping: () => boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Between half and all of `initial · 2^failures`, at most `max`: processes that failed together do not retry in step. */
export function retryDelay(failures: number, initial: number, max: number, random: () => number = Math.random): number {
  const cap = Math.min(max, initial * 2 ** failures);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/**
 * kafkajs hands a consumer one batch per topic-partition of each fetch, each to its own eachBatch
 * call (side by side when partitionsConsumedConcurrently allows, which the consumer sets to all
 * of them). This collects the batches handed over in one turn of the event loop into a round,
 * lets OrderedRounds say which messages may go now and in what order, hands those to the handler
 * in one call, and resolves each batch's offset up to what went: the rest is fetched again.
 * Rounds run one at a time, in the order they were collected. A handler that fails (a store is
 * away) is tried again in place with backoff, heartbeating all the while, until it succeeds; if a
 * partition of the round is taken away meanwhile, or the consumer stops, every batch of the round
 * fails (nothing of it is resolved: it is consumed again wherever it is owned now), and what the
 * merge knew is forgotten, since those messages were not handed on after all.
 */
export class OrderedBatchRunner {
  private collecting: Waiting[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  private known: Promise<void> = Promise.resolve();

  constructor(
    private readonly handler: BatchHandler,
    private readonly rounds: OrderedRounds,
    private readonly o: RunnerOptions,
  ) {}

  /** kafkajs' eachBatch (run with eachBatchAutoResolve: false). */
  readonly eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: Pick<EachBatchPayload, 'batch' | 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'>): Promise<void> => {
    const messages: InboundMessage[] = batch.messages.map((m) => {
      const headers = decodeHeaders(m.headers);
      return {
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key ? m.key.toString('utf8') : null,
        value: m.value,
        headers,
        timestamp: m.timestamp,
        orderKey: orderKeyOf(headers, m.timestamp),
        raw: { key: m.key, headers: rawHeaders(m.headers) },
      };
    });
    if (messages.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      this.collecting.push({
        batch: { topic: batch.topic, partition: batch.partition, messages, lagAfter: Number(batch.offsetLag()) },
        resolveOffset,
        heartbeat,
        owned: () => isRunning() && !isStale(),
        done: (err) => (err ? reject(err) : resolve()),
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  };

  /**
   * After a rebalance: the merge's knowledge of partitions this consumer may no longer hold goes,
   * and `pending` (the new assignment's partitions with unread messages, being looked up) is what
   * it starts from; rounds wait for it.
   */
  reset(pending: Promise<readonly { topic: string; partition: number }[]> = Promise.resolve([])): void {
    this.known = pending.then(
      (tps) => this.rounds.reset(tps),
      () => this.rounds.reset(),
    );
  }

  private flush(): void {
    const round = this.collecting;
    this.collecting = [];
    this.scheduled = false;
    this.running = this.running.then(() => this.run(round));
  }

  /** The handler, again and again with backoff until it takes the messages, while the round is still ours. */
  private async handOn(round: Waiting[], messages: InboundMessage[]): Promise<void> {
    const beat = () => round[0].heartbeat().catch(() => undefined);
    for (let failures = 0; ; failures++) {
      // Heartbeats while the handler waits on a slow store.
      const beating = setInterval(() => void beat(), this.o.heartbeatMs);
      try {
        await this.handler({ messages });
        return;
      } catch (err) {
        // Stopping, or a partition went to another member: kafkajs re-reads it wherever it is owned now.
        if (this.o.stopping() || !round.every((w) => w.owned())) throw err;
        const wait = retryDelay(failures, this.o.retryMs, this.o.maxRetryMs);
        const first = messages[0];
        this.o.log.warn({ err, topic: first.topic, partition: first.partition, offset: first.offset, messages: messages.length, failures: failures + 1, retryInMs: wait }, `batch failed; trying it again in ${wait} ms`);
        const until = Date.now() + wait;
        while (Date.now() < until) {
          if (this.o.stopping() || !round.every((w) => w.owned())) throw err;
          await beat();
          await sleep(Math.min(this.o.heartbeatMs, until - Date.now()));
        }
      } finally {
        clearInterval(beating);
      }
    }
  }

  private async run(round: Waiting[]): Promise<void> {
    try {
      await this.known;
      const plan = this.rounds.plan(round.map((w) => w.batch));
      if (plan.forced) this.o.onForced?.(plan.forced);
      if (plan.route.length) await this.handOn(round, plan.route);
      round.forEach((w, i) => {
        if (plan.take[i] > 0) w.resolveOffset(w.batch.messages[plan.take[i] - 1].offset);
        w.done();
      });
    } catch (err) {
      this.rounds.reset();
      for (const w of round) w.done(err);
    }
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

function rawHeaders(headers: IHeaders | undefined): RawHeader[] {
  const out: RawHeader[] = [];
  for (const [key, v] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      out.push({ key, value: one === undefined || one === null ? null : Buffer.isBuffer(one) ? one : Buffer.from(String(one), 'utf8') });
    }
  }
  return out;
}
