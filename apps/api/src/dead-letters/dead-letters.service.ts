import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DeadLetter, DeadLetterFilter, DeadLetterStore, DeliveryQueues, TraceStore } from '@hub/delivery';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { canSeePersonalData, inTenantScope } from '../auth/ops.guard';
import { OpsPrincipal } from '../auth/principal';
import { ProblemException } from '../problem/problem.exception';

export interface ReplayOutcome {
  id: string;
  replayed: boolean;
  detail: string;
}

/** Dead-letter triage for ops: every read is tenant-scoped and masked, every action is audited. */
@Injectable()
export class DeadLettersService {
  private readonly audit: Logger;

  constructor(
    private readonly store: DeadLetterStore,
    private readonly queues: DeliveryQueues,
    private readonly traces: TraceStore,
    private readonly registry: SchemaRegistry,
    @Inject(HUB_LOGGER) logger: Logger,
  ) {
    this.audit = logger.child({ audit: true });
  }

  async list(p: OpsPrincipal, filter: DeadLetterFilter, limit: number, offset: number) {
    const { items, total } = await this.store.list({ ...filter, tenants: p.tenants.includes('*') ? '*' : p.tenants }, limit, offset);
    return { total, limit, offset, items: items.map((l) => this.view(p, l)) };
  }

  async get(p: OpsPrincipal, id: string): Promise<DeadLetter> {
    return this.view(p, await this.find(p, id));
  }

  async replay(p: OpsPrincipal, id: string): Promise<ReplayOutcome> {
    const letter = await this.find(p, id);
    const outcome = await this.requeue(letter);
    this.audit.info({ actor: p.id, action: 'dead-letter.replay', deadLetterId: id, tenant: letter.tenant, target: letter.target, outcome }, 'ops action');
    return outcome;
  }

  async replayMatching(p: OpsPrincipal, filter: DeadLetterFilter, max: number): Promise<{ matched: number; outcomes: ReplayOutcome[] }> {
    const { items, total } = await this.store.list({ ...filter, tenants: p.tenants.includes('*') ? '*' : p.tenants }, max, 0);
    const outcomes: ReplayOutcome[] = [];
    for (const letter of items.filter((l) => l.state === 'open')) outcomes.push(await this.requeue(letter));
    this.audit.info({ actor: p.id, action: 'dead-letter.replay-bulk', filter, matched: total, replayed: outcomes.filter((o) => o.replayed).length }, 'ops action');
    return { matched: total, outcomes };
  }

  async discard(p: OpsPrincipal, id: string, reason: string): Promise<void> {
    const letter = await this.find(p, id);
    await this.store.remove(id);
    await this.traces.write([{ eventKey: letter.eventKey, step: { step: 'discarded', at: new Date().toISOString(), target: letter.target, detail: `by ${p.id}: ${reason}` } }]);
    this.audit.info({ actor: p.id, action: 'dead-letter.discard', deadLetterId: id, tenant: letter.tenant, target: letter.target, reason }, 'ops action');
  }

  /** Not found and out of scope answer the same, so one force cannot probe another's dead letters. */
  private async find(p: OpsPrincipal, id: string): Promise<DeadLetter> {
    const letter = await this.store.get(id);
    if (!letter || !inTenantScope(p, letter.tenant)) throw new ProblemException(404, 'not-found', 'Not found', [], `no dead letter "${id}" within your tenants`);
    return letter;
  }

  private view(p: OpsPrincipal, l: DeadLetter): DeadLetter {
    if (canSeePersonalData(p)) return l;
    return { ...l, event: { ...l.event, data: this.registry.mask(l.type, l.event.data) } };
  }

  /**
   * Delivers again to the failed target only: the same job (same id) goes back to that target's
   * queue. The dead letter stays, marked replaying, until the worker sees the target acknowledge.
   */
  private async requeue(letter: DeadLetter): Promise<ReplayOutcome> {
    const queue = this.queues.queue(letter.target);
    const job = await queue.getJob(letter.id);
    if (job) {
      // The worker writes the dead letter just before it fails the job: a replay in that instant
      // finds the job still active, so give it a moment to settle instead of refusing.
      let state = await job.getState();
      for (const deadline = Date.now() + 5_000; state === 'active' && Date.now() < deadline; state = await job.getState()) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (state !== 'failed' && state !== 'completed') return { id: letter.id, replayed: false, detail: `already ${state} in ${queue.name}` };
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    } else {
      // Retention removed the failed job: add it again from the dead letter's copy of the event.
      await queue.add(letter.type, { target: letter.target, eventKey: letter.eventKey, event: letter.event }, { ...this.queues.jobOptions(letter.target), jobId: letter.id });
    }
    await this.store.markReplaying(letter.id);
    await this.traces.write([{ eventKey: letter.eventKey, step: { step: 'replay-requested', at: new Date().toISOString(), target: letter.target } }]);
    return { id: letter.id, replayed: true, detail: `queued again on ${queue.name}` };
  }
}
