import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_LANDSCAPE, HUB_SETTINGS, HubConfig, HubSettings, LiveLandscape } from '@hub/config';
import type { TargetConnector } from '@hub/connector-sdk';
import { deliveryJobId } from '@hub/delivery';
import { DeliveryLedger, ParallelRunComparison } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER, RepeatingTask, TARGET_CONNECTORS } from '@hub/runtime';
import { comparePair } from './compare-pair';

/** Shadow deliveries compared per ledger read and write. */
export const COMPARE_PAGE = 200;
/** Pages per run at most: a backlog is worked off over several runs, never in one that holds the lock for ever. */
export const COMPARE_MAX_PAGES = 50;

export interface CompareResult {
  /** Shadow deliveries looked at (each leaves the comparer's index). */
  shadows: number;
  /** Comparisons written now (one per primary of each shadow's event). */
  compared: number;
  agreed: number;
  disagreed: number;
}

type ComparerLedger = Pick<DeliveryLedger, 'exclusively' | 'shadowsToCompare' | 'recordComparisons'>;

/**
 * A parallel run's comparer. At start and every PARALLEL_RUN_COMPARE_INTERVAL_MS, one worker process
 * (a PostgreSQL advisory lock picks it, as for the sweeper) takes the shadow deliveries that are
 * ready: settled (delivered, dead-lettered, discarded) with every primary delivery of their event,
 * or of an event accepted more than PARALLEL_RUN_PENDING_AFTER_MS ago, compared as they stand. For
 * each primary of the event it compares the two outcomes and, where both connectors have
 * canonicalFields, their mapped payloads, and writes the comparison to the ledger once. It runs in
 * the worker: the role that owns deliveries and already works the ledger in the background, with
 * the connectors whose map() it reruns; the API stays request-driven.
 */
@Injectable()
export class ParallelRunComparer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly metrics = hubMetrics();
  /** Every target of every landscape version this process applied (a retired shadow's deliveries are still compared). */
  private readonly connectorOf = new Map<string, TargetConnector | undefined>();
  private readonly task: RepeatingTask;
  private readonly unfollow: () => void;

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: Pick<HubSettings, 'parallelRun'>,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current' | 'onChange'>,
    @Inject(TARGET_CONNECTORS) connectors: ReadonlyMap<string, TargetConnector>,
    @Inject(DeliveryLedger) private readonly ledger: ComparerLedger,
  ) {
    const know = (config: Pick<HubConfig, 'targets'>) => config.targets.forEach((t) => this.connectorOf.set(t.id, connectors.get(t.connector)));
    know(landscape.current().config);
    this.unfollow = landscape.onChange((next) => know(next.config));
    this.task = new RepeatingTask(() => this.compareOnce(), settings.parallelRun.compareIntervalMs, (err) => {
      this.metrics.parallelRunCompares.inc({ outcome: 'failed' });
      this.logger.warn({ err }, 'parallel-run comparison failed (a store is away?); the next one is due as usual');
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.unfollow();
    await this.task.stop();
  }

  /** One run; undefined when another process holds the comparer's lock. */
  async compareOnce(now: number = Date.now()): Promise<CompareResult | undefined> {
    const result: CompareResult = { shadows: 0, compared: 0, agreed: 0, disagreed: 0 };
    const pendingBefore = new Date(now - this.settings.parallelRun.pendingAfterMs);
    const ran = await this.ledger.exclusively('parallel-run-comparer', async (held) => {
      for (let page = 0; page < COMPARE_MAX_PAGES && !this.task.stopping && !held.aborted; page++) {
        const candidates = await this.ledger.shadowsToCompare(pendingBefore, COMPARE_PAGE);
        if (candidates.length === 0) break;
        const comparisons = candidates.flatMap((c) =>
          this.counterparts(c.shadow.tenant, c.shadow.target, c.primaries).map((primary) =>
            comparePair({ eventKey: c.eventKey, acceptedAt: c.acceptedAt, event: c.event, primary, shadow: c.shadow, primaryConnector: this.connectorOf.get(primary.target), shadowConnector: this.connectorOf.get(c.shadow.target) }),
          ),
        );
        const written = await this.ledger.recordComparisons(comparisons, candidates.map((c) => c.shadow), new Date(now));
        result.shadows += candidates.length;
        this.count(written, result);
        if (candidates.length < COMPARE_PAGE) break;
      }
    });
    if (!ran) {
      this.metrics.parallelRunCompares.inc({ outcome: 'skipped' });
      return undefined;
    }
    this.metrics.parallelRunCompares.inc({ outcome: 'compared' });
    if (result.compared) this.logger.info({ ...result }, 'parallel run: primary and shadow deliveries compared');
    return result;
  }

  /**
   * The primaries a shadow delivery is compared with: the system the migration plan says it
   * replaces (a step of its tenant from that primary to this shadow), when the event went there;
   * otherwise every primary of the event (a shadow without a plan, or one whose old system was not
   * on this event's route), each compared on outcomes and, where both map it, fields.
   */
  private counterparts<P extends { target: string }>(tenant: string, shadow: string, primaries: readonly P[]): P[] {
    const replaces = new Set(this.landscape.current().config.migrations.filter((m) => m.tenant === tenant && m.to === shadow).map((m) => m.from));
    const planned = primaries.filter((p) => replaces.has(p.target));
    return planned.length ? planned : [...primaries];
  }

  /** Counted once, as written: a comparison is never written twice. Logged without values (they may be personal data). */
  private count(written: readonly ParallelRunComparison[], result: CompareResult): void {
    for (const c of written) {
      result.compared++;
      const agreed = c.reasons.length === 0;
      if (agreed) result.agreed++;
      else result.disagreed++;
      this.metrics.parallelRunComparisons.inc({ tenant: c.tenant, domain: c.domain, result: agreed ? 'agreed' : 'disagreed' });
      for (const reason of c.reasons) this.metrics.parallelRunDisagreements.inc({ tenant: c.tenant, domain: c.domain, reason });
      if (!agreed) {
        this.logger.debug(
          { tenant: c.tenant, eventId: c.eventId, jobId: deliveryJobId(c.shadow.target, c.eventKey), primary: c.primary.target, shadow: c.shadow.target, reasons: c.reasons, fields: c.differing.map((d) => d.path), primaryOutcome: c.primary.outcome, shadowOutcome: c.shadow.outcome },
          'parallel run: primary and shadow disagree',
        );
      }
    }
  }
}
