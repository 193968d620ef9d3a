import type { FinanceJournalPostedV1Data } from '@hub/canonical-types';

/** One payslip's figures in pence, as read from a D record. */
export interface PayslipFigures {
  category: 'O' | 'S';
  costCentre: string;
  gross: number;
  tax: number;
  employeeNi: number;
  employeePension: number;
  otherDeductions: number;
  net: number;
  employerNi: number;
  employerPension: number;
}

type JournalLine = FinanceJournalPostedV1Data['lines'][number];

/**
 * The GL accounts of the pay journal (the forces share one chart of accounts). Costs are debited
 * to each person's cost centre; liabilities and net pay are credited to the force's balance-sheet
 * cost centre `<FORCE>0001`.
 */
export const PAY_GL = {
  officerPay: { account: '5001', narrative: 'Police officer pay' },
  staffPay: { account: '5101', narrative: 'Police staff pay' },
  employerNi: { account: '5020', narrative: 'Employer national insurance' },
  employerPension: { account: '5030', narrative: 'Employer pension contributions' },
  netPay: { account: '9310', narrative: 'Net pay control' },
  paye: { account: '9320', narrative: 'PAYE income tax due to HMRC' },
  nationalInsurance: { account: '9321', narrative: 'National insurance due to HMRC (employee and employer)' },
  pension: { account: '9330', narrative: 'Pension contributions due to the schemes (employee and employer)' },
  otherDeductions: { account: '9340', narrative: 'Other deductions due to third parties' },
} as const;

export const balanceSheetCostCentre = (forceCode: string) => `${forceCode.toUpperCase()}0001`;

/**
 * The payroll journal of a run: gross pay, employer NI and employer pension debited per cost
 * centre; tax, NI, pensions, other deductions and net pay credited. It balances when every
 * payslip's net is its gross less its deductions (the reader checks that line by line). Amounts
 * are summed per account and cost centre; a sum below zero (recoveries outweighing pay) goes on
 * the other side, since journal amounts cannot be negative; a sum of zero is left out.
 */
export function payrollJournalLines(forceCode: string, payslips: PayslipFigures[]): JournalLine[] {
  const sums = new Map<string, { gl: (typeof PAY_GL)[keyof typeof PAY_GL]; costCentre: string; side: 'debit' | 'credit'; pence: number }>();
  const add = (gl: (typeof PAY_GL)[keyof typeof PAY_GL], costCentre: string, side: 'debit' | 'credit', pence: number) => {
    const key = `${side}|${costCentre}|${gl.account}`;
    const sum = sums.get(key) ?? { gl, costCentre, side, pence: 0 };
    sum.pence += pence;
    sums.set(key, sum);
  };
  const central = balanceSheetCostCentre(forceCode);
  for (const p of [...payslips].sort((a, b) => a.costCentre.localeCompare(b.costCentre))) {
    add(p.category === 'O' ? PAY_GL.officerPay : PAY_GL.staffPay, p.costCentre, 'debit', p.gross);
    add(PAY_GL.employerNi, p.costCentre, 'debit', p.employerNi);
    add(PAY_GL.employerPension, p.costCentre, 'debit', p.employerPension);
  }
  for (const p of payslips) {
    add(PAY_GL.paye, central, 'credit', p.tax);
    add(PAY_GL.nationalInsurance, central, 'credit', p.employeeNi + p.employerNi);
    add(PAY_GL.pension, central, 'credit', p.employeePension + p.employerPension);
    add(PAY_GL.otherDeductions, central, 'credit', p.otherDeductions);
    add(PAY_GL.netPay, central, 'credit', p.net);
  }
  return [...sums.values()]
    .filter((s) => s.pence !== 0)
    .map((s) => ({
      glAccount: s.gl.account,
      costCentre: s.costCentre,
      side: s.pence > 0 ? s.side : s.side === 'debit' ? 'credit' : 'debit',
      amount: { amountMinor: Math.abs(s.pence), currency: 'GBP' },
      narrative: s.gl.narrative,
    }));
}

/** Debits and credits of journal lines, in pence. */
export function journalSides(lines: JournalLine[]): { debit: number; credit: number } {
  const total = (side: string) => lines.filter((l) => l.side === side).reduce((s, l) => s + l.amount.amountMinor, 0);
  return { debit: total('debit'), credit: total('credit') };
}

/** Financial year from 1 April, P01 = April: 2026-12-23 → 2026/27-P09. */
export function accountingPeriodOf(date: string): string {
  const [y, m] = date.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  const period = ((m + 8) % 12) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}-P${String(period).padStart(2, '0')}`;
}
