// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, Correction, CostCentre, EmployeeId, Money, NiNumber, OrgUnit, PersonName } from './common.v1';

/**
 * A person joins a force (officer, staff, special constable). Version 2 separates the legal name (payroll, HMRC, vetting) from the name the person is known by (rosters, payslips, directory), which v1 could not express: replacing the required `name` is a breaking change, so v1 is still served alongside. Emitted by the shared HR system when the appointment is confirmed; consumed by payroll, duty management and finance.
 */
export interface HrEmployeeJoinedV2Data {
  employeeId: EmployeeId;
  legalName: PersonName;
  preferredName?: {
    forename: string;
    surname?: string;
  };
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
