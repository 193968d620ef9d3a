import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_SETTINGS, HubSettings } from '@hub/config';
import { DeliveryErrorCode } from '@hub/connector-sdk';
import { deliveryJobId, DeliveryQueues, DeliveryRequest, jobDataOf } from '@hub/delivery';
import { AttemptRow, DeliveryKey, DeliveryLedger, OpenDeliveryRecord } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER, RepeatingTask } from '@hub/runtime';
import { STALLED_LIMIT_REASON } from '../delivery.processor';

/** Open deliveries looked at per ledger query and Redis round trip. */
export const SWEEP_PAGE = 500;

export interface SweepResult {
  /** Open deliveries older than the grace period that were compared with Redis. */
  checked: number;
  /** Redis had lost them: enqueued again, same job id, from the ledger's copy of the event. */
  requeued: number;
  /** BullMQ had failed them without the ledger knowing: recorded as dead letters. */
  deadLettered: number;
  /** Replays whose requeue Redis lost (the job still failed): dead letters again, for ops to replay. */
  replaysReverted: number;
  /** Open deliveries that cannot be rebuilt: the ledger has no copy of their event. */
  unrecoverable: number;
  /** Held deliveries first in their lane with nothing before them (a process died between finishing one and releasing the next): released and enqueued. */
  lanesReleased: number;
}

type SweeperLedger = Pick<DeliveryLedger, 'openDeliveries' | 'exclusively' | 'recordAttempts' | 'revertReplaying' | 'stuckLanes' | 'releaseLanes'>;
type SweeperQueues = Pick<DeliveryQueues, 'has' | 'inspect' | 'enqueue'>;

/**
 * Redis is not the store of record; the ledger is. At start and then every SWEEP_INTERVAL_MS, one
 * worker process (a PostgreSQL advisory lock picks it) walks the deliveries the ledger says are still
 * to be made (queued, retrying, replaying) and have not moved for SWEEP_GRACE_MS, and asks Redis
 * about each job:
 * - gone (never added, or lost with Redis' last second of writes before a crash): enqueued again with
 *   the same job id, so the same Idempotency-Key, from the ledger's copy of the event;
 * - in BullMQ's failed set (BullMQ gave up on it without the worker recording why, e.g. it stalled
 *   too often and the worker that saw it fail could not reach the ledger): recorded as a dead letter
 *   with BullMQ's reason, so ops see it;
 * - anything else (waiting, delayed, active): in hand, left alone.
 * Then it releases lanes left waiting: an ordered target's held delivery whose lane has nothing
 * open before it (a process died between recording a delivery and releasing the next).
 * The grace period keeps it off deliveries whose enqueue or replay is under way right now.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly metrics = hubMetrics();
  private readonly task: RepeatingTask;

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    @Inject(DeliveryQueues) private readonly queues: SweeperQueues,
    @Inject(DeliveryLedger) private readonly ledger: SweeperLedger,
  ) {
    this.task = new RepeatingTask(() => this.sweep(), settings.recovery.sweepIntervalMs, (err) => {
      this.metrics.sweeps.inc({ outcome: 'failed' });
      this.logger.warn({ err }, 'sweep failed (a store is away?); the next one is due as usual');
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** One sweep; undefined when another process holds the sweeper's lock. */
  async sweep(now: number = Date.now()): Promise<SweepResult | undefined> {
    const result: SweepResult = { checked: 0, requeued: 0, deadLettered: 0, replaysReverted: 0, unrecoverable: 0, lanesReleased: 0 };
    const before = new Date(now - this.settings.recovery.sweepGraceMs);
    const ran = await this.ledger.exclusively('delivery-sweeper', async (held) => {
      let after: OpenDeliveryRecord | undefined;
      do {
        const page = await this.ledger.openDeliveries(before, SWEEP_PAGE, after);
        if (page.length === 0) break;
        await this.sweepPage(page, result);
        after = page.length === SWEEP_PAGE ? page[page.length - 1] : undefined;
      } while (after && !this.task.stopping && !held.aborted);
      if (!this.task.stopping && !held.aborted) await this.releaseStuckLanes(before, result);
    });
    if (!ran) {
      this.metrics.sweeps.inc({ outcome: 'skipped' });
      return undefined;
    }
    this.metrics.sweeps.inc({ outcome: 'swept' });
    if (result.requeued || result.deadLettered || result.replaysReverted || result.unrecoverable || result.lanesReleased) this.logger.warn({ ...result }, 'sweep: the ledger and Redis disagreed; repaired');
    else this.logger.debug({ ...result }, 'sweep: the ledger and Redis agree');
    return result;
  }

  private async releaseStuckLanes(before: Date, result: SweepResult): Promise<void> {
    const lanes = await this.ledger.stuckLanes(before);
    if (lanes.length === 0) return;
    const released = (await this.ledger.releaseLanes(lanes)).filter((r) => this.queues.has(r.target));
    if (released.length === 0) return;
    await this.queues.enqueue(released.map((r) => ({ target: r.target, data: jobDataOf(r) })));
    result.lanesReleased += released.length;
    for (const r of released) this.metrics.sweeperRequeued.inc({ target: r.target });
    this.logger.warn({ count: released.length, jobIds: released.slice(0, 20).map((r) => deliveryJobId(r.target, r.eventKey)) }, 'sweep: released held deliveries nothing was holding any more');
  }

  private async sweepPage(page: OpenDeliveryRecord[], result: SweepResult): Promise<void> {
    // A target no longer configured has no queue to look in; its deliveries stay open in the ledger.
    const open = page.filter((d) => this.queues.has(d.target));
    result.checked += open.length;
    const views = await this.queues.inspect(open);
    const requeue: DeliveryRequest[] = [];
    const failed: AttemptRow[] = [];
    const lostReplays: DeliveryKey[] = [];
    open.forEach((d, i) => {
      const view = views[i];
      const log = () => this.logger.child({ tenant: d.tenant, queue: `delivery-${d.target}`, jobId: deliveryJobId(d.target, d.eventKey) });
      if (!view.present) {
        if (d.event) requeue.push({ target: d.target, data: jobDataOf({ ...d, event: d.event }) });
        else {
          result.unrecoverable++;
          log().error({ state: d.state }, 'open delivery whose job Redis lost, and the ledger holds no copy of its event: cannot be rebuilt');
        }
      } else if (view.failed && d.state === 'replaying') {
        lostReplays.push({ eventKey: d.eventKey, target: d.target });
      } else if (view.failed) {
        const stalled = view.failed.reason === STALLED_LIMIT_REASON;
        failed.push({
          eventKey: d.eventKey,
          target: d.target,
          tenant: d.tenant,
          attempt: Math.max(1, d.attempts, view.failed.attemptsMade),
          outcome: 'dead-lettered',
          error: { code: stalled ? DeliveryErrorCode.Stalled : DeliveryErrorCode.QueueFailed, message: `BullMQ failed the job without an outcome in the ledger: ${view.failed.reason || 'no reason given'}` },
          at: new Date(),
        });
      }
    });
    if (requeue.length) {
      await this.queues.enqueue(requeue);
      result.requeued += requeue.length;
      for (const r of requeue) this.metrics.sweeperRequeued.inc({ target: r.target });
      this.logger.warn({ count: requeue.length, jobIds: requeue.slice(0, 20).map((r) => deliveryJobId(r.target, r.data.eventKey)) }, 'sweep: enqueued again deliveries Redis had lost');
    }
    if (failed.length) {
      await this.ledger.recordAttempts(failed);
      result.deadLettered += failed.length;
      for (const f of failed) this.metrics.queueFailuresRecorded.inc({ target: f.target, reason: f.error!.code, by: 'sweeper' });
      this.logger.error({ count: failed.length, jobIds: failed.slice(0, 20).map((f) => deliveryJobId(f.target, f.eventKey)) }, 'sweep: recorded as dead letters jobs BullMQ had failed without the ledger knowing');
    }
    if (lostReplays.length) {
      result.replaysReverted += (await this.ledger.revertReplaying(lostReplays)).length;
      this.logger.warn({ count: lostReplays.length }, 'sweep: replays whose requeue Redis lost are dead letters again');
    }
  }
}
