import { Inject, Injectable } from '@nestjs/common';
import { HUB_LANDSCAPE, LiveLandscape } from '@hub/config';
import { DeliveryLedger, ParallelRunSummary } from '@hub/ledger';
import { SchemaRegistry } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';
import { OpsAuditService } from '../audit/ops-audit.service';
import { canSeePersonalData, inTenantScope, scopeOf } from '../auth/ops.guard';
import { OpsPrincipal } from '../auth/principal';
import { dayOf, ReportQuery } from './parallel-run-query';
import { examplesOf, ParallelRunReportView, reportView } from './report-masking';

/** How far back the list of parallel runs looks for runs that compared nothing today. */
export const RUNS_LOOKBACK_DAYS = 30;

/** Examples per reason and per disagreeing field in a report. */
export const REPORT_EXAMPLES = 3;

/**
 * A parallel run's report and the list of runs, from the ledger's comparisons: tenant-scoped (a
 * force outside the caller's tenants, or unknown, answers 404 the same way), values masked unless
 * the caller holds pii-reader, and a pii-reader's read audited, as dead letters are.
 */
@Injectable()
export class ParallelRunsService {
  /** The clock; tests set their own. */
  now: () => number = Date.now;

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly registry: SchemaRegistry,
    private readonly audit: OpsAuditService,
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
  ) {}

  async report(p: OpsPrincipal, q: ReportQuery): Promise<ParallelRunReportView> {
    if (!this.landscape.current().config.tenants.some((t) => t.code === q.tenant) || !inTenantScope(p, q.tenant)) throw new ProblemException(404, 'not-found', 'Not found', [], `no tenant "${q.tenant}" within your tenants`);
    if (!(await this.ledger.parallelRunExists(q.tenant, q.domain))) {
      throw new ProblemException(404, 'not-found', 'No parallel run', [], `${q.tenant} has no parallel run in the ${q.domain} domain: no shadow target's deliveries of ${q.domain}.* events were ever compared or are waiting to be`);
    }
    const report = await this.ledger.parallelRunReport({ tenants: scopeOf(p), ...q, examples: REPORT_EXAMPLES });
    const seen = canSeePersonalData(p);
    const examples = examplesOf(report);
    if (seen && examples.length) {
      await this.audit.record(p, 'parallel-run.read-personal-data', {
        tenants: [q.tenant],
        filter: { ...q },
        counts: { examples: examples.length },
        detail: [...new Set(examples.map((e) => e.eventKey))].join(' '),
      });
    }
    return reportView(report, (type, pointer) => this.registry.isPersonalPointer(type, pointer), seen);
  }

  /** Each parallel run within the caller's tenants, with today's (UTC) agreement and top disagreeing fields: no values, nothing to mask. */
  async runs(p: OpsPrincipal): Promise<{ day: string; items: ParallelRunSummary[] }> {
    const now = this.now();
    const day = dayOf(now);
    return { day, items: await this.ledger.parallelRuns(scopeOf(p), day, dayOf(now - RUNS_LOOKBACK_DAYS * 86_400_000)) };
  }
}
