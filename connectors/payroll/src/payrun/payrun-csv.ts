import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { penceOf, poundsOf } from '@hub/connector-sdk';
import { EMPLOYEE_FIELDS, HEADER_FIELDS, PayRunEmployeeRow, PayRunHeader, PayRunTrailer, TRAILER_FIELDS } from './payrun.format';

/** One CSV record of a file, with the (last) line it sits on. */
export interface CsvRecord {
  line: number;
  raw: string;
  fields: string[];
}

/** The records of a CSV file, empty lines skipped. Throws (csv-parse's CsvError) when the file is not CSV. */
export function readCsvRecords(content: string): CsvRecord[] {
  const rows = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, raw: true }) as unknown as {
    record: string[];
    info: { lines: number };
    raw: string;
  }[];
  return rows.map((r) => ({ line: r.info.lines, raw: r.raw.trim(), fields: r.record }));
}

const lenientPence = (amount: string) => {
  try {
    return penceOf(amount);
  } catch {
    return 0;
  }
};

/** The trailer the bureau writes for these rows: their count and control totals. */
export function payRunTrailer(rows: PayRunEmployeeRow[]): PayRunTrailer {
  const sum = (f: 'gross' | 'net') => poundsOf(rows.reduce((s, r) => s + lenientPence(r[f]), 0));
  return { recordCount: String(rows.length), totalGross: sum('gross'), totalNet: sum('net') };
}

/**
 * Writes a pay-run results file as the bureau does (tests, demo). The trailer is computed from
 * the rows unless `trailer` overrides part of it; an amount that is not an amount counts as 0 in
 * the computed totals, so a test can write a bad line with an otherwise correct trailer.
 */
export function payRunCsv(header: PayRunHeader, rows: PayRunEmployeeRow[], trailer: Partial<PayRunTrailer> = {}): string {
  const t = { ...payRunTrailer(rows), ...trailer };
  return stringify([
    ['H', ...HEADER_FIELDS.map((f) => header[f])],
    ...rows.map((r) => ['D', ...EMPLOYEE_FIELDS.map((f) => r[f])]),
    ['T', ...TRAILER_FIELDS.map((f) => t[f])],
  ]);
}
