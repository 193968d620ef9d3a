import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { deliveryJobId, parseDeliveryJobId } from '@hub/delivery';
import { BulkReplayAnswer, DeadLetterGroup, DeadLetterRecord, DeadLetterView, DeliveryKey, DeliveryLedger, DeliveryState, Page, ReplayOutcome } from '@hub/ledger';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';
import { OpsAuditService } from '../audit/ops-audit.service';
import { canSeePersonalData, scopeOf } from '../auth/ops.guard';
import { OpsPrincipal } from '../auth/principal';
import { FilterInput, toLedgerFilter } from './dead-letter-query';
import { DeliveryRequeuer } from './delivery-requeuer';

export interface BulkReplayOptions {
  dryRun: boolean;
  /** Replay at most this many; the answer says how many matched in all. */
  max: number;
  /** Dead letters claimed and queued per batch, with `pauseMs` between batches, so a target coming back is not flooded. */
  batchSize: number;
  pauseMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Dead-letter triage on the ledger: every read is tenant-scoped and masked, every action audited. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly requeuer: DeliveryRequeuer,
    private readonly registry: SchemaRegistry,
    private readonly audit: OpsAuditService,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
  ) {}

  async list(p: OpsPrincipal, filter: FilterInput, states: readonly DeliveryState[], page: { limit: number; after?: string }): Promise<Page<DeadLetterView>> {
    const found = await this.ledger.deadLetters(toLedgerFilter(filter, scopeOf(p), states), page);
    await this.auditPersonalRead(p, found.items, { ...filter, state: states.join(',') });
    return { ...found, items: found.items.map((l) => this.view(p, l)) };
  }

  async get(p: OpsPrincipal, id: string): Promise<DeadLetterView> {
    const letter = await this.find(p, id);
    await this.auditPersonalRead(p, [letter], { id });
    return this.view(p, letter);
  }

  async groups(p: OpsPrincipal, filter: FilterInput, states: readonly DeliveryState[]): Promise<{ items: DeadLetterGroup[] }> {
    return { items: await this.ledger.groupDeadLetters(toLedgerFilter(filter, scopeOf(p), states)) };
  }

  async replay(p: OpsPrincipal, id: string): Promise<ReplayOutcome> {
    const letter = await this.find(p, id);
    const [claimed] = await this.ledger.markReplaying([letter], scopeOf(p));
    let outcome: ReplayOutcome;
    if (!claimed) outcome = { id, replayed: false, detail: `not an open dead letter: it is ${letter.state}` };
    else {
      const r = await this.requeueOrRevert(letter);
      outcome = { id, replayed: r.requeued, detail: r.detail };
    }
    await this.audit.record(p, 'dead-letter.replay', { tenants: [letter.tenant], filter: { id }, counts: { replayed: outcome.replayed ? 1 : 0 }, detail: outcome.detail });
    return outcome;
  }

  /**
   * Replays every open dead letter matching the filter, each to its failed target only, in batches:
   * a batch is claimed in the ledger (so two operators never replay the same one twice), queued,
   * and followed by a pause. A dry run lists and counts, and changes nothing.
   */
  async replayMatching(p: OpsPrincipal, filter: FilterInput, o: BulkReplayOptions): Promise<BulkReplayAnswer> {
    const scope = scopeOf(p);
    const ledgerFilter = toLedgerFilter(filter, scope, ['dead-lettered']);
    const letters: DeadLetterRecord[] = [];
    let matched = 0;
    for (let after: string | undefined, first = true; first || (after && letters.length < o.max); first = false) {
      const page = await this.ledger.deadLetters(ledgerFilter, { limit: Math.min(1000, o.max - letters.length), after });
      if (first) matched = page.total;
      letters.push(...page.items);
      after = page.next;
    }
    const byTarget: Record<string, number> = {};
    for (const l of letters) byTarget[l.target] = (byTarget[l.target] ?? 0) + 1;
    const answer: BulkReplayAnswer = { dryRun: o.dryRun, matched, considered: letters.length, replayed: 0, skipped: 0, failed: [], byTarget, batches: 0 };
    // The tenants acted in: the filter's, narrowed to the caller's scope, so an entry never names a force the caller cannot see.
    const auditTenants = filter.tenant && (scope === '*' || scope.includes(filter.tenant)) ? [filter.tenant] : scope;

    if (o.dryRun) {
      await this.audit.record(p, 'dead-letter.replay-dry-run', { tenants: auditTenants, filter: { ...filter }, counts: { matched, wouldReplay: letters.length } });
      const sample = letters.slice(0, 20);
      await this.auditPersonalRead(p, sample, { ...filter, dryRun: true });
      return { ...answer, sample: sample.map((l) => this.view(p, l)) };
    }
    for (let i = 0; i < letters.length; i += o.batchSize) {
      if (i > 0 && o.pauseMs > 0) await sleep(o.pauseMs);
      const batch = letters.slice(i, i + o.batchSize);
      const claimed = new Set((await this.ledger.markReplaying(batch, scope)).map((l) => deliveryJobId(l.target, l.eventKey)));
      answer.batches++;
      for (const letter of batch) {
        if (!claimed.has(deliveryJobId(letter.target, letter.eventKey))) {
          answer.skipped++;
          continue;
        }
        const r = await this.requeueOrRevert(letter);
        if (r.requeued) answer.replayed++;
        else answer.failed.push({ id: deliveryJobId(letter.target, letter.eventKey), replayed: false, detail: r.detail });
      }
    }
    await this.audit.record(p, 'dead-letter.replay-bulk', {
      tenants: auditTenants,
      filter: { ...filter, max: o.max },
      counts: { matched, considered: answer.considered, replayed: answer.replayed, skipped: answer.skipped, failed: answer.failed.length },
    });
    return answer;
  }

  async discard(p: OpsPrincipal, id: string, reason: string): Promise<void> {
    const letter = await this.find(p, id);
    const { discarded, released } = await this.ledger.markDiscarded([letter], reason, new Date(), scopeOf(p));
    if (discarded.length === 0) throw new ProblemException(409, 'conflict', 'Not discarded', [], `only a dead letter waiting for ops can be discarded: this one is ${letter.state}`);
    await this.audit.record(p, 'dead-letter.discard', { tenants: [letter.tenant], filter: { id }, counts: { discarded: 1, released: released.length }, detail: reason });
    // What it held goes on: the ledger says queued already, so a failure here is the sweeper's to finish.
    await this.requeuer.enqueueReleased(released).catch((err) => this.logger.error({ err, released: released.map((l) => deliveryJobId(l.target, l.eventKey)) }, 'deliveries released by a discard not enqueued; the sweeper will'));
  }

  /** Not found and out of scope answer the same, so one force cannot probe another's dead letters. */
  private async find(p: OpsPrincipal, id: string): Promise<DeadLetterRecord> {
    const key = parseDeliveryJobId(id);
    const letter = key && (await this.ledger.deadLetter(key, scopeOf(p)));
    if (!letter) throw new ProblemException(404, 'not-found', 'Not found', [], `no dead letter "${id}" within your tenants`);
    return letter;
  }

  private async requeueOrRevert(letter: DeadLetterRecord) {
    try {
      const r = await this.requeuer.requeue(letter);
      if (!r.requeued) await this.ledger.revertReplaying([letter]);
      return r;
    } catch (err) {
      await this.ledger.revertReplaying([letter]);
      return { requeued: false, detail: `could not queue it again: ${(err as Error).message}` };
    }
  }

  /** Reading personal data is itself recorded: who saw whose, and why they could. */
  private async auditPersonalRead(p: OpsPrincipal, letters: DeliveryKey[], filter: Record<string, unknown>): Promise<void> {
    if (!canSeePersonalData(p) || letters.length === 0) return;
    await this.audit.record(p, 'dead-letter.read-personal-data', { filter, counts: { items: letters.length }, detail: letters.slice(0, 100).map((l) => deliveryJobId(l.target, l.eventKey)).join(' ') });
  }

  private view(p: OpsPrincipal, l: DeadLetterRecord): DeadLetterView {
    const id = deliveryJobId(l.target, l.eventKey);
    if (canSeePersonalData(p) || !l.event) return { id, ...l };
    return { id, ...l, event: { ...l.event, data: this.registry.mask(l.event.type, l.event.data) } };
  }
}
