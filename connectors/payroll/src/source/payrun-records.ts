// Reads the three record types of a pay-run file into checked values, or the reason they are not.
import type { PayrollRunCompletedV1Data } from '@hub/canonical-types';
import { COST_CENTRE, DATE_TIME, EMPLOYEE_ID, isIsoDate, penceOf, poundsOf } from '@hub/connector-sdk';
import type { CsvRecord } from '@hub/connector-sdk';
import type { PayslipFigures } from './payrun-journal';
import { CATEGORIES, EMPLOYEE_FIELDS, FREQUENCIES, HEADER_FIELDS, MOVEMENTS, RUN_TYPES, TRAILER_FIELDS } from './payrun.format';

export interface RunHeader {
  runId: string;
  runType: PayrollRunCompletedV1Data['runType'];
  payPeriod: PayrollRunCompletedV1Data['payPeriod'];
  payDate: string;
  completedAt?: string;
}

export type Payslip = PayslipFigures & { employeeRef: string; movement: '' | 'S' | 'L' };

export interface RunTrailer {
  recordCount: number;
  totalGross: number;
  totalNet: number;
}

type Read<T> = { value: T } | { error: string };


/** The record's fields by name, or why it does not have them. */
function fieldsOf<F extends string>(rec: CsvRecord, names: readonly F[]): Read<Record<F, string>> {
  if (rec.fields.length !== names.length + 1) return { error: `expected ${names.length + 1} fields, found ${rec.fields.length}` };
  return { value: Object.fromEntries(names.map((n, i) => [n, rec.fields[i + 1]])) as Record<F, string> };
}

function amountsOf<F extends string>(values: Record<F, string>, names: readonly F[]): Read<Record<F, number>> {
  const out = {} as Record<F, number>;
  for (const n of names) {
    try {
      out[n] = penceOf(values[n]);
    } catch (err) {
      return { error: `${n}: ${(err as Error).message}` };
    }
  }
  return { value: out };
}

export function readHeader(rec: CsvRecord, forceCode: string, runIdInName: string): Read<RunHeader> {
  const f = fieldsOf(rec, HEADER_FIELDS);
  if ('error' in f) return f;
  const h = f.value;
  const period = Number(h.period);
  const problem =
    h.forceCode !== forceCode ? `the run is force ${h.forceCode || '(none)'}'s, the file ${forceCode}'s`
    : h.runId !== runIdInName ? `run ${h.runId} is not the run ${runIdInName} the file name gives`
    : !(h.runType in RUN_TYPES) ? `unknown run type "${h.runType}"`
    : !/^\d{4}\/\d{2}$/.test(h.taxYear) ? `tax year "${h.taxYear}" is not YYYY/YY`
    : !(h.frequency in FREQUENCIES) ? `unknown pay frequency "${h.frequency}"`
    : !(Number.isInteger(period) && period >= 1 && period <= 53) ? `period "${h.period}" is not 1 to 53`
    : ![h.periodFrom, h.periodTo, h.payDate].every(isIsoDate) ? 'periodFrom, periodTo and payDate must be dates (YYYY-MM-DD)'
    : h.periodFrom > h.periodTo ? `the period ends (${h.periodTo}) before it starts (${h.periodFrom})`
    : h.completedAt && !DATE_TIME.test(h.completedAt) ? `completedAt "${h.completedAt}" is not an ISO instant`
    : undefined;
  if (problem) return { error: problem };
  return {
    value: {
      runId: h.runId,
      runType: RUN_TYPES[h.runType as keyof typeof RUN_TYPES],
      payPeriod: { taxYear: h.taxYear, frequency: FREQUENCIES[h.frequency as keyof typeof FREQUENCIES], number: period, from: h.periodFrom, to: h.periodTo },
      payDate: h.payDate,
      ...(h.completedAt ? { completedAt: h.completedAt } : {}),
    },
  };
}

const AMOUNTS = ['gross', 'tax', 'employeeNi', 'employeePension', 'otherDeductions', 'net', 'employerNi', 'employerPension'] as const;

/** A D record: one payslip. Its net must be its gross less its deductions, or the journal cannot balance. */
export function readPayslip(rec: CsvRecord, forceCode: string): Read<Payslip> {
  if (rec.fields[0] !== 'D') return { error: `record type "${rec.fields[0]}" where an employee record (D) belongs` };
  const f = fieldsOf(rec, EMPLOYEE_FIELDS);
  if ('error' in f) return f;
  const d = f.value;
  const problem =
    d.forceCode !== forceCode ? `employee record of force ${d.forceCode || '(none)'} in force ${forceCode}'s pay run`
    : !d.employeeRef ? 'missing employee ref'
    : !EMPLOYEE_ID.test(d.employeeRef) ? `employee ref "${d.employeeRef}" is not an employee number`
    : !(CATEGORIES as readonly string[]).includes(d.category) ? `unknown category "${d.category}" (O officer, S staff)`
    : !COST_CENTRE.test(d.costCentre) ? `cost centre "${d.costCentre}" is not a cost-centre code`
    : !(MOVEMENTS as readonly string[]).includes(d.movement) ? `unknown movement "${d.movement}" (S starter, L leaver, or empty)`
    : undefined;
  if (problem) return { error: `${d.employeeRef || 'employee'}: ${problem}` };
  const a = amountsOf(d, AMOUNTS);
  if ('error' in a) return { error: `${d.employeeRef}: ${a.error}` };
  const expectedNet = a.value.gross - a.value.tax - a.value.employeeNi - a.value.employeePension - a.value.otherDeductions;
  if (a.value.net !== expectedNet) return { error: `${d.employeeRef}: net ${d.net} is not gross less deductions (${poundsOf(expectedNet)})` };
  return {
    value: { employeeRef: d.employeeRef, category: d.category as 'O' | 'S', costCentre: d.costCentre, movement: d.movement as Payslip['movement'], ...a.value },
  };
}

export function readTrailer(rec: CsvRecord): Read<RunTrailer> {
  const f = fieldsOf(rec, TRAILER_FIELDS);
  if ('error' in f) return f;
  if (!/^\d+$/.test(f.value.recordCount)) return { error: `record count "${f.value.recordCount}" is not a number` };
  const a = amountsOf(f.value, ['totalGross', 'totalNet'] as const);
  if ('error' in a) return a;
  return { value: { recordCount: Number(f.value.recordCount), ...a.value } };
}
