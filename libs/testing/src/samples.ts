import { randomBytes } from 'node:crypto';
import type { CanonicalEvent } from '@hub/events';

/** A realistic joiner for `force`, valid against hr.employee.joined.v1. */
export function joiner(force: string, overrides: Partial<CanonicalEvent> = {}, n = Math.floor(Math.random() * 1e6)): CanonicalEvent {
  const employeeId = `${force.toUpperCase()}-${String(n).padStart(6, '0')}`;
  return {
    specversion: '1.0',
    id: `evt-${randomBytes(6).toString('hex')}`,
    source: 'urn:erp-hub:source:hr',
    type: 'hr.employee.joined.v1',
    subject: employeeId,
    tenant: force,
    time: new Date().toISOString(),
    data: {
      employeeId,
      name: { forename: 'Sam', surname: `Tester${n}` },
      dateOfBirth: '1990-05-04',
      niNumber: 'QQ123456C',
      employment: {
        workerType: 'staff',
        jobTitle: 'HR Advisor',
        grade: 'SO2',
        orgUnit: { code: 'HQ-HR', name: 'People Services' },
        costCentre: `${force.toUpperCase()}100`,
        fte: 1,
        annualSalary: { amountMinor: 3150000, currency: 'GBP' },
      },
      effectiveFrom: '2027-01-04',
    },
    ...overrides,
  };
}
