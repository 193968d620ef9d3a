// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { DateRange, EmployeeId, Hours, PersonRef, RecordId } from './common.v1';

/**
 * Planned leave is booked and approved in the duty management system: annual leave, time off in lieu, a rest day in lieu, a bank holiday taken, study leave. Emitted by the duty management system when the booking is approved; a cancelled booking is re-sent with status cancelled. Sickness and parental leave are not leave bookings: see hr.absence.recorded.
 */
export interface DmsLeaveBookedV1Data {
  leaveId: RecordId;
  employeeId: EmployeeId;
  leaveType:
    "annual-leave" | "time-off-in-lieu" | "rest-day-in-lieu" | "bank-holiday" | "study-leave" | "special-leave";
  period: DateRange;
  status: "approved" | "cancelled";
  /**
   * Working days of entitlement used.
   */
  days?: number;
  /**
   * For a single part day: the hours taken.
   */
  partDayHours?: Hours;
  approvedBy?: PersonRef;
}
