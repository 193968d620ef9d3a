import { createHash } from 'node:crypto';
import type { FinanceJournalPostedV1Data, PayrollRunCompletedV1Data } from '@hub/canonical-types';
import type { ParsedFile } from '@hub/connector-sdk';
import { PAYROLL_SOURCE } from '../payroll.manifest';
import { payRunCsv } from './payrun-csv';
import { PayRunFileSource } from './payroll-payrun.source';
import { journalSides } from './payrun-journal';
import { samplePayRun } from '../testing/samples';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const source = new PayRunFileSource();
const run = samplePayRun();

function read(content: string, fileName = run.fileName, tenant = 'fen'): ParsedFile {
  return source.parseFile(content, { tenant, source: PAYROLL_SOURCE, fileName, fileHash: createHash('sha256').update(content).digest('hex') });
}
const eventsOf = (parsed: ParsedFile) => parsed.records.flatMap((r) => ('events' in r ? r.events : []));
const errorsOf = (parsed: ParsedFile) => parsed.records.flatMap((r) => ('error' in r ? [{ line: r.line, error: r.error }] : []));

describe('PayRunFileSource: a good run', () => {
  const parsed = read(payRunCsv(run.header, run.rows));
  const [completed, journal] = eventsOf(parsed);

  it('reads the file whole: every employee record, and both events on the trailer record', () => {
    expect(parsed.fileError).toBeUndefined();
    expect(parsed.records.map((r) => [r.line, 'events' in r ? r.events.length : r.error])).toEqual([
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
      [6, 2],
    ]);
    expect(parsed.records[0].raw).toBe('D,FEN,FEN-10234,O,FEN4410,2496.75,312.40,151.11,312.09,0.00,1721.15,278.88,780.14,');
  });

  it('gives one run-completed event with the totals, counts and pay date, valid against its schema', () => {
    expect(completed).toMatchObject({ id: 'FEN-PR-2026-M09-MAIN.run-completed', type: 'payroll.run.completed.v1', subject: 'FEN-PR-2026-M09-MAIN', tenant: 'fen', source: PAYROLL_SOURCE, time: '2026-12-18T16:42:05Z' });
    expect(registry.validate(completed.type, completed.data)).toEqual([]);
    const d = completed.data as PayrollRunCompletedV1Data;
    expect(d).toMatchObject({
      runId: 'FEN-PR-2026-M09-MAIN',
      runType: 'main',
      payPeriod: { taxYear: '2026/27', frequency: 'monthly', number: 9, from: '2026-12-01', to: '2026-12-31' },
      counts: { payslips: 4, officers: 2, staff: 2, starters: 1, leavers: 1 },
      effectiveFrom: '2026-12-23',
    });
    const pence = (m: { amountMinor: number }) => m.amountMinor;
    expect([d.totals.gross, d.totals.deductions, d.totals.net, d.totals.employerNationalInsurance!, d.totals.employerPension!].map(pence)).toEqual([
      966625, // 2496.75 + 3204.10 + 1850.00 + 2115.40
      264233, // tax, employee NI, employee pension and other deductions of all four
      702392, // 1721.15 + 2130.39 + 1494.13 + 1678.25
      107173,
      245950,
    ]);
    expect(d.totals.gross.amountMinor - d.totals.deductions.amountMinor).toBe(d.totals.net.amountMinor);
  });

  it('gives the pay journal: balanced, costs per cost centre, in the accounting period of the pay date', () => {
    expect(journal).toMatchObject({ id: 'FEN-PR-2026-M09-MAIN.journal', type: 'finance.journal.posted.v1', subject: 'FEN-PR-2026-M09-MAIN-PJ' });
    expect(registry.validate(journal.type, journal.data)).toEqual([]);
    const j = journal.data as FinanceJournalPostedV1Data;
    expect(j).toMatchObject({ journalId: 'FEN-PR-2026-M09-MAIN-PJ', postedOn: '2026-12-23', accountingPeriod: '2026/27-P09', source: 'payroll', sourceReference: 'FEN-PR-2026-M09-MAIN' });
    const { debit, credit } = journalSides(j.lines);
    expect(debit).toBe(credit);
    expect(debit).toBe(966625 + 107173 + 245950); // gross and the employer's costs on top
    const pay = j.lines.filter((l) => ['5001', '5101'].includes(l.glAccount)).map((l) => [l.glAccount, l.costCentre, l.amount.amountMinor]);
    expect(pay).toEqual([
      ['5001', 'FEN4410', 249675],
      ['5101', 'FEN4410', 185000],
      ['5001', 'FEN4520', 320410],
      ['5101', 'FEN7100', 211540],
    ]);
    expect(j.lines.find((l) => l.glAccount === '9310')).toMatchObject({ side: 'credit', costCentre: 'FEN0001', amount: { amountMinor: 702392 } });
  });

  it('builds ids from the run id, so a re-read (even re-saved with other bytes) posts the same events', () => {
    const resaved = read(payRunCsv(run.header, run.rows).replace(/\n/g, '\r\n'));
    expect(resaved.fileError).toBeUndefined();
    expect(eventsOf(resaved).map((e) => e.id)).toEqual([completed.id, journal.id]);
  });
});

describe('PayRunFileSource: a run it must not post', () => {
  const rowsWith = (i: number, o: Record<string, string>) => run.rows.map((r, n) => (n === i ? { ...r, ...o } : r));

  it.each([
    ['a wrong control total of gross', { totalGross: '9666.26' }, /control total of gross: the trailer says 9666.26, the records add up to 9666.25/],
    ['a wrong control total of net', { totalNet: '0.00' }, /control total of net: the trailer says 0.00, the records add up to 7023.92/],
    ['a record count that does not match', { recordCount: '3' }, /record count: the trailer says 3, the file has 4 employee records/],
  ])('refuses %s as a file error, posting nothing', (_, trailer, reason) => {
    const parsed = read(payRunCsv(run.header, run.rows, trailer));
    expect(parsed.fileError).toMatch(reason);
    expect(eventsOf(parsed)).toEqual([]);
  });

  it.each([
    ['a bad amount', rowsWith(1, { tax: '452.2O' }), 'FEN-10501: tax: not an amount: "452.2O"'],
    ['a missing employee ref', rowsWith(1, { employeeRef: '' }), 'employee: missing employee ref'],
    ["another force's employee", rowsWith(1, { forceCode: 'MOOR', employeeRef: 'MOOR-20417' }), "MOOR-20417: employee record of force MOOR in force FEN's pay run"],
    ['a net that is not gross less deductions', rowsWith(1, { net: '2130.40' }), 'FEN-10501: net 2130.40 is not gross less deductions (2130.39)'],
    ['an unknown category', rowsWith(1, { category: 'X' }), 'FEN-10501: unknown category "X" (O officer, S staff)'],
  ])('reports %s on its line, and fails the whole run: a journal from part of a run would be wrong', (_, rows, error) => {
    const parsed = read(payRunCsv(run.header, rows));
    expect(errorsOf(parsed)).toEqual([{ line: 3, error }]);
    expect(parsed.fileError).toBe('bad employee records on line(s) 3: a pay run is posted whole or not at all');
    expect(eventsOf(parsed)).toEqual([]);
  });

  it('lists every bad line, and a wrong count beside them', () => {
    const rows = rowsWith(0, { gross: 'x' }).map((r, n) => (n === 3 ? { ...r, costCentre: 'fen 7100' } : r));
    const parsed = read(payRunCsv(run.header, rows, { recordCount: '9' }));
    expect(errorsOf(parsed).map((e) => e.line)).toEqual([2, 5]);
    expect(parsed.fileError).toBe('record count: the trailer says 9, the file has 4 employee records; bad employee records on line(s) 2, 5: a pay run is posted whole or not at all');
  });

  it.each([
    ['a file name that is not a pay run', 'PAYROLL_FEN.csv', 'fen', /PAYROLL_FEN.csv is not a pay run file name \(PAYRUN_<FORCE>_<YYYYMM>_<runId>.csv\)/],
    ["another force's file in this force's directory", 'PAYRUN_MOOR_202612_FEN-PR-2026-M09-MAIN.csv', 'fen', /is force MOOR's pay run; this drop directory is force FEN's/],
    ["a header of another force in this force's file", 'PAYRUN_MOOR_202612_FEN-PR-2026-M09-MAIN.csv', 'moor', /header, line 1: the run is force FEN's, the file MOOR's/],
    ['a run id that is not the one in the file name', 'PAYRUN_FEN_202612_FEN-PR-2026-M09-SUPP1.csv', 'fen', /header, line 1: run FEN-PR-2026-M09-MAIN is not the run FEN-PR-2026-M09-SUPP1/],
  ])('refuses %s', (_, fileName, tenant, reason) => {
    const parsed = read(payRunCsv(run.header, run.rows), fileName, tenant);
    expect(parsed.fileError).toMatch(reason);
    expect(eventsOf(parsed)).toEqual([]);
  });

  it.each([
    ['a file cut short (no trailer)', () => payRunCsv(run.header, run.rows).split('\n').slice(0, 4).join('\n'), /no trailer record \(T\) on the last line/],
    ['a file without its header', () => payRunCsv(run.header, run.rows).split('\n').slice(1).join('\n'), /no header record \(H\)/],
    ['a header with an unknown run type', () => payRunCsv({ ...run.header, runType: 'XTRA' }, run.rows), /header, line 1: unknown run type "XTRA"/],
    ['a header with an impossible pay date', () => payRunCsv({ ...run.header, payDate: '2026-02-30' }, run.rows), /periodFrom, periodTo and payDate must be dates/],
    ['a file that is not CSV', () => 'H,FEN,"unclosed\nT,0,0.00,0.00\n', /is not readable CSV/],
    ['an empty run', () => payRunCsv(run.header, []), /no employee records: nothing to post/],
  ])('refuses %s', (_, content, reason) => {
    const parsed = read(content());
    expect(parsed.fileError).toMatch(reason);
    expect(eventsOf(parsed)).toEqual([]);
  });
});
