// What the ERP checks in each resource before it stores it: required fields, its own codes, dates,
// money and FTE in its format. Answers the fields at fault as its 422 problems list them.
import {
  COMPENSATION_CHANGE_TYPES,
  ErpCompensationChange,
  ErpFieldError,
  ErpFieldPath,
  erpFieldValue,
  ErpJobChange,
  ErpTermination,
  ErpWorker,
  JOB_CHANGE_REASONS,
  PAY_FREQUENCIES,
  TERMINATION_REASONS,
  WORKER_CATEGORIES,
} from '../target/cloud-erp.format';

export interface ResourceRule<R> {
  required: ErpFieldPath<R>[];
  codes?: Partial<Record<ErpFieldPath<R>, readonly string[]>>;
  dates?: ErpFieldPath<R>[];
  /** Integer minor units, not negative. */
  minorUnits?: ErpFieldPath<R>[];
  booleans?: ErpFieldPath<R>[];
  /** A full-time equivalent: 0.01 to 1.00, two decimals at most. */
  fte?: ErpFieldPath<R>[];
  /** Fields holding a grade code, checked against the catalogue. */
  grades?: ErpFieldPath<R>[];
  /** Fields holding a currency, checked against the tenant's payroll currency. */
  currencies?: ErpFieldPath<R>[];
}

export const WORKER_RULE: ResourceRule<ErpWorker> = {
  required: ['workerNumber', 'legalName.givenName', 'legalName.familyName', 'birthDate', 'hireDate', 'category', 'position.title', 'position.gradeCode', 'position.orgUnitCode', 'position.costCentre', 'compensation.annualBase.amountMinor', 'compensation.annualBase.currency', 'compensation.fte'],
  codes: { category: WORKER_CATEGORIES },
  dates: ['birthDate', 'hireDate'],
  minorUnits: ['compensation.annualBase.amountMinor'],
  fte: ['compensation.fte'],
  grades: ['position.gradeCode'],
  currencies: ['compensation.annualBase.currency'],
};

export const JOB_CHANGE_RULE: ResourceRule<ErpJobChange> = {
  required: ['reason', 'temporary', 'effectiveDate', 'position.gradeCode', 'position.orgUnitCode', 'position.costCentre'],
  codes: { reason: JOB_CHANGE_REASONS },
  dates: ['effectiveDate', 'endDate'],
  booleans: ['temporary'],
  grades: ['position.gradeCode'],
};

export const TERMINATION_RULE: ResourceRule<ErpTermination> = {
  required: ['reason', 'lastDayWorked', 'terminationDate'],
  codes: { reason: TERMINATION_REASONS },
  dates: ['lastDayWorked', 'terminationDate'],
};

export const COMPENSATION_CHANGE_RULE: ResourceRule<ErpCompensationChange> = {
  required: ['requestReference', 'workerNumber', 'changeType', 'amount.amountMinor', 'amount.currency', 'frequency', 'effectiveDate'],
  codes: { changeType: COMPENSATION_CHANGE_TYPES, frequency: PAY_FREQUENCIES },
  dates: ['effectiveDate', 'endDate'],
  minorUnits: ['amount.amountMinor'],
  grades: ['gradeCode'],
  currencies: ['amount.currency'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const isDate = (v: unknown) => typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** What the catalogue and the tenant's settings say is acceptable. */
export interface TenantSettings {
  grades: ReadonlySet<string>;
  currency: string;
}

/** Every field at fault, in the order a rule lists them: missing first, then malformed, then unknown to the tenant. */
export function fieldErrors<R>(body: unknown, rule: ResourceRule<R>, tenant: TenantSettings): ErpFieldError[] {
  const at = (f: string) => erpFieldValue(body, f);
  const has = (fields: string[] | undefined) => (fields ?? []).filter((f) => present(at(f)));
  const errors: ErpFieldError[] = rule.required.filter((f) => !present(at(f))).map((field) => ({ field, code: 'required' }));
  const bad = (fields: string[], ok: (v: unknown) => boolean, detail: string) =>
    fields.filter((f) => !ok(at(f)) && !errors.some((e) => e.field === f)).forEach((field) => errors.push({ field, code: 'invalid', detail }));
  for (const [field, codes] of Object.entries(rule.codes ?? {}) as [string, readonly string[]][]) {
    if (present(at(field)) && !codes.includes(at(field) as string)) errors.push({ field, code: 'invalid', detail: `one of ${codes.join(', ')}` });
  }
  bad(has(rule.dates), isDate, 'an ISO date, YYYY-MM-DD');
  bad(has(rule.minorUnits), (v) => Number.isInteger(v) && (v as number) >= 0, 'whole minor units, not negative');
  bad(has(rule.fte), (v) => typeof v === 'number' && v > 0 && v <= 1 && Number.isInteger(Number((v * 100).toPrecision(12))), '0.01 to 1.00, two decimals at most');
  bad((rule.booleans ?? []).filter((f) => at(f) !== undefined), (v) => typeof v === 'boolean', 'true or false');
  for (const field of has(rule.grades)) {
    if (!tenant.grades.has(at(field) as string)) errors.push({ field, code: 'unknown', detail: `grade ${String(at(field))} is not in the grade catalogue` });
  }
  for (const field of has(rule.currencies)) {
    if (at(field) !== tenant.currency) errors.push({ field, code: 'unsupported', detail: `this tenant pays in ${tenant.currency}` });
  }
  return errors;
}
