import { Inject, Injectable } from '@nestjs/common';
import { CutoverRefused, describeDiffEntry, diffLandscapes, HUB_LANDSCAPE, HubConfigError, LandscapeDocument, planCutover } from '@hub/config';
import { DeliveryLedger, LandscapeVersionConflict } from '@hub/ledger';
import type { LandscapeRuntime } from '@hub/runtime';
import { ProblemException } from '@hub/http-problem';
import { OpsAuditService } from '../audit/ops-audit.service';
import { inTenantScope, scopeOf } from '../auth/ops.guard';
import type { OpsPrincipal } from '../auth/principal';
import type { CutoverCommand, LandscapeChangeCommand } from './landscape-request';
import { landscapeProblems, scopeChange, scopeDiff, scopeDocument, scopedMigrations } from './landscape-view';

/** How often a cutover is derived again when another change landed between reading and writing. */
const CUTOVER_TRIES = 3;

/**
 * The landscape as data: read within the caller's tenants, changed as a whole by a landscape admin,
 * or cut over one tenant and domain at a time by its operator. Every change is checked exactly as
 * the file is at boot, stored as a new version (who, why, what changed) and applied in this process
 * at once; the other processes apply it within moments (LISTEN/NOTIFY, LANDSCAPE_POLL_MS at worst).
 * Changes and dry runs are audited.
 */
@Injectable()
export class LandscapeService {
  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: LandscapeRuntime,
    private readonly ledger: DeliveryLedger,
    private readonly audit: OpsAuditService,
  ) {}

  /** The version this API runs on, within the caller's tenants. */
  async current(p: OpsPrincipal) {
    const current = this.landscape.current();
    const scope = scopeOf(p);
    const record = await this.ledger.landscapeVersion(current.version);
    return {
      version: current.version,
      ...(record ? { createdAt: record.createdAt, actor: record.actor, reason: record.reason, change: scopeChange(record.change, scope) } : {}),
      migrations: scopedMigrations(current.document, scope),
      landscape: scopeDocument(current.document, scope),
    };
  }

  /** Versions newest first, each with who, when, why and what changed within the caller's tenants; one of other forces only is left out. */
  async versions(p: OpsPrincipal, page: { limit: number; before?: number }) {
    const scope = scopeOf(p);
    const rows = await this.ledger.landscapeVersions(page);
    const items = rows
      .map((r) => ({ version: r.version, createdAt: r.createdAt, actor: r.actor, reason: r.reason, change: scopeChange(r.change, scope) }))
      .filter((v) => scope === '*' || v.change.changes.length > 0);
    const last = rows[rows.length - 1];
    return { items, ...(rows.length === page.limit && last && last.version > 1 ? { next: last.version } : {}) };
  }

  /** One version in full, within the caller's tenants. */
  async version(p: OpsPrincipal, version: number) {
    const scope = scopeOf(p);
    const r = await this.ledger.landscapeVersion(version);
    const landscape = r && scopeDocument(r.landscape, scope);
    // A version from before the caller's force existed is none of theirs.
    if (!r || (scope !== '*' && (landscape!.tenants as unknown[]).length === 0)) throw new ProblemException(404, 'not-found', 'Not found', [], `no landscape version ${version} within your tenants`);
    return { version: r.version, createdAt: r.createdAt, actor: r.actor, reason: r.reason, change: scopeChange(r.change, scope), landscape, migrations: scopedMigrations(r.landscape, scope) };
  }

  /**
   * A whole new landscape document (landscape-admin with tenants `*`). A source or ops user given
   * without its token hash keeps the hash it has. Refused: a document that fails the boot checks
   * (422, their messages), one that changes nothing, one based on a version that is not the latest,
   * one that removes a target with deliveries not yet done (409).
   */
  async change(p: OpsPrincipal, c: LandscapeChangeCommand) {
    if (scopeOf(p) !== '*') throw new ProblemException(403, 'forbidden', 'Forbidden', [], 'changing the landscape as a whole needs the landscape-admin role for every tenant (*)');
    const current = this.landscape.current();
    const basedOn = c.basedOn ?? current.version;
    if (basedOn !== current.version) throw this.conflict(new LandscapeVersionConflict(current.version, basedOn));
    const document = withKnownHashes(c.landscape, current.document);
    this.check(document);
    const changes = diffLandscapes(current.document, document);
    if (changes.length === 0) throw new ProblemException(409, 'conflict', 'Nothing to change', [], `the document is landscape version ${current.version} as it is`);
    const removed = changes.filter((e) => e.entity === 'target' && e.change === 'removed').map((e) => e.id);
    const open = await this.ledger.openDeliveriesPerTarget(removed);
    if (open.size) {
      throw new ProblemException(409, 'conflict', 'Target still has deliveries', [...open].map(([target, n]) => ({ path: '/landscape/targets', message: `target "${target}" has ${n} deliveries not yet done (queued, held, retrying or dead-lettered): take it out of its routes first, and remove it once they are delivered or discarded` })));
    }
    const restartNeeded = changes.some((e) => e.entity === 'webhook' || e.entity === 'file drop') ? ['gateway'] : [];
    const answer = { basedOn, changes, summary: changes.map(describeDiffEntry), ...(restartNeeded.length ? { restartNeeded } : {}) };
    if (c.dryRun) {
      await this.audit.record(p, 'landscape.change-dry-run', { tenants: '*', filter: { basedOn }, counts: { changes: changes.length }, detail: c.reason });
      return { dryRun: true, ...answer };
    }
    const { record } = await this.append(() => ({ landscape: document, actor: p.id, reason: c.reason, change: { kind: 'document', diff: changes }, basedOn }));
    await this.audit.record(p, 'landscape.change', { tenants: '*', filter: { basedOn }, counts: { version: record.version, changes: changes.length }, detail: c.reason });
    return { version: record.version, ...answer };
  }

  /**
   * One tenant's domain cut over (operator of the tenant): the routes' shadows become primaries in
   * place of the old ones (retired, or kept as shadows). The dry run answers the routes before and
   * after without storing anything. Derived again if another change lands meanwhile.
   */
  async cutover(p: OpsPrincipal, c: CutoverCommand) {
    // Another force's tenant answers as an unknown one.
    if (!inTenantScope(p, c.tenant)) throw new ProblemException(404, 'not-found', 'Not found', [{ path: '/tenant', message: `no tenant "${c.tenant}" within your tenants` }]);
    const request = { tenant: c.tenant, domain: c.domain, keepOldAsShadow: c.keepOldAsShadow ?? false, ...(c.to ? { to: c.to } : {}), ...(c.from ? { from: c.from } : {}) };
    const derive = () => {
      const current = this.landscape.current();
      const plan = this.plan(current.document, request);
      this.check(plan.document);
      const diff = diffLandscapes(current.document, plan.document);
      return { current, plan, diff };
    };
    if (c.dryRun) {
      const { current, plan, diff } = derive();
      await this.audit.record(p, 'landscape.cutover-dry-run', { tenants: [c.tenant], filter: request, counts: { routes: plan.routes.length }, detail: c.reason });
      return { dryRun: true, basedOn: current.version, ...request, routes: plan.routes, summary: diff.map(describeDiffEntry), migrations: scopedMigrations(plan.document, [c.tenant]) };
    }
    let derived = derive();
    const { record } = await this.append(() => {
      // After a conflict, from the latest version again.
      if (derived.current.version !== this.landscape.current().version) derived = derive();
      const { current, plan, diff } = derived;
      return { landscape: plan.document, actor: p.id, reason: c.reason, change: { kind: 'cutover', ...request, routes: plan.routes, diff }, basedOn: current.version };
    });
    const { current, plan, diff } = derived;
    await this.audit.record(p, 'landscape.cutover', { tenants: [c.tenant], filter: request, counts: { version: record.version, routes: plan.routes.length }, detail: c.reason });
    return { version: record.version, basedOn: current.version, ...request, routes: plan.routes, summary: scopeDiff(diff, [c.tenant]).map(describeDiffEntry), migrations: scopedMigrations(plan.document, [c.tenant]) };
  }

  /** Appends what `next` derives, again from the latest version when another process's change came first. */
  private async append(next: () => Parameters<LandscapeRuntime['append']>[0]) {
    for (let attempt = 1; ; attempt++) {
      const v = next();
      try {
        return await this.landscape.append(v);
      } catch (err) {
        if (err instanceof HubConfigError) throw new ProblemException(422, 'invalid-landscape', 'Invalid landscape', landscapeProblems(err));
        if (!(err instanceof LandscapeVersionConflict)) throw err;
        // A whole document was written against one version: its author must look again.
        if (v.change.kind !== 'cutover' || attempt >= CUTOVER_TRIES) throw this.conflict(err);
        await this.landscape.refresh();
      }
    }
  }

  private plan(document: LandscapeDocument, request: Parameters<typeof planCutover>[1]) {
    try {
      return planCutover(document, request);
    } catch (err) {
      if (!(err instanceof CutoverRefused)) throw err;
      const entry = [{ path: `/${err.field ?? ''}`, message: err.message }];
      if (err.refusal === 'unknown-tenant' || err.refusal === 'no-route') throw new ProblemException(404, 'not-found', 'Not found', entry);
      if (err.refusal === 'unknown-target') throw new ProblemException(422, 'invalid-landscape', 'Unknown target', entry);
      throw new ProblemException(409, 'conflict', err.refusal === 'ambiguous' ? 'Ambiguous cutover' : 'Nothing to change', entry);
    }
  }

  /** The boot checks, as a 422 listing their messages. */
  private check(document: unknown): void {
    try {
      this.landscape.validate(document);
    } catch (err) {
      if (err instanceof HubConfigError) throw new ProblemException(422, 'invalid-landscape', 'Invalid landscape', landscapeProblems(err));
      throw err;
    }
  }

  private conflict(err: LandscapeVersionConflict): ProblemException {
    return new ProblemException(409, 'conflict', 'Landscape changed', [{ path: '/basedOn', message: err.message }]);
  }
}

/** A source or ops user given without its token hash keeps the one it has (GET /v1/landscape never shows them). */
function withKnownHashes(document: Record<string, unknown>, current: LandscapeDocument): Record<string, unknown> {
  const doc = structuredClone(document);
  for (const key of ['sources', 'opsUsers'] as const) {
    const known = new Map((Array.isArray(current[key]) ? (current[key] as { id: string; tokenSha256: string }[]) : []).map((e) => [e.id, e.tokenSha256]));
    if (!Array.isArray(doc[key])) continue;
    for (const entry of doc[key] as Record<string, unknown>[]) {
      if (entry && typeof entry === 'object' && entry.tokenSha256 === undefined && known.has(entry.id as string)) entry.tokenSha256 = known.get(entry.id as string);
    }
  }
  return doc;
}
