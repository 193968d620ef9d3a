// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, CostCentre, EmployeeId, Hours, LocalTime, OrgUnit, RecordId } from './common.v1';

/**
 * A person is rostered for a shift, or a rostered shift is changed (same shiftId). Emitted by the duty management system when the roster is published or amended; payroll uses it for unsocial-hours and overtime payments, HR and finance for resourcing. Times are UK local wall-clock times on shiftDate; an end before the start means the shift ends the next day (nights).
 */
export interface DmsShiftRosteredV1Data {
  shiftId: RecordId;
  employeeId: EmployeeId;
  /**
   * The day the shift starts.
   */
  shiftDate: CalendarDate;
  start: LocalTime;
  end: LocalTime;
  /**
   * The duty management system's duty code (e.g. E early, L late, N night, RD rest day, TRG training).
   */
  dutyCode: string;
  /**
   * Where the person parades for duty.
   */
  station: OrgUnit;
  paidHours?: Hours;
  /**
   * The shift is worked as overtime (including a cancelled rest day).
   */
  overtime?: boolean;
  /**
   * Where the shift's cost falls when it is not the person's own cost centre (mutual aid, event policing).
   */
  costCentre?: CostCentre;
  /**
   * The operation or event name for mutual aid and event policing.
   */
  operation?: string;
}
