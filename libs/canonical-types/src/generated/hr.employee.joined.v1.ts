// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, Correction, CostCentre, EmployeeId, Money, NiNumber, OrgUnit, PersonName } from './common.v1';

/**
 * A person joins a force (officer, staff, special constable). Emitted by the shared HR system when the appointment is confirmed; consumed by payroll, duty management and finance.
 */
export interface HrEmployeeJoinedV1Data {
  employeeId: EmployeeId;
  name: PersonName;
  dateOfBirth: string;
  niNumber?: NiNumber;
  email?: string;
  employment: {
    workerType: "officer" | "staff" | "special-constable";
    rank?: string;
    jobTitle: string;
    grade: string;
    orgUnit: OrgUnit;
    costCentre: CostCentre;
    fte: number;
    annualSalary: Money;
  };
  effectiveFrom: CalendarDate;
  corrects?: Correction;
}
