import type { HrEmployeeJoinedV1Data, HrEmployeeJoinedV2Data } from '@hub/canonical-types';
import { CanonicalEvent } from '@hub/events';
import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import { PayrollEmployeeRecord } from './payroll.format';

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
  const salary = d.employment.annualSalary;
  if (salary.currency !== 'GBP') {
    throw new PermanentDeliveryError(
      DeliveryErrorCode.MappingFailed,
      `payroll pays in GBP only, the salary is in ${salary.currency}`,
      undefined,
      '/data/employment/annualSalary/currency',
    );
  }
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
    annualSalary: (salary.amountMinor / 100).toFixed(2),
    currency: 'GBP',
    payFrequency: 'M',
  };
}
