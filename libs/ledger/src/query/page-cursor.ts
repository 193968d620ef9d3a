import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import type { PageRequest } from '../ledger-records';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function pageLimit(page: PageRequest): number {
  const limit = page.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidLedgerInputError(`page limit must be a positive integer, not ${limit}`);
  return Math.min(limit, MAX_LIMIT);
}

/** Opaque to callers: the sort key of the last row of a page. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Shapes of the sort-key parts a cursor may carry, as this ledger writes them. */
export const CURSOR_PARTS = {
  /** to_json(timestamptz): 2026-11-23T10:00:00.123456+00:00 */
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2})?$/,
  eventKey: /^[0-9a-f]{32}$/,
  /** A target id: any text PostgreSQL can hold (no NUL). */
  text: /^[^\u0000]{1,500}$/,
  /** A bigserial id; 18 digits stay below 2^63 − 1. */
  serial: /^\d{1,18}$/,
} as const;

/**
 * A cursor back to its sort key, each part in the shape the ledger wrote it. A cursor is opaque but
 * not trusted: one the ledger did not issue is refused here rather than by PostgreSQL (a 500).
 */
export function decodeCursor(cursor: string, parts: readonly RegExp[]): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== parts.length || !key.every((k, i) => typeof k === 'string' && parts[i].test(k))) {
    throw new InvalidLedgerInputError('invalid paging cursor: pass back the "next" of a previous page');
  }
  return key as string[];
}
