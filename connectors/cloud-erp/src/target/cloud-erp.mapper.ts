import type { HrEmployeeJoinedV1Data, HrEmployeeJoinedV2Data } from '@hub/canonical-types';
import { DeliveryErrorCode, mappingFailed, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { COMPENSATION_CHANGES_PATH, CloudErpCall, ErpWorker, WorkerCategory, workerChangePath, WORKERS_PATH } from './cloud-erp.format';
import { mapLeaverToCloudErp, mapMoveToCloudErp, mapPayChangeToCloudErp } from './cloud-erp-changes.mapper';

export const ERP_WORKER_CATEGORY: Record<HrEmployeeJoinedV1Data['employment']['workerType'], WorkerCategory> = {
  officer: 'POLICE_OFFICER',
  staff: 'POLICE_STAFF',
  'special-constable': 'SPECIAL_CONSTABLE',
};

/**
 * The ERP holds FTE to two decimals, rounded half up on the decimal value (0.285 → 0.29, not the
 * 0.28 that binary floating point gives). The annual amount is what the person is paid, so the
 * rounding changes no pay; an FTE that rounds to 0 cannot be held at all.
 */
export function erpFte(fte: number): number {
  const rounded = Math.round(Number((fte * 100).toPrecision(12))) / 100;
  if (rounded <= 0) throw mappingFailed(`the ERP holds FTE to two decimals, and ${fte} would be 0.00`, '/data/employment/fte');
  return rounded;
}

/** Canonical joiner (v1 or v2) → the ERP's hire: the legal name in its parts, v2's preferred name beside it. */
export function mapJoinerToCloudErp(event: CanonicalEvent): ErpWorker {
  const v2 = event.type === 'hr.employee.joined.v2';
  const d = event.data as HrEmployeeJoinedV1Data | HrEmployeeJoinedV2Data;
  const legal = v2 ? (d as HrEmployeeJoinedV2Data).legalName : (d as HrEmployeeJoinedV1Data).name;
  const preferred = v2 ? (d as HrEmployeeJoinedV2Data).preferredName : undefined;
  const e = d.employment;
  return {
    workerNumber: d.employeeId,
    legalName: { title: legal.title ?? null, givenName: legal.forename, middleNames: legal.middleNames ?? null, familyName: legal.surname },
    preferredName: preferred ? { givenName: preferred.forename, familyName: preferred.surname ?? null } : null,
    birthDate: d.dateOfBirth,
    nationalInsuranceNumber: d.niNumber ?? null,
    workEmail: d.email ?? null,
    hireDate: d.effectiveFrom,
    category: ERP_WORKER_CATEGORY[e.workerType],
    position: { title: e.jobTitle, rank: e.rank ?? null, gradeCode: e.grade, orgUnitCode: e.orgUnit.code, costCentre: e.costCentre },
    compensation: { annualBase: { amountMinor: e.annualSalary.amountMinor, currency: e.annualSalary.currency }, fte: erpFte(e.fte) },
    correction: d.corrects ? { reason: d.corrects.reason } : null,
  };
}

/** Canonical event (of a type the manifest consumes) → the one ERP call that carries it. */
export function toCloudErpCall(event: CanonicalEvent): CloudErpCall {
  switch (event.type) {
    case 'hr.employee.joined.v1':
    case 'hr.employee.joined.v2': {
      const body = mapJoinerToCloudErp(event);
      return { kind: 'worker', method: 'POST', path: WORKERS_PATH, workerNumber: body.workerNumber, body };
    }
    case 'hr.employee.moved.v1': {
      const { workerNumber, body } = mapMoveToCloudErp(event);
      return { kind: 'job-change', method: 'POST', path: workerChangePath(workerNumber, 'job-changes'), workerNumber, body };
    }
    case 'hr.employee.left.v1': {
      const { workerNumber, body } = mapLeaverToCloudErp(event);
      return { kind: 'termination', method: 'POST', path: workerChangePath(workerNumber, 'terminations'), workerNumber, body };
    }
    case 'payroll.pay-change.requested.v1': {
      const body = mapPayChangeToCloudErp(event);
      return { kind: 'compensation-change', method: 'POST', path: COMPENSATION_CHANGES_PATH, workerNumber: body.workerNumber, body };
    }
    default:
      throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `the cloud ERP has no call for ${event.type}`);
  }
}
