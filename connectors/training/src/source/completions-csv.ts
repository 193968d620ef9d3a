import { stringify } from 'csv-stringify/sync';
import { COMPLETION_COLUMNS, CompletionRow, TRAILER } from './training.format';

/**
 * Writes a completions export as the training system does (tests, demo, the simulator).
 * `recordCount` overrides the trailer's count, to play a file that lost rows on the way.
 */
export function completionsCsv(rows: CompletionRow[], o: { recordCount?: number } = {}): string {
  return stringify([[...COMPLETION_COLUMNS], ...rows.map((r) => COMPLETION_COLUMNS.map((c) => r[c])), [TRAILER, String(o.recordCount ?? rows.length)]]);
}
