import { parse } from 'csv-parse/sync';
import { describeDrift, describeReport, Drift, major, reportCsv, Report } from './reconcile.command';

const none = { events: 0, money: [] };
const gbp = (n: number) => ({ currency: 'GBP', amountMinor: n });
const row = (over: Partial<Report['rows'][number]> = {}): Report['rows'][number] => ({
  day: '2026-11-02', type: 'finance.journal.posted.v1', target: 'finance-fen', role: 'primary',
  accepted: { events: 3, money: [gbp(30_000), { currency: 'EUR', amountMinor: 700 }] }, unrouted: 0,
  routed: { events: 3, money: [{ currency: 'EUR', amountMinor: 700 }, gbp(30_000)] },
  delivered: { events: 2, money: [gbp(30_000)] },
  pending: { ...none, late: 0 }, deadLettered: { events: 1, money: [{ currency: 'EUR', amountMinor: 700 }] }, discarded: none,
  files: { files: 2, records: 5, totals: [{ unit: 'minor-units', currency: 'GBP', amount: 30_000 }] }, balanced: false, ...over,
});
const report: Report = {
  tenant: 'fen', from: '2026-11-01', to: '2026-11-30', balanced: false, filesTruncated: false,
  rows: [row(), row({ type: 'dms.shift.rostered.v1', target: null, role: null, accepted: { events: 4, money: [] }, unrouted: 4, routed: none, delivered: none, deadLettered: none, files: null, balanced: true })],
  shadowRows: [row({ target: 'erp-fen', role: 'shadow', delivered: { events: 3, money: [{ currency: 'EUR', amountMinor: 700 }, gbp(30_000)] }, deadLettered: none, files: null, balanced: true })],
  files: [
    { direction: 'written', day: '2026-11-02', type: 'finance.journal.posted.v1', target: 'finance-fen', role: 'primary', fileName: 'GlJournal_FEN_J1.csv', kind: 'GL_JOURNAL_IMPORT', records: 2, controlTotal: 10_040, unit: 'minor-units', currency: 'GBP', hub: { state: 'delivered', amountMinor: 10_040 } },
    { direction: 'read', day: '2026-11-02', dropId: 'dms-exports-fen', fileName: 'DMSEXP_FEN_20261102080000.DAT', kind: 'DMS_EXPORT', records: 3, controlTotal: 2_775, unit: 'hundredths-of-an-hour', currency: null, posted: { records: 2, total: 1_975 }, quarantined: { records: 1, total: 800 }, hub: { events: 2, linked: 2 } },
  ],
};

describe('hub reconcile', () => {
  it('writes minor units as the currency does', () => {
    expect([major(1_004_000, 'GBP'), major(-5, 'GBP'), major(700, 'EUR'), major(1500, 'JPY'), major(7, 'XXQ')]).toEqual(['10040.00', '-0.05', '7.00', '1500', '0.07']);
  });

  it('prints a row per currency with both sides and the difference, shadows and files apart', () => {
    const text = describeReport(report).split('\n');
    expect(text[0]).toBe('fen, 2026-11-01 to 2026-11-30 (UTC days of acceptance): DRIFT in 1 of 2 rows');
    expect(text.find((l) => /^2026-11-02\s+finance\.journal\.posted\.v1\s+finance-fen\s+primary\s+3\s+3\s+2\s+0\s+1\s+0\s+EUR\s+7\.00\s+0\.00\s+7\.00\s+2 \(5 records\)\s+DRIFT$/.test(l))).toBeDefined();
    expect(text.find((l) => /finance-fen\s+primary.*GBP\s+300\.00\s+300\.00\s+0\.00/.test(l))).toBeDefined();
    expect(text.find((l) => /dms\.shift\.rostered\.v1\s+\(no route\)\s+4/.test(l))).toBeDefined();
    const shadows = text.indexOf('shadow deliveries (parallel run; not counted as the primaries):');
    expect(shadows).toBeGreaterThan(0);
    expect(text.slice(shadows).some((l) => /erp-fen\s+shadow/.test(l))).toBe(true);
    expect(text.some((l) => /GlJournal_FEN_J1\.csv\s+GL_JOURNAL_IMPORT\s+2\s+GBP 100\.40\s+GBP 100\.40\s+delivered\s+ok/.test(l))).toBe(true);
    expect(text.some((l) => /DMSEXP_FEN_20261102080000\.DAT\s+3\s+27\.75 h\s+2\s+1 \(8\.00 h\)\s+2\s+DRIFT/.test(l))).toBe(true);
  });

  it('names each drift with its causes and the deliveries to act on', () => {
    const drift: Drift = {
      tenant: 'fen', from: '2026-11-01', to: '2026-11-30', balanced: false, shadowItems: [],
      items: [{
        day: '2026-11-02', type: 'finance.journal.posted.v1', target: 'finance-fen', role: 'primary', routed: report.rows[0].routed, delivered: report.rows[0].delivered,
        difference: { events: 1, money: [{ currency: 'EUR', amountMinor: 700 }] },
        causes: [{ reason: 'dead-lettered', events: 1, money: [{ currency: 'EUR', amountMinor: 700 }], deliveryIds: ['finance-fen.abc'], fingerprints: ['mapping-failed|finance-fen|/data/lines/*/amount/currency'] }],
      }],
      files: [{ day: '2026-11-02', direction: 'read', fileName: 'DMSEXP_FEN_20261102080000.DAT', where: 'dms-exports-fen', why: '1 of 3 records quarantined by the gateway' }],
    };
    expect(describeDrift(drift).split('\n')).toEqual([
      'fen, 2026-11-01 to 2026-11-30: drift in 1 day/type/target(s) and 1 file(s)',
      '  2026-11-02 finance.journal.posted.v1 → finance-fen: 3 routed, 2 delivered, 1 short (EUR 7.00)',
      '    1 dead-lettered: EUR 7.00; mapping-failed|finance-fen|/data/lines/*/amount/currency',
      '      finance-fen.abc',
      '  files:',
      '  2026-11-02 read DMSEXP_FEN_20261102080000.DAT (dms-exports-fen): 1 of 3 records quarantined by the gateway',
    ]);
    expect(describeDrift({ ...drift, balanced: true, items: [], files: [] })).toBe('fen, 2026-11-01 to 2026-11-30: balanced, no drift');
  });

  it('writes CSV for a spreadsheet: a line per row and currency in minor units, then the files', () => {
    const rows = parse(reportCsv(report), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.record, r.type, r.target, r.currency])).toEqual([
      ['totals', 'finance.journal.posted.v1', 'finance-fen', 'EUR'],
      ['totals', 'finance.journal.posted.v1', 'finance-fen', 'GBP'],
      ['totals', 'dms.shift.rostered.v1', '', ''],
      ['shadow', 'finance.journal.posted.v1', 'erp-fen', 'EUR'],
      ['shadow', 'finance.journal.posted.v1', 'erp-fen', 'GBP'],
      ['file-written', 'finance.journal.posted.v1', 'finance-fen', 'GBP'],
      ['file-read', '', 'dms-exports-fen', ''],
    ]);
    expect(rows[0]).toMatchObject({ tenant: 'fen', day: '2026-11-02', source_minor: '700', acknowledged_minor: '0', difference_minor: '700', dead_lettered_minor: '700', difference_events: '1', balanced: 'false', file_control_total: '0' });
    expect(rows[1]).toMatchObject({ source_minor: '30000', acknowledged_minor: '30000', difference_minor: '0', files: '2', file_records: '5', file_control_total: '30000' });
    expect(rows[2]).toMatchObject({ accepted_events: '4', source_minor: '', balanced: 'true' });
    expect(rows[6]).toMatchObject({ file_name: 'DMSEXP_FEN_20261102080000.DAT', file_records: '3', file_control_total: '2775', file_unit: 'hundredths-of-an-hour', posted_records: '2', quarantined_records: '1', quarantined_total: '800', hub_events: '2', balanced: 'false' });
  });
});
