// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * Planned leave is booked and approved in the duty management system: annual leave, time off in lieu, a rest day in lieu, a bank holiday taken, study leave. Emitted by the duty management system when the booking is approved; a cancelled booking is re-sent with status cancelled. Sickness and parental leave are not leave bookings: see hr.absence.recorded.
 */
export interface DmsLeaveBookedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  leaveId: string;
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
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
  partDayHours?: number;
  approvedBy?: PersonRef;
}
/**
 * A span of days with both ends known, both inclusive (a booked leave, a claim).
 */
export interface DateRange {
  from: string;
  to: string;
}
/**
 * A reference to a person other than the event's subject (an approver, a referring manager, a budget holder): the employeeId, with display name parts when the source has them.
 */
export interface PersonRef {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  forename?: string;
  surname?: string;
}
