import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import { parse } from 'csv-parse/sync';
import { FinanceJournalPostedV1Data, moneyOf } from '@hub/canonical-types';
import { costCentreImportFile, journalImportFile, writtenFileTotals } from './finance.import-file';
import { fixture } from '../testing/samples';
import { thrown } from '@hub/testing';

const journal = (name = 'full') => fixture('finance.journal.posted.v1', name);
const costCentre = (name: string) => fixture('finance.cost-centre.changed.v1', name);

const failure = (fn: () => unknown) => thrown(fn, PermanentDeliveryError, 'the mapping');

describe('journalImportFile', () => {
  it('writes one LINE per journal line, debits and credits in pounds, and the control record', () => {
    const file = journalImportFile(journal(), 'FEN');

    expect(file).toMatchObject({ jobName: 'GL_JOURNAL_IMPORT', businessUnit: 'FEN', fileName: 'GlJournal_FEN_FEN-JNL-2026-004512.csv', contentType: 'text/csv' });
    expect(file.content).toBe(
      [
        'RECORD_TYPE,BUSINESS_UNIT,JOURNAL_ID,ACCOUNTING_DATE,PERIOD_NAME,JOURNAL_SOURCE,SOURCE_REFERENCE,REVERSES_JOURNAL,JOURNAL_DESCRIPTION,LINE_NUMBER,ACCOUNT,COST_CENTRE,CURRENCY,DEBIT,CREDIT,LINE_DESCRIPTION',
        'LINE,FEN,FEN-JNL-2026-004512,2026-12-23,2026/27-P09,PAYROLL,FEN-PR-2026-M09-MAIN,,December 2026 payroll: Roads Policing,1,5001,FEN4520,GBP,182440.10,,Police officer pay',
        'LINE,FEN,FEN-JNL-2026-004512,2026-12-23,2026/27-P09,PAYROLL,FEN-PR-2026-M09-MAIN,,December 2026 payroll: Roads Policing,2,5020,FEN4520,GBP,22513.77,,Employer national insurance',
        'LINE,FEN,FEN-JNL-2026-004512,2026-12-23,2026/27-P09,PAYROLL,FEN-PR-2026-M09-MAIN,,December 2026 payroll: Roads Policing,3,9310,FEN0001,GBP,,204953.87,Payroll control',
        'CONTROL,3,204953.87',
        '',
      ].join('\n'),
    );
  });

  it('takes the control total as the sum of the debits, to the penny', () => {
    const data = journal('minimal');
    data.lines = [
      { glAccount: '6120', costCentre: 'MOOR4410', side: 'debit', amount: { amountMinor: 7, currency: 'GBP' } },
      { glAccount: '6121', costCentre: 'MOOR4410', side: 'debit', amount: { amountMinor: 100005, currency: 'GBP' } },
      { glAccount: '6120', costCentre: 'MOOR3300', side: 'credit', amount: { amountMinor: 100012, currency: 'GBP' } },
    ];
    const rows = parse(journalImportFile(data, 'MOOR').content, { relax_column_count: true }) as string[][];
    expect(rows.slice(1, -1).map((r) => [r[13], r[14]])).toEqual([['0.07', ''], ['1000.05', ''], ['', '1000.12']]);
    expect(rows.at(-1)).toEqual(['CONTROL', '3', '1000.12']);
  });

  it('quotes text that holds commas or quotes, and falls back to the journal description for a line without narrative', () => {
    const data = journal('minimal');
    data.description = 'Recharge, "Op Harbour"';
    const rows = parse(journalImportFile(data, 'MOOR').content, { relax_column_count: true }) as string[][];
    expect(rows[1][8]).toBe('Recharge, "Op Harbour"');
    expect(rows[1][15]).toBe('Recharge, "Op Harbour"');
    expect(journalImportFile(data, 'MOOR').content).toContain('"Recharge, ""Op Harbour"""');
  });

  it('carries the journal a reversal reverses', () => {
    const rows = parse(journalImportFile(journal('reversal'), 'FEN').content, { relax_column_count: true }) as string[][];
    expect(rows[1].slice(5, 8)).toEqual(['ACCRUAL', 'ACR-2026-P09-14', 'FEN-JNL-2026-004533']);
  });

  it('refuses an unbalanced journal as a mapping failure naming the lines', () => {
    const data = journal();
    data.lines[2].amount.amountMinor -= 1;
    const err = failure(() => journalImportFile(data, 'FEN'));
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/lines' });
    expect(err.message).toBe('journal FEN-JNL-2026-004512 does not balance: debits 204953.87, credits 204953.86');
  });

  it('refuses a line not in GBP, naming its currency field', () => {
    const data = journal();
    data.lines[1].amount.currency = 'EUR';
    expect(failure(() => journalImportFile(data, 'FEN'))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/lines/1/amount/currency', message: expect.stringContaining('EUR') });
  });
});

describe('costCentreImportFile', () => {
  it('writes a created cost centre as an enabled COST_CENTRE segment value from its first day', () => {
    const file = costCentreImportFile(costCentre('created'), 'FEN');
    expect(file).toMatchObject({ jobName: 'COA_SEGMENT_VALUE_IMPORT', fileName: 'CoaSegmentValues_FEN_FEN4520_2027-04-01.csv' });
    expect(file.content).toBe(
      [
        'RECORD_TYPE,BUSINESS_UNIT,SEGMENT,VALUE,DESCRIPTION,ACTION,ENABLED,START_DATE,END_DATE,PARENT_VALUE,OWNER_ORG_UNIT,BUDGET_HOLDER,REPLACED_BY',
        'LINE,FEN,COST_CENTRE,FEN4520,Roads Policing Unit,CREATE,Y,2027-04-01,,FEN4500,RP-01,FEN-04410,',
        'CONTROL,1,0.00',
        '',
      ].join('\n'),
    );
  });

  it('closes a cost centre after its last posting day, the day before effectiveFrom, naming its replacement', () => {
    const rows = parse(costCentreImportFile(costCentre('closed'), 'MOOR').content, { relax_column_count: true }) as string[][];
    expect(rows[1]).toEqual(['LINE', 'MOOR', 'COST_CENTRE', 'MOOR7730', 'Operation Harbour', 'CLOSE', 'N', '', '2026-12-31', '', 'OPS-PLAN', '', 'MOOR7700']);
  });

  it('ends a fixed-term cost centre on its effectiveTo', () => {
    const rows = parse(costCentreImportFile(costCentre('full'), 'VALE').content, { relax_column_count: true }) as string[][];
    expect(rows[1].slice(5, 9)).toEqual(['CREATE', 'Y', '2026-12-01', '2027-01-31']);
  });
});

describe('writtenFileTotals', () => {
  it("reads a journal file's own control record back: its line count, its total in pence, its currency", () => {
    const data: FinanceJournalPostedV1Data = journal();
    const file = journalImportFile(data, 'FEN');
    const debits = data.lines.filter((l) => l.side === 'debit').reduce((n, l) => n + l.amount.amountMinor, 0);
    expect(writtenFileTotals(file)).toEqual({ name: file.fileName, kind: 'GL_JOURNAL_IMPORT', records: data.lines.length, total: debits, unit: 'minor-units', currency: 'GBP' });
    // The journal's money as reconciliation adds it up is the same figure.
    expect(moneyOf('finance.journal.posted.v1', data)).toEqual(new Map([['GBP', debits]]));
  });

  it('reads a cost-centre file as one record totalling 0, in no currency', () => {
    const file = costCentreImportFile(costCentre('minimal'), 'FEN');
    expect(writtenFileTotals(file)).toEqual({ name: file.fileName, kind: 'COA_SEGMENT_VALUE_IMPORT', records: 1, total: 0, unit: 'minor-units' });
  });

  it('refuses a file without its control record', () => {
    const file = journalImportFile(journal(), 'FEN');
    expect(() => writtenFileTotals({ ...file, content: file.content.split('\n').slice(0, -2).join('\n') })).toThrow(/no CONTROL row/);
  });
});
