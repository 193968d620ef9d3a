import { Inject, Injectable, Optional } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, DeliveryReceipt, PermanentDeliveryError, TransientDeliveryError } from '@hub/connector-sdk';
import { admit, BreakerState, DeliveryJobData, DeliveryQueues, Evidence, Hold, record, Step, TargetStateStore } from '@hub/delivery';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';

/** The clock the breaker reads (injected in specs). */
export const BREAKER_CLOCK = Symbol('BREAKER_CLOCK');

/** A probe may take the target's timeout and this much more before another job may probe instead. */
export const PROBE_LEASE_MARGIN_MS = 5_000;

/** What the worker learnt calling the target, to report to the breaker. */
export type Outcome = DeliveryReceipt | TransientDeliveryError | PermanentDeliveryError;

/** One job's pass through the breaker: admitted (maybe as the probe), its outcome still to report. */
export interface Ticket {
  target: TargetConfig;
  jobId: string;
  probe: boolean;
}

/** The worker's side of a target's circuit breaker (a no-op stands in for it in unit specs of the processor). */
export interface DeliveryGate {
  /** Before calling the target: answers a ticket, or holds the job (throws BullMQ's RateLimitError). */
  admit(target: TargetConfig, job: Job<DeliveryJobData>, token?: string): Promise<Ticket | undefined>;
  /** After calling it: answers how long the job must wait instead of spending an attempt, if it must. Never throws. */
  report(ticket: Ticket, outcome: Outcome): Promise<Hold | undefined>;
  /** Holds the job without spending an attempt, and the target's whole queue with it. Always throws. */
  hold(job: Job<DeliveryJobData>, token: string | undefined, hold: Hold): Promise<never>;
}

export const NO_BREAKER: DeliveryGate = {
  admit: async (target, job) => ({ target, jobId: job.id!, probe: false }),
  report: async () => undefined,
  hold: async () => {
    throw new Error('no breaker: nothing is held');
  },
};

/** What an outcome says about the target: a 4xx verdict shows it is up; a mapping failure shows nothing. */
export function evidenceOf(outcome: Outcome): Evidence {
  if (outcome instanceof TransientDeliveryError) return { kind: 'down', code: outcome.code, ...(outcome.status !== undefined ? { status: outcome.status } : {}), ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) };
  if (outcome instanceof PermanentDeliveryError) return outcome.code === DeliveryErrorCode.TargetRejected && outcome.status !== undefined ? { kind: 'up' } : { kind: 'none' };
  return { kind: 'up' };
}

/**
 * Each target's circuit breaker, shared through Redis by every worker process (TargetStateStore).
 * While it is open, or while a Retry-After is in force, a job is put back to wait without spending
 * an attempt, and the target's queue is rate-limited for as long (BullMQ's manual rate limit:
 * `queue.rateLimit(ms)` then `RateLimitError`), so no worker of any process takes another job of
 * that target until then. One probe at a time is let through; its success closes the breaker.
 */
@Injectable()
export class TargetBreaker implements DeliveryGate {
  private readonly metrics = hubMetrics();
  private readonly clock: () => number;

  constructor(
    private readonly store: TargetStateStore,
    private readonly queues: DeliveryQueues,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(BREAKER_CLOCK) clock?: () => number,
  ) {
    this.clock = clock ?? Date.now;
  }

  async admit(target: TargetConfig, job: Job<DeliveryJobData>, token?: string): Promise<Ticket | undefined> {
    let admission;
    try {
      admission = await this.store.updateBreaker(target.id, (s) => admit(s, this.clock(), job.id!, target.timeoutMs + PROBE_LEASE_MARGIN_MS));
    } catch (err) {
      // The breaker protects the target; when it cannot be read, deliver as if there were none.
      this.logger.error({ err, target: target.id, jobId: job.id }, 'circuit breaker unreadable: delivering without it');
      return undefined;
    }
    if (!admission.pass) return this.hold(job, token, admission.hold);
    if (admission.probe) this.logger.info({ target: target.id, jobId: job.id }, 'breaker half-open: probing the target with this delivery');
    return { target, jobId: job.id!, probe: admission.probe };
  }

  async report(ticket: Ticket, outcome: Outcome): Promise<Hold | undefined> {
    const { target } = ticket;
    const evidence = evidenceOf(outcome);
    let before: BreakerState | undefined;
    let after: BreakerState | undefined;
    let held: Hold | undefined;
    try {
      held = await this.store.updateBreaker(target.id, (s): Step<Hold | undefined> => {
        const step = record(s, this.clock(), target.breaker, ticket.jobId, evidence);
        [before, after] = [s, step.next];
        return step;
      });
    } catch (err) {
      this.logger.error({ err, target: target.id, jobId: ticket.jobId }, 'circuit breaker unwritable: this outcome is not counted');
      return undefined;
    }
    if (ticket.probe && before?.state === 'half-open' && before.probe?.jobId === ticket.jobId) {
      this.metrics.targetProbes.inc({ target: target.id, outcome: evidence.kind === 'up' ? 'succeeded' : evidence.kind === 'down' ? 'failed' : 'inconclusive' });
    }
    if (before && after && before.state !== after.state && (before.state === 'closed' || after.state === 'closed')) await this.transitioned(target, before, after);
    return held;
  }

  async hold(job: Job<DeliveryJobData>, token: string | undefined, hold: Hold): Promise<never> {
    const queue = this.queues.queue(job.data.target);
    this.metrics.deliveriesDeferred.inc({ target: job.data.target, reason: hold.reason });
    await queue.rateLimit(hold.ms);
    if (hold.rotate) {
      // The failed probe goes behind the others, so the next probe is another delivery.
      await job.moveToDelayed(this.clock() + hold.ms, token);
      throw new DelayedError();
    }
    throw Worker.RateLimitError();
  }

  private async transitioned(target: TargetConfig, before: BreakerState, after: BreakerState): Promise<void> {
    const log = this.logger.child({ target: target.id, queue: this.queues.queue(target.id).name });
    if (after.state === 'open') {
      this.metrics.breakerTransitions.inc({ target: target.id, to: 'open' });
      log.warn({ failures: after.failures, lastFailure: after.lastFailure, probeInMs: (after.probeAt ?? 0) - this.clock() }, 'breaker opened: deliveries wait, one probe at a time');
      return;
    }
    this.metrics.breakerTransitions.inc({ target: target.id, to: 'closed' });
    log.info({ openForMs: before.openedAt !== undefined ? this.clock() - before.openedAt : undefined }, 'breaker closed: delivering again');
    // The others were held until the probe's outcome: let them go now rather than at the end of their wait.
    await this.queues.queue(target.id).removeRateLimitKey().catch((err: Error) => log.error({ err }, 'could not lift the hold on the queue'));
  }
}
