import { Injectable } from '@nestjs/common';
import { deliveryJobId, DeliveryQueues, jobDataOf } from '@hub/delivery';
import type { DeadLetterRecord, ReleasedDelivery } from '@hub/ledger';

export type RequeueOutcome = { requeued: true; detail: string } | { requeued: false; detail: string };

/** How long a job the worker is still failing may take to settle (it records the dead letter first). */
const SETTLE_MS = 5_000;

/**
 * Puts a dead letter back on its target's queue, and only that one: the same job (same id, so the
 * same idempotency key) goes back to the failed target, never through the router again.
 */
@Injectable()
export class DeliveryRequeuer {
  constructor(private readonly queues: DeliveryQueues) {}

  async requeue(letter: DeadLetterRecord): Promise<RequeueOutcome> {
    const id = deliveryJobId(letter.target, letter.eventKey);
    if (!this.queues.has(letter.target)) return { requeued: false, detail: `target "${letter.target}" is no longer configured` };
    const queue = this.queues.queue(letter.target);
    const job = await queue.getJob(id);
    if (job) {
      // The worker records the dead letter just before it fails the job: a replay in that instant
      // finds the job still active, so give it a moment to settle instead of refusing.
      let state = await job.getState();
      for (const deadline = Date.now() + SETTLE_MS; state === 'active' && Date.now() < deadline; state = await job.getState()) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (state !== 'failed' && state !== 'completed') return { requeued: false, detail: `already ${state} in ${queue.name}` };
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      return { requeued: true, detail: `queued again on ${queue.name}` };
    }
    // Retention (or a Redis that lost it) removed the failed job: add it again from the ledger's copy
    // of the event, as the router adds jobs and the worker's sweeper re-adds lost ones (same job id).
    if (!letter.event) return { requeued: false, detail: 'the ledger holds no copy of the event, and its job is gone' };
    // A backfill's dead letter is rebuilt as a backfill's job: the same Idempotency-Key as its first try.
    await this.queues.enqueue([{ target: letter.target, data: jobDataOf({ ...letter, event: letter.event }) }]);
    return { requeued: true, detail: `added again to ${queue.name}` };
  }

  /** Deliveries a discard let go (they were held behind it in their lanes) go on their queues. */
  async enqueueReleased(released: readonly ReleasedDelivery[]): Promise<void> {
    await this.queues.enqueue(released.filter((r) => this.queues.has(r.target)).map((r) => ({ target: r.target, data: jobDataOf(r) })));
  }
}
