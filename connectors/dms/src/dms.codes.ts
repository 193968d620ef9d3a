// The DMS's code tables and their canonical meaning. A code not in a table is refused (record
// error inbound, mapping failure outbound), never guessed.
import type { DmsLeaveBookedV1Data, HrEmployeeJoinedV1Data, HrEmployeeLeftV1Data } from '@hub/canonical-types';

/** LV leave type → dms.leave.booked.v1 leaveType. Sickness is not a DMS leave booking (hr.absence). */
export const LEAVE_TYPES: Record<string, DmsLeaveBookedV1Data['leaveType']> = {
  AL: 'annual-leave',
  TL: 'time-off-in-lieu',
  RL: 'rest-day-in-lieu',
  BH: 'bank-holiday',
  ST: 'study-leave',
  SP: 'special-leave',
};

/** LV status → dms.leave.booked.v1 status. */
export const LEAVE_STATUSES: Record<string, DmsLeaveBookedV1Data['status']> = { A: 'approved', C: 'cancelled' };

/** Y/N flags (SH overtime, LV part day). */
export const FLAGS: Record<string, boolean> = { Y: true, N: false };

/** JN category ← hr.employee.joined workerType. */
export const CATEGORIES: Record<HrEmployeeJoinedV1Data['employment']['workerType'], string> = {
  officer: 'OFF',
  staff: 'STF',
  'special-constable': 'SPC',
};

/** LF reason ← hr.employee.left.v1 reason. */
export const LEAVING_REASONS: Record<HrEmployeeLeftV1Data['reason'], string> = {
  resignation: 'RS',
  retirement: 'RT',
  dismissal: 'DS',
  'transfer-out': 'TO',
  'end-of-contract': 'EC',
  'death-in-service': 'DI',
};

/** JN/LF action: a new fact, or an amendment of one sent before (the event `corrects` another). */
export const ACTIONS = { new: 'N', amendment: 'A' } as const;

/** The DMS's force code of a tenant (fen → FEN). */
export const forceOf = (tenant: string): string => tenant.toUpperCase();
