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

export function decodeCursor(cursor: string, parts: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== parts || !key.every((k) => typeof k === 'string')) {
    throw new InvalidLedgerInputError('invalid paging cursor: pass back the "next" of a previous page');
  }
  return key as string[];
}
