import type { HrEmployeeLeftV1Data, HrEmployeeMovedV1Data, PayrollPayChangeRequestedV1Data } from '@hub/canonical-types';
import { assertPayablePayChange, minorUnitsIn, poundsOf } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import {
  AssignmentReason,
  LeavingReason,
  PayChangeType,
  PayrollAssignmentRecord,
  PayrollLeaverRecord,
  PayrollPayChangeRecord,
  RateBasis,
} from './payroll.format';

export const ASSIGNMENT_REASON: Record<HrEmployeeMovedV1Data['moveType'], AssignmentReason> = {
  transfer: 'TRF',
  promotion: 'PRM',
  'temporary-promotion': 'TPR',
  secondment: 'SEC',
  'cost-centre-change': 'CCC',
};

export const LEAVING_REASON: Record<HrEmployeeLeftV1Data['reason'], LeavingReason> = {
  resignation: 'RES',
  retirement: 'RET',
  dismissal: 'DSM',
  'transfer-out': 'TRO',
  'end-of-contract': 'EOC',
  'death-in-service': 'DIS',
};

export const CHANGE_TYPE: Record<PayrollPayChangeRequestedV1Data['changeType'], PayChangeType> = {
  'pay-award': 'AWD',
  increment: 'INC',
  allowance: 'ALW',
  'one-off-payment': 'ONE',
};

export const RATE_BASIS: Record<PayrollPayChangeRequestedV1Data['basis'], RateBasis> = { annual: 'A', 'per-pay-period': 'P', 'one-off': 'O' };

/** Canonical move → the bureau's assignment: `to` is the whole new position. */
export function mapMoveToPayroll(event: CanonicalEvent): PayrollAssignmentRecord {
  const d = event.data as HrEmployeeMovedV1Data;
  return {
    employeeRef: d.employeeId,
    forceCode: event.tenant.toUpperCase(),
    reasonCode: ASSIGNMENT_REASON[d.moveType],
    effectiveDate: d.effectiveFrom,
    endDate: d.effectiveTo ?? null,
    payGrade: d.to.grade,
    costCentre: d.to.costCentre,
    orgUnitCode: d.to.orgUnit.code,
    orgUnitName: d.to.orgUnit.name,
    jobTitle: d.to.jobTitle ?? null,
    rank: d.to.rank ?? null,
    hostOrganisation: d.secondedTo ?? null,
    correctionNote: d.corrects?.reason ?? null,
  };
}

export function mapLeaverToPayroll(event: CanonicalEvent): PayrollLeaverRecord {
  const d = event.data as HrEmployeeLeftV1Data;
  return {
    employeeRef: d.employeeId,
    forceCode: event.tenant.toUpperCase(),
    reasonCode: LEAVING_REASON[d.reason],
    lastWorkingDay: d.lastWorkingDay,
    offPayrollFrom: d.effectiveFrom,
    correctionNote: d.corrects?.reason ?? null,
  };
}

/**
 * Canonical pay change → the bureau's pay-change instruction. The bureau pays GBP only, and pays a
 * one-off sum only as a one-off payment: any other pairing would be paid wrongly, so it fails here.
 */
export function mapPayChangeToPayroll(event: CanonicalEvent): PayrollPayChangeRecord {
  const d = event.data as PayrollPayChangeRequestedV1Data;
  const amount = minorUnitsIn(d.amount, 'GBP', '/data/amount', 'payroll pays in');
  assertPayablePayChange(d, 'payroll');
  const payElement = d.changeType === 'allowance' ? d.allowanceCode! : d.changeType === 'one-off-payment' ? 'ONE-OFF' : 'BASIC';
  return {
    changeRef: d.requestId,
    employeeRef: d.employeeId,
    forceCode: event.tenant.toUpperCase(),
    changeType: CHANGE_TYPE[d.changeType],
    payElement,
    amount: poundsOf(amount),
    currency: 'GBP',
    rateBasis: RATE_BASIS[d.basis],
    payGrade: d.grade ?? null,
    effectiveDate: d.effectiveFrom,
    endDate: d.effectiveTo ?? null,
    authorisedBy: d.authorisedBy?.employeeId ?? null,
    correctionNote: d.corrects?.reason ?? null,
  };
}
