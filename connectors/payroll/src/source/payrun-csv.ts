import { stringify } from 'csv-stringify/sync';
import { penceOf, poundsOf } from '@hub/connector-sdk';
import { EMPLOYEE_FIELDS, HEADER_FIELDS, PayRunEmployeeRow, PayRunHeader, PayRunTrailer, TRAILER_FIELDS } from './payrun.format';

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
