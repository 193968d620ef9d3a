import { parse } from 'csv-parse/sync';

/** One CSV record of a file, with the (last) line it sits on: quarantine reports name it. */
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
