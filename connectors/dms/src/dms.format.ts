// The DMS's own records, in its own terms (dates YYYYMMDD, times HHMM, codes from dms.codes.ts).
// Columns are in dms.layouts.ts and README.md.

/** SH: one rostered shift of one person, as the DMS exports it. */
export interface DmsShiftRecord {
  recordType: 'SH';
  /** The force that owns the record; the file's force when left out. */
  force?: string;
  shiftId: string;
  employeeNo: string;
  shiftDate: string;
  start: string;
  /** Before `start` for a shift that ends the next day (nights). */
  end: string;
  dutyCode: string;
  stationCode: string;
  stationName: string;
  /** Paid hours, at most two decimals: the file holds hundredths, which the control total sums. */
  hours: number;
  overtime: 'Y' | 'N';
  costCentre?: string;
  operation?: string;
}

/** LV: one approved (or cancelled) leave booking, as the DMS exports it. */
export interface DmsLeaveRecord {
  recordType: 'LV';
  force?: string;
  bookingId: string;
  employeeNo: string;
  /** A code of LEAVE_TYPES. */
  leaveType: string;
  startDate: string;
  endDate: string;
  /** Entitlement days used, in halves (the file holds tenths); absent when the DMS does not count days. */
  days?: number;
  /** Hours booked, at most two decimals (hundredths in the file, summed in the control total). */
  hours: number;
  /** Y: a single part day, whose hours are the canonical partDayHours. */
  partDay: 'Y' | 'N';
  status: 'A' | 'C';
  approverNo?: string;
  approverForename?: string;
  approverSurname?: string;
}

export type DmsExportRecord = DmsShiftRecord | DmsLeaveRecord;

/** JN: a joiner the DMS is to add to its staff list (every value as written in the file). */
export interface DmsJoinerRecord {
  recordType: 'JN';
  /** N new, A amendment (see ACTIONS). */
  action: string;
  employeeNo: string;
  surname: string;
  /** Legal forename and middle names. */
  forenames: string;
  /** The name rosters show, when it differs from the legal one. */
  knownAs: string;
  startDate: string;
  /** OFF, STF or SPC. */
  category: string;
  rank: string;
  /** The unit (team, department) the person is posted to. */
  unitCode: string;
  /** Full-time equivalent in ten-thousandths: 10000 is full time. */
  fte: string;
  costCentre: string;
}

/** LF: a leaver the DMS is to take off its rosters after their last working day. */
export interface DmsLeaverRecord {
  recordType: 'LF';
  action: string;
  employeeNo: string;
  lastWorkingDay: string;
  /** The first day the person is no longer employed. */
  leavingDate: string;
  /** A code of LEAVING_REASONS. */
  reason: string;
}

export type DmsImportRecord = DmsJoinerRecord | DmsLeaverRecord;

/** One import file, ready to drop. */
export interface DmsImportFile {
  fileName: string;
  content: string;
}
