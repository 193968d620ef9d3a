import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DeliveryLedger, Page, QuarantineRecord, QuarantineState, QuarantineView } from '@hub/ledger';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';
import { OpsAuditService } from '../audit/ops-audit.service';
import { canSeePersonalData, scopeOf } from '../auth/ops.guard';
import { OpsPrincipal } from '../auth/principal';
import { QuarantineFilterInput, toQuarantineFilter } from './quarantine-query';
import { QuarantineReleaser } from './quarantine-releaser';
import { quarantineView } from './quarantine-view';

export interface ReleaseAnswer {
  id: string;
  released: true;
  topic: string;
  detail: string;
}

/**
 * Quarantined messages on the ledger: every read tenant-scoped and masked (a message whose tenant
 * could not be read is for all-tenant ops only), every action and every unmasked read audited.
 */
@Injectable()
export class QuarantineService {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly releaser: QuarantineReleaser,
    private readonly registry: SchemaRegistry,
    private readonly audit: OpsAuditService,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
  ) {}

  async list(p: OpsPrincipal, filter: QuarantineFilterInput, states: readonly QuarantineState[], page: { limit: number; after?: string }): Promise<Page<QuarantineView>> {
    const found = await this.ledger.quarantined(toQuarantineFilter(filter, scopeOf(p), states), page);
    await this.auditPersonalRead(p, found.items, { ...filter, state: states.join(',') });
    return { ...found, items: found.items.map((q) => quarantineView(q, this.registry, canSeePersonalData(p))) };
  }

  /** The open ones, newest first, without their events: what the dashboard shows (no personal data read, so none audited). */
  async openSummaries(p: OpsPrincipal, limit = 100): Promise<Page<Omit<QuarantineRecord, 'event' | 'raw'>>> {
    const found = await this.ledger.quarantined(toQuarantineFilter({}, scopeOf(p), ['open']), { limit });
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    return { ...found, items: found.items.map(({ event, raw, ...rest }) => rest) };
  }

  async get(p: OpsPrincipal, id: string): Promise<QuarantineView> {
    const q = await this.find(p, id);
    await this.auditPersonalRead(p, [q], { id });
    return quarantineView(q, this.registry, canSeePersonalData(p));
  }

  /**
   * Claims the message in the ledger (open → released: one claim wins), then puts it back on its
   * topic. If Kafka does not take it, the claim is undone and the answer is 503. Audited either way.
   */
  async release(p: OpsPrincipal, id: string, note: string | undefined): Promise<ReleaseAnswer> {
    const q = await this.find(p, id);
    const audit = (released: number, detail: string) => this.audit.record(p, 'quarantine.release', { tenants: this.tenantsOf(p, q), filter: { id }, counts: { released }, detail });
    if (!(await this.ledger.markQuarantineReleased(q.id, p.id, note, new Date(), scopeOf(p)))) {
      throw new ProblemException(409, 'conflict', 'Not released', [], `only an open quarantined message can be released: this one is ${(await this.ledger.quarantinedMessage(q.id, scopeOf(p)))?.state ?? q.state}`);
    }
    try {
      await this.releaser.release(q);
    } catch (err) {
      await this.ledger.revertQuarantineRelease(q.id);
      this.logger.error({ err, quarantineId: q.id, tenant: q.tenant }, 'quarantined message not released: Kafka did not take it');
      await audit(0, `not put back on ${q.topic}: ${(err as Error).message}`);
      throw new ProblemException(503, 'unavailable', 'Kafka unavailable', [], 'the message was not put back on its topic and is still open; try again later');
    }
    const detail = `put back on ${q.topic}${note ? `: ${note}` : ''}`;
    await audit(1, detail);
    return { id: q.id, released: true, topic: q.topic, detail };
  }

  async discard(p: OpsPrincipal, id: string, reason: string): Promise<void> {
    const q = await this.find(p, id);
    if (!(await this.ledger.markQuarantineDiscarded(q.id, p.id, reason, new Date(), scopeOf(p)))) {
      throw new ProblemException(409, 'conflict', 'Not discarded', [], `only an open quarantined message can be discarded: this one is ${q.state}`);
    }
    await this.audit.record(p, 'quarantine.discard', { tenants: this.tenantsOf(p, q), filter: { id }, counts: { discarded: 1 }, detail: reason });
  }

  /** Not found and out of scope answer the same, so one force cannot probe another's. */
  private async find(p: OpsPrincipal, id: string): Promise<QuarantineRecord> {
    const q = await this.ledger.quarantinedMessage(id, scopeOf(p));
    if (!q) throw new ProblemException(404, 'not-found', 'Not found', [], `no quarantined message "${id}" within your tenants`);
    return q;
  }

  /** The tenant an action touched; one that could not be read is acted on in the all-tenant scope (only `*` callers see it). */
  private tenantsOf(p: OpsPrincipal, q: QuarantineRecord): readonly string[] | '*' {
    return q.tenant ? [q.tenant] : scopeOf(p);
  }

  private async auditPersonalRead(p: OpsPrincipal, items: QuarantineRecord[], filter: Record<string, unknown>): Promise<void> {
    if (!canSeePersonalData(p) || items.length === 0) return;
    await this.audit.record(p, 'quarantine.read-personal-data', { filter, counts: { items: items.length }, detail: items.slice(0, 100).map((q) => q.id).join(' ') });
  }
}
