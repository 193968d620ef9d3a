import { canonicalCodeOf, carriedFields, ComparableValue, penceOf } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { PayrollAssignmentRecord, PayrollCall, PayrollEmployeeRecord, PayrollLeaverRecord, PayrollPayChangeRecord } from './payroll.format';
import { ASSIGNMENT_REASON, CHANGE_TYPE, LEAVING_REASON, RATE_BASIS } from './payroll-changes.mapper';

/**
 * What a bureau call says about the canonical event, read from the call alone (the event only says
 * which version's name pointer applies): pounds back to pence, the bureau's codes back to the
 * canonical ones, the force code back to the tenant. For a parallel run's field-by-field comparison.
 */
export function payrollCanonicalFields(call: PayrollCall, event: CanonicalEvent): Record<string, ComparableValue> {
  switch (call.kind) {
    case 'new-employee':
      return employeeFields(call.body, event.type === 'hr.employee.joined.v2' ? '/data/legalName' : '/data/name');
    case 'assignment':
      return assignmentFields(call.body);
    case 'leaver':
      return leaverFields(call.body);
    case 'pay-change':
      return payChangeFields(call.body);
  }
}

/**
 * The bureau holds names as one text: `forenames` is the forename and middle names joined, and
 * `knownAs` the preferred forename and surname joined. Read back, the first word is the first part
 * and the rest the second: where the first part itself has a space ("Mary Ann"), the bureau's
 * record no longer says where it ended (a known difference, connectors/payroll/README.md).
 */
export function splitAtFirstSpace(text: string | null): [string | undefined, string | undefined] {
  if (!text) return [undefined, undefined];
  const i = text.indexOf(' ');
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function employeeFields(r: PayrollEmployeeRecord, name: '/data/name' | '/data/legalName'): Record<string, ComparableValue> {
  const [forename, middleNames] = splitAtFirstSpace(r.forenames);
  const [knownForename, knownSurname] = splitAtFirstSpace(r.knownAs);
  return carriedFields({
    '/tenant': r.forceCode.toLowerCase(),
    '/data/employeeId': r.employeeRef,
    [`${name}/forename`]: forename,
    [`${name}/middleNames`]: middleNames,
    [`${name}/surname`]: r.surname,
    '/data/preferredName/forename': knownForename,
    '/data/preferredName/surname': knownSurname,
    '/data/dateOfBirth': r.dateOfBirth,
    '/data/niNumber': r.nino,
    '/data/effectiveFrom': r.startDate,
    '/data/employment/grade': r.payGrade,
    '/data/employment/costCentre': r.costCentre,
    '/data/employment/fte': r.hoursFte,
    '/data/employment/annualSalary/amountMinor': penceOf(r.annualSalary),
    '/data/employment/annualSalary/currency': r.currency,
  });
}

function assignmentFields(r: PayrollAssignmentRecord): Record<string, ComparableValue> {
  return carriedFields({
    '/tenant': r.forceCode.toLowerCase(),
    '/data/employeeId': r.employeeRef,
    '/data/moveType': canonicalCodeOf(ASSIGNMENT_REASON, r.reasonCode),
    '/data/effectiveFrom': r.effectiveDate,
    '/data/effectiveTo': r.endDate,
    '/data/to/grade': r.payGrade,
    '/data/to/costCentre': r.costCentre,
    '/data/to/orgUnit/code': r.orgUnitCode,
    '/data/to/orgUnit/name': r.orgUnitName,
    '/data/to/jobTitle': r.jobTitle,
    '/data/to/rank': r.rank,
    '/data/secondedTo': r.hostOrganisation,
    '/data/corrects/reason': r.correctionNote,
  });
}

function leaverFields(r: PayrollLeaverRecord): Record<string, ComparableValue> {
  return carriedFields({
    '/tenant': r.forceCode.toLowerCase(),
    '/data/employeeId': r.employeeRef,
    '/data/reason': canonicalCodeOf(LEAVING_REASON, r.reasonCode),
    '/data/lastWorkingDay': r.lastWorkingDay,
    '/data/effectiveFrom': r.offPayrollFrom,
    '/data/corrects/reason': r.correctionNote,
  });
}

function payChangeFields(r: PayrollPayChangeRecord): Record<string, ComparableValue> {
  return carriedFields({
    '/tenant': r.forceCode.toLowerCase(),
    '/data/requestId': r.changeRef,
    '/data/employeeId': r.employeeRef,
    '/data/changeType': canonicalCodeOf(CHANGE_TYPE, r.changeType),
    // The pay element is the allowance code only for an allowance (else BASIC or ONE-OFF, no canonical field).
    '/data/allowanceCode': r.changeType === 'ALW' ? r.payElement : undefined,
    '/data/amount/amountMinor': penceOf(r.amount),
    '/data/amount/currency': r.currency,
    '/data/basis': canonicalCodeOf(RATE_BASIS, r.rateBasis),
    '/data/grade': r.payGrade,
    '/data/effectiveFrom': r.effectiveDate,
    '/data/effectiveTo': r.endDate,
    '/data/authorisedBy/employeeId': r.authorisedBy,
    '/data/corrects/reason': r.correctionNote,
  });
}
