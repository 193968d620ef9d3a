import type { HrEmployeeJoinedV1Data, HrEmployeeJoinedV2Data, HrEmployeeLeftV1Data, HrEmployeeMovedV1Data, PayrollPayChangeRequestedV1Data } from '@hub/canonical-types';
import { canonicalCodeOf, ComparableValue } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { addDays } from './cloud-erp.dates';
import { CloudErpCall, CompensationChangeType, ErpCompensationChange, erpFieldValue, ErpFieldPath, ErpJobChange, ErpProblem, ErpTermination, ErpWorker, LeafPath, PayFrequency, TerminationReason, WorkerCategory } from './cloud-erp.format';
import { ERP_CHANGE_TYPE, ERP_JOB_CHANGE, ERP_PAY_FREQUENCY, ERP_TERMINATION_REASON } from './cloud-erp-changes.mapper';
import { ERP_WORKER_CATEGORY } from './cloud-erp.mapper';

/** A canonical field of an event whose data is `D`, as a JSON Pointer into the event. */
type Pointer<D> = `/data/${LeafPath<D, '/'>}`;

/**
 * One ERP field and the canonical field it holds, both checked by the compiler (a field the record
 * or the canonical type does not have does not compile). canonicalFields reads the record back
 * through it, and a refusal naming the ERP field names the canonical one.
 */
interface FieldLink<R, P extends string> {
  erp: ErpFieldPath<R>;
  canonical: P;
  /** The ERP's value as the canonical schema writes it, where the two differ (codes, dates). */
  read?: (value: unknown, record: R) => ComparableValue | undefined;
}

type JoinedV1 = Pointer<HrEmployeeJoinedV1Data>;
type JoinedV2 = Pointer<HrEmployeeJoinedV2Data>;

const HIRE: FieldLink<ErpWorker, JoinedV1 & JoinedV2>[] = [
  { erp: 'workerNumber', canonical: '/data/employeeId' },
  { erp: 'birthDate', canonical: '/data/dateOfBirth' },
  { erp: 'nationalInsuranceNumber', canonical: '/data/niNumber' },
  { erp: 'workEmail', canonical: '/data/email' },
  { erp: 'hireDate', canonical: '/data/effectiveFrom' },
  { erp: 'category', canonical: '/data/employment/workerType', read: (v) => canonicalCodeOf(ERP_WORKER_CATEGORY, v as WorkerCategory) },
  { erp: 'position.title', canonical: '/data/employment/jobTitle' },
  { erp: 'position.rank', canonical: '/data/employment/rank' },
  { erp: 'position.gradeCode', canonical: '/data/employment/grade' },
  { erp: 'position.orgUnitCode', canonical: '/data/employment/orgUnit/code' },
  { erp: 'position.costCentre', canonical: '/data/employment/costCentre' },
  { erp: 'compensation.annualBase.amountMinor', canonical: '/data/employment/annualSalary/amountMinor' },
  { erp: 'compensation.annualBase.currency', canonical: '/data/employment/annualSalary/currency' },
  { erp: 'compensation.fte', canonical: '/data/employment/fte' },
  { erp: 'correction.reason', canonical: '/data/corrects/reason' },
];

const HIRE_V1: FieldLink<ErpWorker, JoinedV1>[] = [
  ...HIRE,
  { erp: 'legalName.title', canonical: '/data/name/title' },
  { erp: 'legalName.givenName', canonical: '/data/name/forename' },
  { erp: 'legalName.middleNames', canonical: '/data/name/middleNames' },
  { erp: 'legalName.familyName', canonical: '/data/name/surname' },
];

const HIRE_V2: FieldLink<ErpWorker, JoinedV2>[] = [
  ...HIRE,
  { erp: 'legalName.title', canonical: '/data/legalName/title' },
  { erp: 'legalName.givenName', canonical: '/data/legalName/forename' },
  { erp: 'legalName.middleNames', canonical: '/data/legalName/middleNames' },
  { erp: 'legalName.familyName', canonical: '/data/legalName/surname' },
  { erp: 'preferredName.givenName', canonical: '/data/preferredName/forename' },
  { erp: 'preferredName.familyName', canonical: '/data/preferredName/surname' },
];

/** The move type a job change's reason and temporary flag stand for together. */
const moveTypeOf = (r: ErpJobChange) => canonicalCodeOf(ERP_JOB_CHANGE, r, (a, b) => a.reason === b.reason && a.temporary === b.temporary);

const JOB_CHANGE: FieldLink<ErpJobChange, Pointer<HrEmployeeMovedV1Data>>[] = [
  { erp: 'reason', canonical: '/data/moveType', read: (_, r) => moveTypeOf(r) },
  { erp: 'temporary', canonical: '/data/moveType', read: (_, r) => moveTypeOf(r) },
  { erp: 'effectiveDate', canonical: '/data/effectiveFrom' },
  { erp: 'endDate', canonical: '/data/effectiveTo' },
  { erp: 'position.title', canonical: '/data/to/jobTitle' },
  { erp: 'position.rank', canonical: '/data/to/rank' },
  { erp: 'position.gradeCode', canonical: '/data/to/grade' },
  { erp: 'position.orgUnitCode', canonical: '/data/to/orgUnit/code' },
  { erp: 'position.costCentre', canonical: '/data/to/costCentre' },
  { erp: 'hostOrganisation', canonical: '/data/secondedTo' },
  { erp: 'correction.reason', canonical: '/data/corrects/reason' },
];

const TERMINATION: FieldLink<ErpTermination, Pointer<HrEmployeeLeftV1Data>>[] = [
  { erp: 'reason', canonical: '/data/reason', read: (v) => canonicalCodeOf(ERP_TERMINATION_REASON, v as TerminationReason) },
  { erp: 'lastDayWorked', canonical: '/data/lastWorkingDay' },
  // The ERP's last day employed; the canonical effectiveFrom is the first day gone.
  { erp: 'terminationDate', canonical: '/data/effectiveFrom', read: (v) => addDays(v as string, 1) },
  { erp: 'correction.reason', canonical: '/data/corrects/reason' },
];

const COMPENSATION_CHANGE: FieldLink<ErpCompensationChange, Pointer<PayrollPayChangeRequestedV1Data>>[] = [
  { erp: 'requestReference', canonical: '/data/requestId' },
  { erp: 'workerNumber', canonical: '/data/employeeId' },
  { erp: 'changeType', canonical: '/data/changeType', read: (v) => canonicalCodeOf(ERP_CHANGE_TYPE, v as CompensationChangeType) },
  { erp: 'allowanceCode', canonical: '/data/allowanceCode' },
  { erp: 'amount.amountMinor', canonical: '/data/amount/amountMinor' },
  { erp: 'amount.currency', canonical: '/data/amount/currency' },
  { erp: 'frequency', canonical: '/data/basis', read: (v) => canonicalCodeOf(ERP_PAY_FREQUENCY, v as PayFrequency) },
  { erp: 'gradeCode', canonical: '/data/grade' },
  { erp: 'effectiveDate', canonical: '/data/effectiveFrom' },
  { erp: 'endDate', canonical: '/data/effectiveTo' },
  { erp: 'approvedBy', canonical: '/data/authorisedBy/employeeId' },
  { erp: 'correction.reason', canonical: '/data/corrects/reason' },
];

/** A link of any record type, as linksOf answers it (the tables above are checked where they are written). */
interface Link {
  erp: string;
  canonical: string;
  read?: (value: unknown, record: never) => ComparableValue | undefined;
}

function linksOf(call: CloudErpCall, event: CanonicalEvent): readonly Link[] {
  switch (call.kind) {
    case 'worker':
      return event.type === 'hr.employee.joined.v2' ? HIRE_V2 : HIRE_V1;
    case 'job-change':
      return JOB_CHANGE;
    case 'termination':
      return TERMINATION;
    case 'compensation-change':
      return COMPENSATION_CHANGE;
  }
}

/**
 * What an ERP call says about the canonical event, read from the call (the event only says which
 * version's name pointers apply): the ERP's codes back to canonical ones, its termination date back
 * to the first day gone, and only the fields the call carries. The worker number is the path's for
 * a job change or termination, the body's otherwise.
 */
export function cloudErpCanonicalFields(call: CloudErpCall, event: CanonicalEvent): Record<string, ComparableValue> {
  const out: Record<string, ComparableValue> = { '/data/employeeId': call.workerNumber };
  for (const link of linksOf(call, event)) {
    const raw = erpFieldValue(call.body, link.erp);
    const value = raw === null || raw === undefined ? undefined : link.read ? link.read(raw, call.body as never) : (raw as ComparableValue);
    if (value !== undefined && value !== null) out[link.canonical] = value;
  }
  return out;
}

/**
 * The canonical field an ERP refusal names first (`position.gradeCode` of a hire →
 * `/data/employment/grade`; the path's `workerNumber` → `/data/employeeId`), for the dead letter.
 */
export function canonicalFieldOfProblem(call: CloudErpCall, event: CanonicalEvent, problem: unknown): string | undefined {
  const errors = (problem as Partial<ErpProblem> | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const links = linksOf(call, event);
  for (const e of errors) {
    const field = (e as { field?: unknown })?.field;
    if (field === 'workerNumber') return '/data/employeeId';
    const link = links.find((l) => l.erp === field);
    if (link) return link.canonical;
  }
  return undefined;
}
