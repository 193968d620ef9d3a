import { accountingPeriodOf, journalSides, payrollJournalLines, PayslipFigures } from './payrun-journal';

const payslip = (o: Partial<PayslipFigures>): PayslipFigures => ({
  category: 'O',
  costCentre: 'FEN4410',
  gross: 100000,
  tax: 20000,
  employeeNi: 8000,
  employeePension: 12000,
  otherDeductions: 0,
  net: 60000,
  employerNi: 13000,
  employerPension: 31000,
  ...o,
});

describe('payrollJournalLines', () => {
  it('debits costs to the cost centre and credits liabilities and net pay centrally, balanced', () => {
    const lines = payrollJournalLines('FEN', [payslip({})]);
    const brief = lines.map((l) => [l.side, l.glAccount, l.costCentre, l.amount.amountMinor]);
    expect(brief).toEqual([
      ['debit', '5001', 'FEN4410', 100000],
      ['debit', '5020', 'FEN4410', 13000],
      ['debit', '5030', 'FEN4410', 31000],
      ['credit', '9320', 'FEN0001', 20000],
      ['credit', '9321', 'FEN0001', 21000],
      ['credit', '9330', 'FEN0001', 43000],
      ['credit', '9310', 'FEN0001', 60000],
    ]);
    expect(journalSides(lines)).toEqual({ debit: 144000, credit: 144000 });
  });

  it('sums per account and cost centre, staff pay on its own account, and leaves zero sums out', () => {
    const lines = payrollJournalLines('MOOR', [
      payslip({ costCentre: 'MOOR2', otherDeductions: 500, net: 59500 }),
      payslip({ costCentre: 'MOOR1', category: 'S' }),
      payslip({ costCentre: 'MOOR2' }),
    ]);
    expect(lines.filter((l) => l.side === 'debit' && ['5001', '5101'].includes(l.glAccount)).map((l) => [l.glAccount, l.costCentre, l.amount.amountMinor])).toEqual([
      ['5101', 'MOOR1', 100000],
      ['5001', 'MOOR2', 200000],
    ]);
    expect(lines.find((l) => l.glAccount === '9340')).toMatchObject({ side: 'credit', costCentre: 'MOOR0001', amount: { amountMinor: 500 } });
    expect(lines.every((l) => l.amount.amountMinor > 0 && l.amount.currency === 'GBP')).toBe(true);
    const { debit, credit } = journalSides(lines);
    expect(debit).toBe(credit);
  });

  it('puts a sum below zero (a recovery outweighing pay) on the other side, still balanced', () => {
    const recovery = payslip({ costCentre: 'FEN7100', gross: -5000, tax: -1000, employeeNi: 0, employeePension: 0, net: -4000, employerNi: 0, employerPension: 0 });
    const lines = payrollJournalLines('FEN', [recovery]);
    expect(lines.find((l) => l.glAccount === '5001')).toMatchObject({ side: 'credit', amount: { amountMinor: 5000 } });
    expect(lines.find((l) => l.glAccount === '9310')).toMatchObject({ side: 'debit', amount: { amountMinor: 4000 } });
    const { debit, credit } = journalSides(lines);
    expect(debit).toBe(credit);
  });
});

describe('accountingPeriodOf', () => {
  it.each([
    ['2026-04-01', '2026/27-P01'],
    ['2026-12-23', '2026/27-P09'],
    ['2027-01-25', '2026/27-P10'],
    ['2027-03-31', '2026/27-P12'],
    ['2099-06-30', '2099/00-P03'],
  ])('%s is in %s (the financial year starts on 1 April)', (date, period) => expect(accountingPeriodOf(date)).toBe(period));
});
