// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person joins a force (officer, staff, special constable). Version 2 separates the legal name (payroll, HMRC, vetting) from the name the person is known by (rosters, payslips, directory), which v1 could not express: replacing the required `name` is a breaking change, so v1 is still served alongside. Emitted by the shared HR system when the appointment is confirmed; consumed by payroll, duty management and finance.
 */
export interface HrEmployeeJoinedV2Data {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  legalName: PersonName;
  preferredName?: {
    forename: string;
    surname?: string;
  };
  dateOfBirth: string;
  /**
   * UK National Insurance number.
   */
  niNumber?: string;
  email?: string;
  employment: {
    workerType: "officer" | "staff" | "special-constable";
    rank?: string;
    jobTitle: string;
    grade: string;
    orgUnit: OrgUnit;
    /**
     * Finance cost-centre code.
     */
    costCentre: string;
    fte: number;
    annualSalary: Money;
  };
  effectiveFrom: string;
  corrects?: Correction;
}
export interface PersonName {
  title?: string;
  forename: string;
  middleNames?: string;
  surname: string;
}
/**
 * A unit of the force's organisation structure (command, department, station).
 */
export interface OrgUnit {
  code: string;
  name: string;
}
/**
 * An amount in integer minor units (pence) with its ISO 4217 currency.
 */
export interface Money {
  amountMinor: number;
  currency: string;
}
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
