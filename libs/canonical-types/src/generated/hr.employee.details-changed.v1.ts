// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { Address, Correction, EffectiveFrom, EmployeeId, PersonName, PhoneNumber } from './common.v1';

/**
 * A person's own details change: legal or preferred name, home address, personal contact details or emergency contact. Emitted by the shared HR system (employee self-service or an HR officer) when the change is saved. `changed` carries only what changed, each part whole. Bank details are never carried: they stay in payroll, where the employee changes them directly.
 */
export interface HrEmployeeDetailsChangedV1Data {
  employeeId: EmployeeId;
  changed: {
    name?: PersonName;
    preferredName?: string;
    homeAddress?: Address;
    personalEmail?: string;
    homePhone?: PhoneNumber;
    mobilePhone?: PhoneNumber;
    emergencyContact?: {
      name: string;
      relationship: string;
      phone: PhoneNumber;
    };
  };
  effectiveFrom: EffectiveFrom;
  corrects?: Correction;
}
