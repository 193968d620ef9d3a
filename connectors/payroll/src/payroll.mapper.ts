import { CanonicalEvent } from '@hub/events';
import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import { PayrollEmployeeRecord } from './payroll.format';

/** Canonical `hr.employee.joined.v1` data (see schemas/), as far as payroll needs it. */
interface JoinedData {
  employeeId: string;
  name: { forename: string; middleNames?: string; surname: string };
  dateOfBirth: string;
  niNumber?: string;
  employment: { grade: string; costCentre: string; fte: number; annualSalary: { amountMinor: number; currency: string } };
  effectiveFrom: string;
}

/** Canonical joiner → payroll employee record. A fact payroll cannot represent is a permanent failure. */
export function mapJoinerToPayroll(event: CanonicalEvent): PayrollEmployeeRecord {
  const d = event.data as JoinedData;
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
    forenames: [d.name.forename, d.name.middleNames].filter(Boolean).join(' '),
    surname: d.name.surname,
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
