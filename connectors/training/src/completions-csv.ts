import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { COMPLETION_COLUMNS, CompletionRow, TRAILER } from './training.format';

/** One CSV row of a file, with the (last) line it sits on. */
export interface CsvRow {
  line: number;
  raw: string;
  fields: string[];
}

/** The rows of a CSV file, empty lines skipped. Throws (csv-parse's CsvError) when the file is not CSV. */
export function readCsvRows(content: string): CsvRow[] {
  const rows = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, raw: true }) as unknown as {
    record: string[];
    info: { lines: number };
    raw: string;
  }[];
  return rows.map((r) => ({ line: r.info.lines, raw: r.raw.trim(), fields: r.record }));
}

/**
 * Writes a completions export as the training system does (tests, demo, the simulator).
 * `recordCount` overrides the trailer's count, to play a file that lost rows on the way.
 */
export function completionsCsv(rows: CompletionRow[], o: { recordCount?: number } = {}): string {
  return stringify([[...COMPLETION_COLUMNS], ...rows.map((r) => COMPLETION_COLUMNS.map((c) => r[c])), [TRAILER, String(o.recordCount ?? rows.length)]]);
}
