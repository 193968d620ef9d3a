import type { Timestamp } from '../ledger-rows';

/** Collects bound values while a statement is assembled; `add` answers the placeholder to splice in. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export function toIso(t: Timestamp): string {
  return t instanceof Date ? t.toISOString() : t;
}
