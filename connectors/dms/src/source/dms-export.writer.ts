import { forceOf } from '../dms.codes';
import type { DmsExportRecord } from '../dms.format';
import { DmsValues, EOL, EXPORT_LAYOUTS, writeRecord } from '../dms.layouts';

export interface DmsExportOptions {
  /** The DMS clock at export, YYYYMMDDHHMMSS UK local time; now when left out. */
  exportedAt?: string;
  /** The export's file sequence number (default 1). */
  sequence?: number;
  /** Test knob: write this control total in the trailer instead of the true one. */
  controlTotal?: number;
  /** Test knob: write this record count in the trailer instead of the true one. */
  recordCount?: number;
}

/** A Date as the DMS stamps it: YYYYMMDDHHMMSS on the UK wall clock. */
export function dmsTimestamp(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}${part('month')}${part('day')}${part('hour')}${part('minute')}${part('second')}`;
}

/** A decimal quantity as the whole number of `perUnit` parts the file holds (9.5 h → 950). */
function scaled(value: number, perUnit: number, what: string): number {
  const parts = Math.round(value * perUnit);
  if (value < 0 || Math.abs(parts - value * perUnit) > 1e-6) throw new Error(`${what} ${value} cannot be written in 1/${perUnit} units`);
  return parts;
}

const hundredths = (r: DmsExportRecord) => scaled(r.hours, 100, `${r.recordType} hours`);

function detailLine(r: DmsExportRecord, force: string): string {
  if (r.recordType === 'SH') {
    const values: DmsValues<typeof EXPORT_LAYOUTS.SH> = { ...r, force: r.force ?? force, hours: String(hundredths(r)), costCentre: r.costCentre ?? '', operation: r.operation ?? '' };
    return writeRecord(EXPORT_LAYOUTS.SH, values);
  }
  return writeRecord(EXPORT_LAYOUTS.LV, {
    ...r,
    force: r.force ?? force,
    days: r.days === undefined ? '' : String(scaled(r.days, 10, 'LV days')),
    hours: String(hundredths(r)),
    approverNo: r.approverNo ?? '',
    approverForename: r.approverForename ?? '',
    approverSurname: r.approverSurname ?? '',
  });
}

/**
 * Writes an export file as the DMS does: HD, the detail records, and a TR whose record count and
 * control total (hours of every detail record, in hundredths) are computed, unless a test asks
 * for wrong ones. A value too long for its columns throws.
 */
export function dmsExportFile(force: string, records: DmsExportRecord[], opts: DmsExportOptions = {}): { fileName: string; content: string } {
  const code = forceOf(force);
  const exportedAt = opts.exportedAt ?? dmsTimestamp(new Date());
  const total = records.reduce((sum, r) => sum + hundredths(r), 0);
  const lines = [
    writeRecord(EXPORT_LAYOUTS.HD, { recordType: 'HD', force: code, exportedAt, sequence: String(opts.sequence ?? 1) }),
    ...records.map((r) => detailLine(r, code)),
    writeRecord(EXPORT_LAYOUTS.TR, { recordType: 'TR', recordCount: String(opts.recordCount ?? records.length), controlTotal: String(opts.controlTotal ?? total) }),
  ];
  return { fileName: `DMSEXP_${code}_${exportedAt}.DAT`, content: lines.join(EOL) + EOL };
}
