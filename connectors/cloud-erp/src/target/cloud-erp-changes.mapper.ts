import type { HrEmployeeLeftV1Data, HrEmployeeMovedV1Data, PayrollPayChangeRequestedV1Data } from '@hub/canonical-types';
import { assertPayablePayChange } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { addDays } from './cloud-erp.dates';
import { CompensationChangeType, ErpCompensationChange, ErpJobChange, ErpTermination, JobChangeReason, PayFrequency, TerminationReason } from './cloud-erp.format';

/** The ERP has no temporary promotion of its own: it is a promotion marked temporary, as a secondment is. */
export const ERP_JOB_CHANGE: Record<HrEmployeeMovedV1Data['moveType'], { reason: JobChangeReason; temporary: boolean }> = {
  transfer: { reason: 'TRANSFER', temporary: false },
  promotion: { reason: 'PROMOTION', temporary: false },
  'temporary-promotion': { reason: 'PROMOTION', temporary: true },
  secondment: { reason: 'SECONDMENT', temporary: true },
  'cost-centre-change': { reason: 'COST_CENTRE_CHANGE', temporary: false },
};

export const ERP_TERMINATION_REASON: Record<HrEmployeeLeftV1Data['reason'], TerminationReason> = {
  resignation: 'RESIGNATION',
  retirement: 'RETIREMENT',
  dismissal: 'DISMISSAL',
  'transfer-out': 'TRANSFER_OUT',
  'end-of-contract': 'END_OF_CONTRACT',
  'death-in-service': 'DEATH_IN_SERVICE',
};

export const ERP_CHANGE_TYPE: Record<PayrollPayChangeRequestedV1Data['changeType'], CompensationChangeType> = {
  'pay-award': 'PAY_AWARD',
  increment: 'INCREMENT',
  allowance: 'ALLOWANCE',
  'one-off-payment': 'ONE_TIME_PAYMENT',
};

export const ERP_PAY_FREQUENCY: Record<PayrollPayChangeRequestedV1Data['basis'], PayFrequency> = { annual: 'ANNUAL', 'per-pay-period': 'PER_PAY_PERIOD', 'one-off': 'ONE_TIME' };

/** Kept for the connector's importers: the SDK's, which every connector throws. */
export { mappingFailed } from '@hub/connector-sdk';

/** Canonical move → the ERP's job change of that worker: `to` is the whole new position. */
export function mapMoveToCloudErp(event: CanonicalEvent): { workerNumber: string; body: ErpJobChange } {
  const d = event.data as HrEmployeeMovedV1Data;
  const { reason, temporary } = ERP_JOB_CHANGE[d.moveType];
  return {
    workerNumber: d.employeeId,
    body: {
      reason,
      temporary,
      effectiveDate: d.effectiveFrom,
      endDate: d.effectiveTo ?? null,
      position: { title: d.to.jobTitle ?? null, rank: d.to.rank ?? null, gradeCode: d.to.grade, orgUnitCode: d.to.orgUnit.code, costCentre: d.to.costCentre },
      hostOrganisation: d.secondedTo ?? null,
      correction: d.corrects ? { reason: d.corrects.reason } : null,
    },
  };
}

/** Canonical leaver → the ERP's termination, whose date is the last day employed, not the first day gone. */
export function mapLeaverToCloudErp(event: CanonicalEvent): { workerNumber: string; body: ErpTermination } {
  const d = event.data as HrEmployeeLeftV1Data;
  return {
    workerNumber: d.employeeId,
    body: {
      reason: ERP_TERMINATION_REASON[d.reason],
      lastDayWorked: d.lastWorkingDay,
      terminationDate: addDays(d.effectiveFrom, -1),
      correction: d.corrects ? { reason: d.corrects.reason } : null,
    },
  };
}

/**
 * Canonical pay change → the ERP's compensation change. A one-time payment has no rate and a rate
 * is never paid once, so a one-off basis on anything but a one-off payment (or the reverse) has no
 * ERP form; nor has an allowance without its plan.
 */
export function mapPayChangeToCloudErp(event: CanonicalEvent): ErpCompensationChange {
  const d = event.data as PayrollPayChangeRequestedV1Data;
  assertPayablePayChange(d, 'the ERP');
  return {
    requestReference: d.requestId,
    workerNumber: d.employeeId,
    changeType: ERP_CHANGE_TYPE[d.changeType],
    allowanceCode: d.changeType === 'allowance' ? d.allowanceCode! : null,
    amount: { amountMinor: d.amount.amountMinor, currency: d.amount.currency },
    frequency: ERP_PAY_FREQUENCY[d.basis],
    gradeCode: d.grade ?? null,
    effectiveDate: d.effectiveFrom,
    endDate: d.effectiveTo ?? null,
    approvedBy: d.authorisedBy?.employeeId ?? null,
    correction: d.corrects ? { reason: d.corrects.reason } : null,
  };
}
