import { controlTotalProblem, recordCountProblem } from '@hub/connector-sdk';
import { DmsValues, EXPORT_LAYOUTS, readRecord, recordLines } from '../dms.layouts';

type Layouts = typeof EXPORT_LAYOUTS;

/** One record between the header and the trailer, cut by its layout (`line` is 1-based). */
export type ExportDetail = { line: number; raw: string } & (
  | { recordType: 'SH'; values: DmsValues<Layouts['SH']> }
  | { recordType: 'LV'; values: DmsValues<Layouts['LV']> }
  | { recordType: 'unknown'; found: string }
);

export interface ExportFile {
  header: DmsValues<Layouts['HD']>;
  details: ExportDetail[];
  /** The trailer's record count and control total (hours of all detail records, in hundredths), checked. */
  trailer: { recordCount: number; controlTotal: number };
}

/** What one detail record adds to the control total: its hours in hundredths (none for a record of unknown type). */
export function hoursOf(d: ExportDetail): number | undefined {
  return d.recordType === 'unknown' ? undefined : Number(d.values.hours);
}

const HOURS = /^\d{5}$/;

function detailOf(raw: string, line: number): ExportDetail {
  const recordType = raw.slice(0, 2);
  if (recordType === 'SH') return { line, raw, recordType, values: readRecord(raw, EXPORT_LAYOUTS.SH) };
  if (recordType === 'LV') return { line, raw, recordType, values: readRecord(raw, EXPORT_LAYOUTS.LV) };
  return { line, raw, recordType: 'unknown', found: recordType.trim() };
}

/**
 * Cuts an export into header, details and trailer and runs the checks that make the whole file
 * untrustworthy: header and trailer present and well-formed, the header's force is `force`, the
 * trailer's record count and control total (hours of all detail records, in hundredths) match.
 * Each detail record is judged later, on its own.
 */
export function readDmsExport(content: string, force: string): { file: ExportFile } | { fileError: string } {
  const lines = recordLines(content);
  if (lines.length === 0) return { fileError: 'the file is empty' };
  const header = readRecord(lines[0], EXPORT_LAYOUTS.HD);
  if (header.recordType !== 'HD') return { fileError: `line 1: no HD header record (found "${header.recordType}")` };
  if (header.force !== force) return { fileError: `header force ${header.force || '(blank)'} is not this drop's force ${force}` };
  if (!/^\d{14}$/.test(header.exportedAt)) return { fileError: `header export time "${header.exportedAt}" is not YYYYMMDDHHMMSS` };
  if (!/^\d{6}$/.test(header.sequence)) return { fileError: `header sequence number "${header.sequence}" is not 6 digits` };
  const last = lines.length;
  const trailer = readRecord(lines[last - 1], EXPORT_LAYOUTS.TR);
  if (last < 2 || trailer.recordType !== 'TR') return { fileError: `no TR trailer record after line ${last}: the file may be cut short` };

  const details = lines.slice(1, -1).map((raw, i) => detailOf(raw, i + 2));
  const misplaced = details.find((d): d is Extract<ExportDetail, { recordType: 'unknown' }> => d.recordType === 'unknown' && ['HD', 'TR'].includes(d.found));
  if (misplaced) return { fileError: `line ${misplaced.line}: a ${misplaced.found} record inside the file` };
  const count = recordCountProblem(trailer.recordCount, details.length, 'detail records', /^\d{7}$/);
  if (count) return { fileError: count };
  let total = 0;
  for (const d of details) {
    if (d.recordType === 'unknown') continue;
    // A column that is not a number is itself what the control total exists to catch.
    if (!HOURS.test(d.values.hours)) return { fileError: `line ${d.line}: hours "${d.values.hours}" cannot be added to the control total` };
    total += Number(d.values.hours);
  }
  // Both as the trailer writes them: twelve digits of hundredths of an hour.
  const totalProblem = controlTotalProblem('hours', trailer.controlTotal, String(total).padStart(12, '0'));
  if (totalProblem) return { fileError: totalProblem };
  return { file: { header, details, trailer: { recordCount: details.length, controlTotal: total } } };
}
