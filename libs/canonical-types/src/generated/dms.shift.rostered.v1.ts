// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person is rostered for a shift, or a rostered shift is changed (same shiftId). Emitted by the duty management system when the roster is published or amended; payroll uses it for unsocial-hours and overtime payments, HR and finance for resourcing. Times are UK local wall-clock times on shiftDate; an end before the start means the shift ends the next day (nights).
 */
export interface DmsShiftRosteredV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  shiftId: string;
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  /**
   * The day the shift starts.
   */
  shiftDate: string;
  /**
   * A wall-clock time of day in UK local time, 24-hour HH:MM.
   */
  start: string;
  /**
   * A wall-clock time of day in UK local time, 24-hour HH:MM.
   */
  end: string;
  /**
   * The duty management system's duty code (e.g. E early, L late, N night, RD rest day, TRG training).
   */
  dutyCode: string;
  station: OrgUnit;
  /**
   * A number of hours within one day (0 to 24, decimals allowed, e.g. 7.5).
   */
  paidHours?: number;
  /**
   * The shift is worked as overtime (including a cancelled rest day).
   */
  overtime?: boolean;
  /**
   * Where the shift's cost falls when it is not the person's own cost centre (mutual aid, event policing).
   */
  costCentre?: string;
  /**
   * The operation or event name for mutual aid and event policing.
   */
  operation?: string;
}
/**
 * Where the person parades for duty.
 */
export interface OrgUnit {
  code: string;
  name: string;
}
