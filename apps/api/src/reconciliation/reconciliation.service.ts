import { Inject, Injectable } from '@nestjs/common';
import { MONEY_FIELDS, moneyJsonPaths, MoneyRule } from '@hub/canonical-types';
import { HUB_LANDSCAPE, HUB_SETTINGS, HubConfig, HubSettings, LiveLandscape } from '@hub/config';
import { DeliveryLedger, FileTotalsRecord, MoneySumSql, ReconciliationWindow, UndeliveredSample } from '@hub/ledger';
import { SchemaRegistry } from '@hub/schema-registry';
import { scopeOf } from '../auth/ops.guard';
import type { OpsPrincipal } from '../auth/principal';
import { readWindow, WindowContext } from './reconciliation-query';
import { DriftItem, driftOf, FileDrift, fileDriftOf, ReconciliationRow, reportRows } from './reconciliation-report';

/** At most this many files in one report; `filesTruncated` says when there were more. */
export const FILES_LIMIT = 1_000;
/** Deliveries named per cause of a drift item. */
export const SAMPLE_IDS = 10;

/** What both reconciliation answers start with: whose window, how its days and lateness are counted. */
export interface ReconciliationHeading {
  tenant: string;
  from: string;
  to: string;
  /** Days are calendar days of acceptance in UTC (events.accepted_at), whatever the local clock. */
  dayBoundary: 'UTC';
  generatedAt: string;
  /** Open deliveries queued longer ago than this count as late. */
  graceMs: number;
}

export interface ReconciliationReport extends ReconciliationHeading {
  /** True when every primary row balances and every file agrees. */
  balanced: boolean;
  /** How each type's money is added up, for the types in the report (MONEY_FIELDS). */
  moneyRules: Record<string, string>;
  rows: ReconciliationRow[];
  /** Shadow deliveries (a parallel run), apart: they never count as the primary's. */
  shadowRows: ReconciliationRow[];
  files: FileTotalsRecord[];
  filesTruncated: boolean;
}

export interface DriftReport extends ReconciliationHeading {
  /** No primary drift and no file drift: the window reconciles. */
  balanced: boolean;
  items: DriftItem[];
  shadowItems: DriftItem[];
  files: FileDrift[];
}

/**
 * Reconciliation of a tenant's window of days: control totals per type, target and day, the drift
 * check, and the files that carry their own control totals beside the hub's numbers. Read-only,
 * for viewers within the tenant; amounts are shown, event ids are not (deliveries are named by
 * their opaque ids, which the dead-letter commands take).
 */
@Injectable()
export class ReconciliationService {
  private readonly rules: MoneySumSql[] = moneyJsonPaths();
  /** Per tenant, every target of every landscape version this process applied: a system retired by a cutover still reconciles the days it was sent to. */
  private readonly targets = new Map<string, Set<string>>();
  private readonly types: ReadonlySet<string>;

  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current' | 'onChange'>,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly ledger: DeliveryLedger,
    registry: SchemaRegistry,
  ) {
    const know = (config: Pick<HubConfig, 'targets'>) => {
      for (const t of config.targets) this.targets.set(t.tenant, (this.targets.get(t.tenant) ?? new Set()).add(t.id));
    };
    know(landscape.current().config);
    landscape.onChange((next) => know(next.config));
    this.types = new Set(registry.types());
  }

  /** The tenants of the latest landscape version. */
  private get tenants(): ReadonlySet<string> {
    return new Set(this.landscape.current().config.tenants.map((t) => t.code));
  }

  /** The window a query asks for, checked (400, or 404 for a tenant out of scope). */
  window(p: OpsPrincipal, q: Record<string, unknown>): ReconciliationWindow {
    const ctx: WindowContext = { tenants: this.tenants, scope: scopeOf(p), targetsOf: (t) => [...(this.targets.get(t) ?? [])], types: this.types, maxDays: this.settings.reconciliation.maxDays };
    return readWindow(q, ctx);
  }

  /** The tenants a principal may reconcile, as the landscape names them. */
  tenantsOf(p: OpsPrincipal): string[] {
    const scope = scopeOf(p);
    return [...this.tenants].filter((t) => scope === '*' || scope.includes(t)).sort();
  }

  async report(w: ReconciliationWindow): Promise<ReconciliationReport> {
    const generatedAt = new Date();
    const [totals, files] = await Promise.all([
      this.ledger.reconciliationTotals(w, this.rules, this.lateBefore(generatedAt)),
      this.ledger.filesInWindow(w, this.rules, FILES_LIMIT + 1),
    ]);
    return this.reportOf(w, generatedAt, reportRows(totals, w.target !== undefined), files);
  }

  async drift(w: ReconciliationWindow): Promise<DriftReport> {
    const generatedAt = new Date();
    const [totals, samples, files] = await Promise.all([
      this.ledger.reconciliationTotals(w, this.rules, this.lateBefore(generatedAt)),
      this.ledger.undeliveredSamples(w, SAMPLE_IDS),
      this.ledger.filesInWindow(w, this.rules, FILES_LIMIT),
    ]);
    return this.driftOf(w, generatedAt, reportRows(totals, w.target !== undefined), samples, files);
  }

  /** Both, from one read of each (the dashboard shows them side by side). */
  async reportAndDrift(w: ReconciliationWindow): Promise<{ report: ReconciliationReport; drift: DriftReport }> {
    const generatedAt = new Date();
    const [totals, samples, files] = await Promise.all([
      this.ledger.reconciliationTotals(w, this.rules, this.lateBefore(generatedAt)),
      this.ledger.undeliveredSamples(w, SAMPLE_IDS),
      this.ledger.filesInWindow(w, this.rules, FILES_LIMIT + 1),
    ]);
    const rows = reportRows(totals, w.target !== undefined);
    return { report: this.reportOf(w, generatedAt, rows, files), drift: this.driftOf(w, generatedAt, rows, samples, files.slice(0, FILES_LIMIT)) };
  }

  private reportOf(w: ReconciliationWindow, at: Date, all: ReconciliationRow[], files: FileTotalsRecord[]): ReconciliationReport {
    const rows = all.filter((r) => r.role !== 'shadow');
    const shown = files.slice(0, FILES_LIMIT);
    return {
      ...this.header(w, at),
      balanced: rows.every((r) => r.balanced) && fileDriftOf(shown).length === 0,
      moneyRules: Object.fromEntries([...new Set(all.map((r) => r.type))].sort().map((t) => [t, (MONEY_FIELDS as Record<string, MoneyRule<unknown> | undefined>)[t]?.rule ?? 'carries no money'])),
      rows,
      shadowRows: all.filter((r) => r.role === 'shadow'),
      files: shown,
      filesTruncated: files.length > FILES_LIMIT,
    };
  }

  private driftOf(w: ReconciliationWindow, at: Date, rows: ReconciliationRow[], samples: UndeliveredSample[], files: FileTotalsRecord[]): DriftReport {
    const all = driftOf(rows, samples);
    const items = all.filter((i) => i.role === 'primary');
    const fileDrift = fileDriftOf(files);
    return { ...this.header(w, at), balanced: items.length === 0 && fileDrift.length === 0, items, shadowItems: all.filter((i) => i.role === 'shadow'), files: fileDrift };
  }

  private header(w: ReconciliationWindow, at: Date) {
    return { tenant: w.tenant, from: w.from, to: w.to, dayBoundary: 'UTC' as const, generatedAt: at.toISOString(), graceMs: this.settings.reconciliation.graceMs };
  }

  private lateBefore(now: Date): Date {
    return new Date(now.getTime() - this.settings.reconciliation.graceMs);
  }
}
