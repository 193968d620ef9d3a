// What the bureau checks in each record before it takes it: required fields, its own codes,
// dates and amounts in its format. Answers the fields at fault, as its 422 bodies do.
import {
  ASSIGNMENT_REASONS,
  EmployeeChangeKind,
  LEAVING_REASONS,
  PAY_CHANGE_TYPES,
  PayrollAssignmentRecord,
  PayrollEmployeeRecord,
  PayrollLeaverRecord,
  PayrollPayChangeRecord,
  RATE_BASES,
} from '../target/payroll.format';

interface RecordRule {
  required: string[];
  codes?: Record<string, readonly string[]>;
  dates?: string[];
  pounds?: string[];
}

export const EMPLOYEE_REQUIRED: (keyof PayrollEmployeeRecord)[] = ['employeeRef', 'forceCode', 'forenames', 'surname', 'dateOfBirth', 'startDate', 'payGrade', 'costCentre', 'hoursFte', 'annualSalary', 'currency', 'payFrequency'];

const assignment: RecordRule & { required: (keyof PayrollAssignmentRecord)[] } = {
  required: ['employeeRef', 'forceCode', 'reasonCode', 'effectiveDate', 'payGrade', 'costCentre', 'orgUnitCode', 'orgUnitName'],
  codes: { reasonCode: ASSIGNMENT_REASONS },
  dates: ['effectiveDate', 'endDate'],
};
const leaver: RecordRule & { required: (keyof PayrollLeaverRecord)[] } = {
  required: ['employeeRef', 'forceCode', 'reasonCode', 'lastWorkingDay', 'offPayrollFrom'],
  codes: { reasonCode: LEAVING_REASONS },
  dates: ['lastWorkingDay', 'offPayrollFrom'],
};
const payChange: RecordRule & { required: (keyof PayrollPayChangeRecord)[] } = {
  required: ['changeRef', 'employeeRef', 'forceCode', 'changeType', 'payElement', 'amount', 'currency', 'rateBasis', 'effectiveDate'],
  codes: { changeType: PAY_CHANGE_TYPES, rateBasis: RATE_BASES, currency: ['GBP'] },
  dates: ['effectiveDate', 'endDate'],
  pounds: ['amount'],
};

export const CHANGE_RULES: Record<EmployeeChangeKind, RecordRule> = { assignments: assignment, leavers: leaver, 'pay-changes': payChange };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const POUNDS = /^\d+\.\d{2}$/;
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

export function missingFields(record: Record<string, unknown>, required: readonly string[]): string[] {
  return required.filter((f) => !present(record[f]));
}

/** Fields present but not in the bureau's format: a code it does not know, a bad date or amount. */
export function invalidFields(record: Record<string, unknown>, rule: RecordRule): string[] {
  const bad = (fields: string[] | undefined, ok: (v: unknown) => boolean) => (fields ?? []).filter((f) => present(record[f]) && !ok(record[f]));
  return [
    ...Object.entries(rule.codes ?? {}).filter(([f, codes]) => present(record[f]) && !codes.includes(record[f] as string)).map(([f]) => f),
    ...bad(rule.dates, (v) => typeof v === 'string' && DATE.test(v)),
    ...bad(rule.pounds, (v) => typeof v === 'string' && POUNDS.test(v)),
  ];
}
