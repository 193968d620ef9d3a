import type { HrEmployeeJoinedV1Data, HrEmployeeJoinedV2Data } from '@hub/canonical-types';
import { CanonicalEvent } from '@hub/events';
import { DeliveryErrorCode, minorUnitsIn, PermanentDeliveryError, poundsOf } from '@hub/connector-sdk';
import { employeeChangePath, EMPLOYEES_PATH, PayrollCall, PayrollEmployeeRecord } from './payroll.format';
import { mapLeaverToPayroll, mapMoveToPayroll, mapPayChangeToPayroll } from './payroll-changes.mapper';

type Name = { forename: string; middleNames?: string; surname: string };

/**
 * Canonical joiner (v1 or v2, served side by side) → payroll employee record. Payroll pays the
 * legal name; v2's preferred name travels as `knownAs`. A fact payroll cannot represent is a
 * permanent failure.
 */
export function mapJoinerToPayroll(event: CanonicalEvent): PayrollEmployeeRecord {
  const v2 = event.type === 'hr.employee.joined.v2';
  const d = event.data as HrEmployeeJoinedV1Data | HrEmployeeJoinedV2Data;
  const legal: Name = v2 ? (d as HrEmployeeJoinedV2Data).legalName : (d as HrEmployeeJoinedV1Data).name;
  const known = v2 ? (d as HrEmployeeJoinedV2Data).preferredName : undefined;
  const salary = minorUnitsIn(d.employment.annualSalary, 'GBP', '/data/employment/annualSalary', 'payroll pays in');
  return {
    employeeRef: d.employeeId,
    forceCode: event.tenant.toUpperCase(),
    forenames: [legal.forename, legal.middleNames].filter(Boolean).join(' '),
    surname: legal.surname,
    knownAs: known ? [known.forename, known.surname].filter(Boolean).join(' ') : null,
    dateOfBirth: d.dateOfBirth,
    nino: d.niNumber ?? null,
    startDate: d.effectiveFrom,
    payGrade: d.employment.grade,
    costCentre: d.employment.costCentre,
    hoursFte: d.employment.fte,
    annualSalary: poundsOf(salary),
    currency: 'GBP',
    payFrequency: 'M',
  };
}

/** Canonical event (of a type the manifest consumes) → the one bureau call that carries it. */
export function toPayrollCall(event: CanonicalEvent): PayrollCall {
  switch (event.type) {
    case 'hr.employee.joined.v1':
    case 'hr.employee.joined.v2':
      return { kind: 'new-employee', method: 'POST', path: EMPLOYEES_PATH, body: mapJoinerToPayroll(event) };
    case 'hr.employee.moved.v1': {
      const body = mapMoveToPayroll(event);
      return { kind: 'assignment', method: 'POST', path: employeeChangePath(body.employeeRef, 'assignments'), body };
    }
    case 'hr.employee.left.v1': {
      const body = mapLeaverToPayroll(event);
      return { kind: 'leaver', method: 'POST', path: employeeChangePath(body.employeeRef, 'leavers'), body };
    }
    case 'payroll.pay-change.requested.v1': {
      const body = mapPayChangeToPayroll(event);
      return { kind: 'pay-change', method: 'POST', path: employeeChangePath(body.employeeRef, 'pay-changes'), body };
    }
    default:
      throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `payroll has no call for ${event.type}`);
  }
}
