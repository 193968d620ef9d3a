// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, Correction, EmployeeId } from './common.v1';

/**
 * A person leaves a force (resignation, retirement, dismissal, transfer out, end of contract, death in service). Emitted by the shared HR system when the leaving date is confirmed; consumed by payroll, duty management and finance.
 */
export interface HrEmployeeLeftV1Data {
  employeeId: EmployeeId;
  reason: "resignation" | "retirement" | "dismissal" | "transfer-out" | "end-of-contract" | "death-in-service";
  lastWorkingDay: CalendarDate;
  effectiveFrom: CalendarDate;
  corrects?: Correction;
}
