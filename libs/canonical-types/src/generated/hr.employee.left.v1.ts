// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person leaves a force (resignation, retirement, dismissal, transfer out, end of contract, death in service). Emitted by the shared HR system when the leaving date is confirmed; consumed by payroll, duty management and finance.
 */
export interface HrEmployeeLeftV1Data {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  reason: "resignation" | "retirement" | "dismissal" | "transfer-out" | "end-of-contract" | "death-in-service";
  lastWorkingDay: string;
  effectiveFrom: string;
  corrects?: Correction;
}
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
