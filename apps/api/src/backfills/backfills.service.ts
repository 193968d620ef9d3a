import { Inject, Injectable } from '@nestjs/common';
import { HUB_LANDSCAPE, HUB_SETTINGS, HubSettings, LiveLandscape, TargetConfig } from '@hub/config';
import type { TargetConnector } from '@hub/connector-sdk';
import { BackfillDryRunView, BackfillRecord, BackfillState, BackfillView, DeliveryLedger, Page, progressOf } from '@hub/ledger';
import { TARGET_CONNECTORS } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';
import { OpsAuditService } from '../audit/ops-audit.service';
import { inTenantScope, scopeOf } from '../auth/ops.guard';
import { OpsPrincipal } from '../auth/principal';
import { DeliveryRequeuer } from '../dead-letters/delivery-requeuer';
import { BackfillCommand, readBackfillRequest } from './backfill-request';

const notFound = (id: string) => new ProblemException(404, 'not-found', 'Not found', [], `no backfill "${id}" within your tenants`);

/**
 * Backfills as ops start and steer them. The API checks the request and takes the selection (the
 * ledger, in one transaction); a worker process runs it. Reads are tenant-scoped (another force's
 * backfill answers 404), every action is audited: dry runs, starts, pauses, resumes and cancels.
 */
@Injectable()
export class BackfillsService {
  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(TARGET_CONNECTORS) private readonly connectors: ReadonlyMap<string, TargetConnector>,
    private readonly registry: SchemaRegistry,
    private readonly ledger: DeliveryLedger,
    private readonly requeuer: DeliveryRequeuer,
    private readonly audit: OpsAuditService,
  ) {}

  /** The latest landscape version's targets and tenants: a target added through the API can be backfilled at once. */
  private get targets(): ReadonlyMap<string, TargetConfig> {
    return new Map(this.landscape.current().config.targets.map((t) => [t.id, t]));
  }

  private get tenants(): ReadonlySet<string> {
    return new Set(this.landscape.current().config.tenants.map((t) => t.code));
  }

  read(p: OpsPrincipal, body: unknown, now = new Date()): BackfillCommand {
    return readBackfillRequest(body, {
      visible: (tenant) => inTenantScope(p, tenant),
      tenants: this.tenants,
      targets: this.targets,
      consumes: (connector) => this.connectors.get(connector)?.manifest.consumes ?? [],
      known: (type) => this.registry.has(type),
      defaultRate: this.settings.backfill.defaultRate,
      maxRate: this.settings.backfill.maxRate,
      now,
    });
  }

  async dryRun(p: OpsPrincipal, cmd: BackfillCommand): Promise<BackfillDryRunView> {
    const counts = await this.ledger.backfillDryRun(cmd);
    const effectiveRate = this.effectiveRate(this.targets.get(cmd.target)!, cmd.rate);
    await this.audit.record(p, 'backfill.dry-run', { tenants: [cmd.tenant], filter: { target: cmd.target, ...cmd.filter }, counts: { toSend: counts.toSend, alreadyThere: counts.alreadyThere } });
    return {
      dryRun: true,
      tenant: cmd.tenant,
      target: cmd.target,
      types: cmd.types,
      ...(cmd.subject === undefined ? {} : { subject: cmd.subject }),
      ...(cmd.from === undefined ? {} : { from: cmd.from }),
      to: cmd.to,
      rate: cmd.rate,
      ...counts,
      effectiveRate,
      estimatedSeconds: Math.ceil(counts.toSend / effectiveRate),
    };
  }

  async start(p: OpsPrincipal, cmd: BackfillCommand, now = new Date()): Promise<BackfillView> {
    const target = this.targets.get(cmd.target)!;
    const r = await this.ledger.createBackfill({ ...cmd, ordered: target.ordering === 'subject', createdBy: p.id, at: now });
    if ('active' in r) throw new ProblemException(409, 'conflict', 'A backfill is active', [], `${cmd.target} has backfill ${r.active.id} ${r.active.state}: cancel it, or wait for it to finish`);
    await this.audit.record(p, 'backfill.start', {
      tenants: [cmd.tenant],
      filter: { backfill: r.created.id, target: cmd.target, ...cmd.filter, rate: cmd.rate },
      counts: { total: r.created.total, alreadyThere: r.created.skipped },
      ...(cmd.reason ? { detail: cmd.reason } : {}),
    });
    return this.view(r.created, now);
  }

  async list(p: OpsPrincipal, q: { tenant?: string; target?: string; state?: BackfillState }, page: { limit: number; after?: string }): Promise<Page<BackfillView>> {
    const found = await this.ledger.backfills({ tenants: scopeOf(p), ...q }, page);
    return { ...found, items: await Promise.all(found.items.map((b) => this.view(b))) };
  }

  async get(p: OpsPrincipal, id: string): Promise<BackfillView> {
    const b = await this.ledger.backfill(id, scopeOf(p));
    if (!b) throw notFound(id);
    return this.view(b);
  }

  /** Cancels a running or paused backfill: nothing more is sent; what waits in its lanes or queue is withdrawn. */
  async cancel(p: OpsPrincipal, id: string, reason?: string): Promise<BackfillView> {
    const { cancelled, withdrawn, released } = await this.ledger.cancelBackfill(id, p.id, new Date(), scopeOf(p));
    if (!cancelled) throw await this.notActive(p, id, 'cancelled');
    await this.requeuer.enqueueReleased(released);
    const view = await this.view(cancelled);
    await this.audit.record(p, 'backfill.cancel', {
      tenants: [cancelled.tenant],
      filter: { backfill: id, target: cancelled.target },
      counts: { total: view.progress.total, delivered: view.progress.delivered, withdrawn },
      ...(reason ? { detail: reason } : {}),
    });
    return view;
  }

  /** Pause (no more is enqueued; what is queued still goes) or resume a backfill. */
  async switch(p: OpsPrincipal, id: string, to: 'paused' | 'running', reason?: string): Promise<BackfillView> {
    const from = to === 'paused' ? 'running' : 'paused';
    const b = await this.ledger.switchBackfill(id, from, to, p.id, new Date(), scopeOf(p));
    if (!b) throw await this.notActive(p, id, to === 'paused' ? 'paused' : 'resumed', from);
    const view = await this.view(b);
    await this.audit.record(p, to === 'paused' ? 'backfill.pause' : 'backfill.resume', {
      tenants: [b.tenant],
      filter: { backfill: id, target: b.target },
      counts: { total: view.progress.total, delivered: view.progress.delivered, remaining: view.progress.remaining },
      ...(reason ? { detail: reason } : {}),
    });
    return view;
  }

  /** 404 when unknown or out of scope; 409 when it is in a state the action does not apply to. */
  private async notActive(p: OpsPrincipal, id: string, verb: string, needs?: BackfillState): Promise<ProblemException> {
    const b = await this.ledger.backfill(id, scopeOf(p));
    if (!b) return notFound(id);
    return new ProblemException(409, 'conflict', 'Not possible now', [], `backfill ${id} is ${b.state}: it cannot be ${verb}${needs ? ` (it must be ${needs})` : ''}`);
  }

  private async view(b: BackfillRecord, now = new Date()): Promise<BackfillView> {
    const counts = await this.ledger.backfillDeliveryCounts(b.id);
    const { delivered, deadLettered, measuredRate, enqueued, skipped, forgotten, total, cursor, ...rest } = b;
    void [delivered, deadLettered, measuredRate, enqueued, skipped, forgotten, total, cursor];
    return { ...rest, progress: progressOf(b, counts, now) };
  }

  /** Its rate, or the target's own rate limit (per second) when that is lower: a backfill never makes a target take more than it is configured for. */
  private effectiveRate(t: TargetConfig, rate: number): number {
    return t.rateLimit ? Math.max(1, Math.min(rate, Math.floor((t.rateLimit.max * 1000) / t.rateLimit.perMs))) : rate;
  }
}
