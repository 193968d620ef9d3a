import { Inject, Injectable } from '@nestjs/common';
import { HUB_LANDSCAPE, LiveLandscape, TargetConfig } from '@hub/config';
import { DeliveryQueues, TargetStateStore } from '@hub/delivery';
import { ProblemException } from '@hub/http-problem';
import { OpsAuditService } from '../audit/ops-audit.service';
import { inTenantScope } from '../auth/ops.guard';
import { OpsPrincipal } from '../auth/principal';
import { targetStatus, TargetStatus } from './target-status';

/**
 * Targets as ops see and steer them: status (pause, breaker, queue) and pause/resume by hand, every
 * read tenant-scoped (another force's target answers 404, as if it did not exist) and every action
 * audited with its reason. A pause is BullMQ's own queue pause, kept in Redis: no worker of any
 * process takes a job of that target until it is resumed, restarts included. The targets are the
 * latest landscape version's.
 */
@Injectable()
export class TargetsService {
  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
    private readonly queues: DeliveryQueues,
    private readonly states: TargetStateStore,
    private readonly audit: OpsAuditService,
  ) {}

  private get targets(): readonly TargetConfig[] {
    return this.landscape.current().config.targets;
  }

  async list(p: OpsPrincipal): Promise<{ items: TargetStatus[] }> {
    const mine = this.targets.filter((t) => inTenantScope(p, t.tenant));
    return { items: await this.statuses(mine) };
  }

  async get(p: OpsPrincipal, id: string): Promise<TargetStatus> {
    const [status] = await this.statuses([this.find(p, id)]);
    return status;
  }

  async pause(p: OpsPrincipal, id: string, reason: string): Promise<TargetStatus> {
    const target = this.find(p, id);
    const queue = this.queues.queue(id);
    const info = { by: p.id, reason, at: new Date().toISOString() };
    if (!(await this.states.recordPause(id, info))) {
      // A pause is on record: refuse, unless the record outlived its pause (a resume that failed halfway).
      const [recorded] = (await this.states.pauses([id])).values();
      if (await queue.isPaused()) throw new ProblemException(409, 'conflict', 'Already paused', [], `${id} was paused by ${recorded?.by} at ${recorded?.at}: ${recorded?.reason}`);
      await this.states.recordPause(id, info, true);
    }
    // BullMQ's pause moves the waiting list over the paused one: never pause a paused queue again.
    if (!(await queue.isPaused())) await queue.pause();
    const status = await this.get(p, id);
    await this.audit.record(p, 'target.pause', { tenants: [target.tenant], filter: { target: id }, counts: { waiting: status.queue.waiting, delayed: status.queue.delayed }, detail: reason });
    return status;
  }

  async resume(p: OpsPrincipal, id: string, reason: string): Promise<TargetStatus> {
    const target = this.find(p, id);
    const queue = this.queues.queue(id);
    if (!(await queue.isPaused())) {
      await this.states.clearPause(id);
      throw new ProblemException(409, 'conflict', 'Not paused', [], `${id} is not paused`);
    }
    const [paused] = (await this.states.pauses([id])).values();
    const held = (await this.get(p, id)).queue;
    await queue.resume();
    await this.states.clearPause(id);
    const status = await this.get(p, id);
    await this.audit.record(p, 'target.resume', {
      tenants: [target.tenant],
      filter: { target: id, ...(paused ? { pausedBy: paused.by, pausedAt: paused.at } : {}) },
      // What the pause was holding when it ended.
      counts: { waiting: held.waiting, delayed: held.delayed },
      detail: reason,
    });
    return status;
  }

  /** Not configured and out of scope answer the same, so one force cannot probe another's targets. */
  private find(p: OpsPrincipal, id: string): TargetConfig {
    const target = this.targets.find((t) => t.id === id);
    if (!target || !inTenantScope(p, target.tenant)) throw new ProblemException(404, 'not-found', 'Not found', [], `no target "${id}" within your tenants`);
    return target;
  }

  private async statuses(targets: TargetConfig[]): Promise<TargetStatus[]> {
    const ids = targets.map((t) => t.id);
    const [breakers, pauses] = await Promise.all([this.states.breakers(ids), this.states.pauses(ids)]);
    const now = Date.now();
    return Promise.all(
      targets.map(async (t) => {
        const queue = this.queues.queue(t.id);
        const [counts, queuePaused] = await Promise.all([queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'), queue.isPaused()]);
        return targetStatus(t, { breaker: breakers.get(t.id)!, queuePaused, pause: pauses.get(t.id), counts, now });
      }),
    );
  }
}
