import type { Logger } from 'pino';
import type { BackfillSettings, TargetConfig } from '@hub/config';
import { DeliveryQueues, jobDataOf } from '@hub/delivery';
import { BackfillRecord, DeliveryLedger, ReleasedDelivery, stillMoving } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { mayGoAhead, pageSizeFor, smoothedRate, Throttle } from './backfill-throttle';

/** How often a run counts its deliveries (progress, the rate it achieved, whether it is finished) and rereads its state. */
export const PROGRESS_MS = 1_000;
/** How long a run waits before it looks again when back pressure holds it. */
export const AHEAD_POLL_MS = 100;

export type RunOutcome = 'finished' | 'failed' | 'stopped' | 'not-running';

export type RunnerLedger = Pick<
  DeliveryLedger,
  'startBackfillRun' | 'backfill' | 'backfillItems' | 'recordBackfillPage' | 'backfillOpenCount' | 'backfillQueued' | 'backfillDeliveryCounts' | 'recordBackfillProgress' | 'endBackfill'
>;
export type RunnerQueues = Pick<DeliveryQueues, 'has' | 'enqueue' | 'queue'>;

export interface RunnerDeps {
  ledger: RunnerLedger;
  queues: RunnerQueues;
  /** Whether the target is in the landscape this process runs on now (a backfill to a retired target fails). */
  targets: Pick<ReadonlyMap<string, TargetConfig>, 'has'>;
  settings: BackfillSettings;
  logger: Logger;
  /** True once the process is shutting down: the run stops between pages, and another run resumes it. */
  stopping: () => boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs one backfill, under its lock (BackfillWorker): walks its selection from its cursor, a page at
 * a time, each page's deliveries and the cursor recorded in one ledger transaction and then put on
 * the target's queue. Throttled to its rate (a token bucket) and held back while it runs too far
 * ahead of its target (BACKFILL_MAX_AHEAD). It ends finished once every delivery is settled (or
 * waits behind a dead letter for ops), or stops when it is paused or cancelled, or the process
 * shuts down. A store that fails throws: the backfill stays running, and the next look (this
 * process or another) resumes it from its cursor, enqueueing again, under the same job ids, what
 * the run before recorded but may not have put on the queue.
 */
export class BackfillRunner {
  private readonly metrics = hubMetrics();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly d: RunnerDeps) {
    this.now = d.now ?? Date.now;
    this.sleep = d.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** `held`: the run's lock (JobLocks); once it is lost the run stops between pages, and whoever holds it next resumes. */
  async run(id: string, held?: AbortSignal): Promise<RunOutcome> {
    const b = await this.d.ledger.startBackfillRun(id);
    if (!b) return 'not-running';
    const log = this.d.logger.child({ backfillId: id, tenant: b.tenant, queue: `delivery-${b.target}` });
    if (!this.d.targets.has(b.target) || !this.d.queues.has(b.target)) {
      await this.d.ledger.endBackfill(id, ['running'], 'failed', { error: `target "${b.target}" is not configured in this hub any more` });
      log.error({ target: b.target }, 'backfill failed: its target is not configured any more');
      return 'failed';
    }
    if (b.runs > 1) {
      // A run before this one may have recorded a page and died before its jobs were added.
      const again = await this.d.ledger.backfillQueued(id);
      await this.enqueue(again);
      log.info({ cursor: b.cursor, total: b.total, run: b.runs, requeued: again.length }, 'backfill resumed from its cursor');
    } else log.info({ total: b.total, skipped: b.skipped, rate: b.rate }, 'backfill started');
    return this.walk(b, log, held);
  }

  private async walk(b: BackfillRecord, log: Logger, held?: AbortSignal): Promise<RunOutcome> {
    const page = pageSizeFor(b.rate);
    const throttle = new Throttle(b.rate, page, this.now());
    let cursor = b.cursor;
    let checkAt = 0;
    let last: { settled: number; at: number; rate?: number } | undefined;
    while (!this.d.stopping() && !held?.aborted) {
      if (this.now() >= checkAt) {
        checkAt = this.now() + PROGRESS_MS;
        const state = (await this.d.ledger.backfill(b.id, '*'))?.state;
        if (state !== 'running') {
          log.info({ state, cursor }, `backfill ${state}: the run stops`);
          return 'stopped';
        }
        const counts = await this.d.ledger.backfillDeliveryCounts(b.id);
        const settled = counts.delivered + counts.deadLettered + counts.discarded;
        const rate = last ? smoothedRate(last.rate, last.settled, settled, (this.now() - last.at) / 1000) : undefined;
        last = { settled, at: this.now(), rate };
        await this.d.ledger.recordBackfillProgress(b.id, { delivered: counts.delivered, deadLettered: counts.deadLettered, measuredRate: rate });
        if (cursor >= b.total && stillMoving(counts) === 0) {
          await this.d.ledger.endBackfill(b.id, ['running'], 'finished');
          log.info({ ...counts, total: b.total }, 'backfill finished');
          return 'finished';
        }
      }
      if (cursor >= b.total) {
        await this.sleep(PROGRESS_MS / 4);
        continue;
      }
      const [open, waiting] = await Promise.all([this.d.ledger.backfillOpenCount(b.id), this.waiting(b.target)]);
      if (!mayGoAhead(open, waiting, page, this.d.settings.maxAhead)) {
        await this.sleep(AHEAD_POLL_MS);
        continue;
      }
      const wait = throttle.delayFor(page, this.now());
      if (wait > 0) {
        await this.sleep(Math.min(wait, PROGRESS_MS));
        continue;
      }
      const items = await this.d.ledger.backfillItems(b.id, cursor, page);
      if (items.length === 0) {
        cursor = b.total;
        continue;
      }
      throttle.take(items.length, this.now());
      const outcome = await this.d.ledger.recordBackfillPage(b, items, cursor);
      if (!outcome.recorded) {
        this.metrics.backfillPages.inc({ outcome: 'stopped' });
        log.info({ cursor }, 'backfill no longer running (paused, cancelled, or another run has it): the run stops');
        return 'stopped';
      }
      cursor = items[items.length - 1].seq;
      this.metrics.backfillPages.inc({ outcome: 'recorded' });
      this.metrics.backfillEnqueued.inc({ target: b.target }, outcome.created);
      await this.enqueue(outcome.queued);
    }
    log.info({ cursor }, 'backfill run stopped: the process is shutting down; another run resumes it');
    return 'stopped';
  }

  /** Jobs waiting in the target's queue, live and backfill alike (prioritized: a backfill's). */
  private async waiting(target: string): Promise<number> {
    const c = await this.d.queues.queue(target).getJobCounts('waiting', 'prioritized', 'delayed');
    return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
  }

  /** The backfill's own queued deliveries, all to its target (whose queue `run` checked). */
  private async enqueue(deliveries: readonly ReleasedDelivery[]): Promise<void> {
    if (deliveries.length) await this.d.queues.enqueue(deliveries.map((r) => ({ target: r.target, data: jobDataOf(r) })));
  }
}
