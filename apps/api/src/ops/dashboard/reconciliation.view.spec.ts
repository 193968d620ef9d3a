import type { FileTotalsRecord, ReconciliationTotals } from '@hub/ledger';
import type { OpsPrincipal } from '../../auth/principal';
import { driftOf, reportRows } from '../../reconciliation/reconciliation-report';
import type { DriftReport, ReconciliationReport } from '../../reconciliation/reconciliation.service';
import { lastWeek } from './dashboard.router';
import { DASHBOARD_PATH, renderDashboard } from './dashboard.view';
import { RECONCILIATION_PATH, renderReconciliation } from './reconciliation.view';

const viewer: OpsPrincipal = { kind: 'ops', id: 'ops-viewer', roles: ['viewer'], tenants: ['*'] };
const J = 'finance.journal.posted.v1';
const dl = (day: string, target: string, state: string, deliveries: number, role: 'primary' | 'shadow' = 'primary') => ({ day, type: J, target, role, state, deliveries, late: 0 });
const totals: ReconciliationTotals = {
  accepted: [{ day: '2026-11-02', type: J, events: 2, unrouted: 0 }, { day: '2026-11-03', type: J, events: 1, unrouted: 0 }],
  acceptedMoney: [],
  deliveries: [dl('2026-11-02', 'finance-fen', 'delivered', 1), dl('2026-11-02', 'finance-fen', 'discarded', 1), dl('2026-11-02', 'erp-<fen>', 'delivered', 2, 'shadow'), dl('2026-11-03', 'finance-fen', 'delivered', 1)],
  deliveryMoney: [
    { day: '2026-11-02', type: J, target: 'finance-fen', role: 'primary', state: 'delivered', currency: 'GBP', deliveries: 1, amountMinor: 10_040 },
    { day: '2026-11-02', type: J, target: 'finance-fen', role: 'primary', state: 'discarded', currency: 'GBP', deliveries: 1, amountMinor: 2_500 },
  ],
  writtenFiles: [],
};
const file: FileTotalsRecord = {
  direction: 'read', day: '2026-11-02', dropId: 'dms-exports-fen', system: 'dms', fileName: 'DMSEXP_FEN_<x>.DAT', sha256: 'a', kind: 'DMS_EXPORT', records: 3, controlTotal: 2_775,
  unit: 'hundredths-of-an-hour', currency: null, recordedAt: '2026-11-02T08:00:00Z', posted: { records: 2, total: 1_975 }, quarantined: { records: 1, total: 800 }, hub: { events: 2, linked: 2 },
};
const rows = reportRows(totals, false);
const head = { tenant: 'fen', from: '2026-11-01', to: '2026-11-07', dayBoundary: 'UTC' as const, generatedAt: '2026-11-07T12:00:00Z', graceMs: 900_000 };
const report: ReconciliationReport = { ...head, balanced: false, moneyRules: {}, rows: rows.filter((r) => r.role !== 'shadow'), shadowRows: rows.filter((r) => r.role === 'shadow'), files: [file], filesTruncated: false };
const items = driftOf(rows, [{ day: '2026-11-02', type: J, target: 'finance-fen', role: 'primary', state: 'discarded', deliveryIds: ['finance-fen.abc'], fingerprints: [], discardReasons: ['withdrawn <by> finance'] }]);
const drift: DriftReport = { ...head, balanced: false, items, shadowItems: [], files: [] };

describe('the reconciliation page', () => {
  const html = renderReconciliation({ principal: viewer, tenants: ['fen', 'moor'], window: { tenant: 'fen', from: '2026-11-01', to: '2026-11-07' }, reports: [{ report, drift }] });

  it('shows each tenant per day, the drifting row highlighted and the balanced one not', () => {
    expect([...html.matchAll(/data-day="([^"]+)"/g)].map((m) => m[1])).toEqual(['2026-11-02', '2026-11-03']);
    expect(html).toMatch(/<tr data-type="finance\.journal\.posted\.v1" data-target="finance-fen" data-balanced="false" class="drift">/);
    expect(html).toMatch(/<tr data-type="finance\.journal\.posted\.v1" data-target="finance-fen" data-balanced="true">/);
    expect(html).toContain('GBP 125.40');
    expect(html).toContain('<section data-tenant="fen" data-balanced="false">');
  });

  it('explains the drift with its cause, amount, the deliveries and the reason given, escaped', () => {
    expect(html).toContain('<li data-reason="discarded">1 discarded: GBP 25.00 (“withdrawn &lt;by&gt; finance”)');
    expect(html).toContain('<code>finance-fen.abc</code>');
    expect(html).not.toContain('<by>');
  });

  it('puts shadow deliveries in a table of their own, and files beside the hub’s numbers', () => {
    expect(html.indexOf('data-shadow="true"')).toBeGreaterThan(html.indexOf('data-target="finance-fen"'));
    expect(html).toContain('erp-&lt;fen&gt;');
    expect(html).toMatch(/<tr data-file="DMSEXP_FEN_&lt;x&gt;\.DAT" data-balanced="false" class="drift">/);
    expect(html).toContain('27.75 h');
    expect(html).toContain('2 posted, 1 quarantined (8.00 h), 2 in the ledger');
  });

  it('asks for the window with a GET form (no action changes anything), and is linked from the dashboard', () => {
    expect(html).toContain(`<form class="window" method="get" action="${RECONCILIATION_PATH}">`);
    expect(html).not.toMatch(/method="post"/);
    expect(html).toContain('<option value="fen" selected>fen</option>');
    expect(RECONCILIATION_PATH.startsWith(`${DASHBOARD_PATH}/`)).toBe(true);
    expect(renderDashboard({ principal: viewer, groups: [] })).toContain(`href="${RECONCILIATION_PATH}"`);
  });

  it('defaults to the last seven UTC days, today included', () => {
    expect(lastWeek(new Date('2026-11-07T23:59:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-07' });
  });
});
