// The DMS's fixed-width record layouts, declared once: reader, writer, mapper and simulator all cut
// and build lines from these tables, and README.md documents the same columns for the DMS team.
// Columns are 1-based characters, as the DMS interface spec gives them.
import { FixedField, readFixedWidth, writeFixedWidth } from '@hub/connector-sdk';

/** A field; `numeric` ones are written right-aligned with leading zeros (blank when absent). */
export interface DmsField extends FixedField {
  numeric?: true;
}

const text = (start: number, length: number): DmsField => ({ start, length });
const num = (start: number, length: number): DmsField => ({ start, length, numeric: true });

/** The export the DMS drops for the hub: DMSEXP_<FORCE>_<YYYYMMDDHHMMSS>.DAT. */
export const EXPORT_LAYOUTS = {
  HD: { recordType: text(1, 2), force: text(3, 4), exportedAt: num(7, 14), sequence: num(21, 6) },
  SH: {
    recordType: text(1, 2),
    force: text(3, 4),
    shiftId: text(7, 24),
    employeeNo: text(31, 20),
    shiftDate: num(51, 8),
    start: num(59, 4),
    end: num(63, 4),
    dutyCode: text(67, 8),
    stationCode: text(75, 20),
    stationName: text(95, 60),
    hours: num(155, 5),
    overtime: text(160, 1),
    costCentre: text(161, 12),
    operation: text(173, 60),
  },
  LV: {
    recordType: text(1, 2),
    force: text(3, 4),
    bookingId: text(7, 24),
    employeeNo: text(31, 20),
    leaveType: text(51, 2),
    startDate: num(53, 8),
    endDate: num(61, 8),
    days: num(69, 3),
    hours: num(72, 5),
    partDay: text(77, 1),
    status: text(78, 1),
    approverNo: text(79, 20),
    approverForename: text(99, 30),
    approverSurname: text(129, 30),
  },
  TR: { recordType: text(1, 2), recordCount: num(3, 7), controlTotal: num(10, 12) },
} as const;

/** The import the hub drops for the DMS: DMSIMP_<FORCE>_<batch reference>.DAT, one detail record. */
export const IMPORT_LAYOUTS = {
  HD: { recordType: text(1, 2), force: text(3, 4), batchRef: text(7, 64) },
  JN: {
    recordType: text(1, 2),
    action: text(3, 1),
    employeeNo: text(4, 20),
    surname: text(24, 30),
    forenames: text(54, 30),
    knownAs: text(84, 30),
    startDate: num(114, 8),
    category: text(122, 3),
    rank: text(125, 20),
    unitCode: text(145, 20),
    fte: num(165, 5),
    costCentre: text(170, 12),
  },
  LF: { recordType: text(1, 2), action: text(3, 1), employeeNo: text(4, 20), lastWorkingDay: num(24, 8), leavingDate: num(32, 8), reason: text(40, 2) },
  TR: { recordType: text(1, 2), recordCount: num(3, 7) },
} as const;

export type DmsLayout = Record<string, DmsField>;
/** The values of a record of `L`, as the file holds them (text). */
export type DmsValues<L extends DmsLayout> = Record<keyof L & string, string>;

/** Legacy records end in CR LF; readers also take bare LF. */
export const EOL = '\r\n';

/** Builds one record line; a value longer than its field throws (never cut). */
export function writeRecord<L extends DmsLayout>(layout: L, values: DmsValues<L>): string {
  const align: Partial<Record<string, 'right'>> = {};
  for (const [key, f] of Object.entries(layout)) if (f.numeric && values[key] !== '') align[key] = 'right';
  return writeFixedWidth<string>(values, layout, align);
}

export function readRecord<L extends DmsLayout>(line: string, layout: L): DmsValues<L> {
  return readFixedWidth<string>(line, layout) as DmsValues<L>;
}

/** A file's records, without the empty string after its last line end. */
export function recordLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A DMS date (YYYYMMDD) as YYYY-MM-DD, or undefined when it is not a real calendar day. */
export function isoDate(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
