import type { CanonicalEvent } from '@hub/events';
import type { ConnectorManifest } from '../connector-manifest';
import type { SourceContext } from '../source-connector';
import type { FileControlTotals } from './control-totals';

export interface FileSourceContext extends SourceContext {
  fileName: string;
  /** sha256 of the file's bytes, hex: event ids built from it make a re-read file post the same ids. */
  fileHash: string;
}

/**
 * One record of a file: the event it became, or why it could not. `controlAmount` is what the
 * record adds to the file's control total, when the file has one (ParsedFile.control).
 */
export type ParsedRecord = { line: number; raw: string; controlAmount?: number } & ({ events: CanonicalEvent[] } | { error: string });

export interface ParsedFile {
  records: ParsedRecord[];
  /** Set when the file as a whole cannot be trusted (control total, record count, header). */
  fileError?: string;
  /** The file's own control totals (its trailer), checked against its records, for reconciliation. */
  control?: FileControlTotals;
}

/**
 * Turns a file a system exports into canonical events, record by record. A bad record is
 * reported with its line and reason and does not stop the others; a control total that does not
 * match makes the whole file untrustworthy (`fileError`), and none of it is posted.
 */
export interface FileSourceConnector {
  readonly manifest: ConnectorManifest;
  /** The file names this connector reads in a drop directory; others are left alone. */
  readonly filePattern: RegExp;
  parseFile(content: string, ctx: FileSourceContext): ParsedFile;
}

/** A field of a fixed-width record: 1-based start column, as the legacy system's spec gives it. */
export interface FixedField {
  start: number;
  length: number;
}

/** Cuts a fixed-width line into trimmed fields by the layout. */
export function readFixedWidth<K extends string>(line: string, layout: Record<K, FixedField>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [key, f] of Object.entries(layout) as [K, FixedField][]) out[key] = line.slice(f.start - 1, f.start - 1 + f.length).trim();
  return out;
}

/** Writes values into a fixed-width line; a value longer than its field is an error, never cut. */
export function writeFixedWidth<K extends string>(values: Record<K, string>, layout: Record<K, FixedField>, align: Partial<Record<K, 'right'>> = {}): string {
  const width = Math.max(...Object.values<FixedField>(layout).map((f) => f.start - 1 + f.length));
  const chars = Array<string>(width).fill(' ');
  for (const [key, f] of Object.entries(layout) as [K, FixedField][]) {
    const v = values[key] ?? '';
    if (v.length > f.length) throw new Error(`${key} "${v}" is longer than its ${f.length} columns`);
    const padded = align[key] === 'right' ? v.padStart(f.length, '0') : v.padEnd(f.length, ' ');
    chars.splice(f.start - 1, f.length, ...padded);
  }
  return chars.join('');
}
