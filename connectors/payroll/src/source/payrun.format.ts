// The bureau's pay-run results file, one per force and run, dropped after the run is locked:
//   PAYRUN_<FORCE>_<YYYYMM>_<runId>.csv
//   H,<header fields>      one header record: the run
//   D,<employee fields>    one record per payslip, amounts in pounds ("2496.75")
//   T,<trailer fields>     the control record: employee record count, sum of gross, sum of net
// Every value is text, in the column order below (reading and writing share these lists).

export const PAYRUN_FILE = /^PAYRUN_([A-Z]+)_(\d{6})_([A-Z0-9][A-Z0-9-]{2,29})\.csv$/;

export const payRunFileName = (forceCode: string, yyyymm: string, runId: string) => `PAYRUN_${forceCode.toUpperCase()}_${yyyymm}_${runId}.csv`;

export const HEADER_FIELDS = ['forceCode', 'runId', 'runType', 'taxYear', 'frequency', 'period', 'periodFrom', 'periodTo', 'payDate', 'completedAt'] as const;
export const EMPLOYEE_FIELDS = [
  'forceCode',
  'employeeRef',
  'category',
  'costCentre',
  'gross',
  'tax',
  'employeeNi',
  'employeePension',
  'otherDeductions',
  'net',
  'employerNi',
  'employerPension',
  'movement',
] as const;
export const TRAILER_FIELDS = ['recordCount', 'totalGross', 'totalNet'] as const;

/**
 * runType MAIN | SUPP | OFFC; frequency W | F | 4 | M (weekly, fortnightly, four-weekly, monthly);
 * period is the number in the tax year; dates YYYY-MM-DD; completedAt an ISO instant or empty.
 */
export type PayRunHeader = Record<(typeof HEADER_FIELDS)[number], string>;

/**
 * category O officer | S staff; movement '' | S starter | L leaver this period. Amounts in pounds:
 * net is gross less tax, employee NI, employee pension and other deductions; employer NI and
 * employer pension are costs on top of gross.
 */
export type PayRunEmployeeRow = Record<(typeof EMPLOYEE_FIELDS)[number], string>;

export type PayRunTrailer = Record<(typeof TRAILER_FIELDS)[number], string>;

export const RUN_TYPES = { MAIN: 'main', SUPP: 'supplementary', OFFC: 'off-cycle' } as const;
export const FREQUENCIES = { W: 'weekly', F: 'fortnightly', '4': 'four-weekly', M: 'monthly' } as const;
export const CATEGORIES = ['O', 'S'] as const;
export const MOVEMENTS = ['', 'S', 'L'] as const;
