// Helpers for TargetConnector.canonicalFields(): reading a system's record back onto the canonical
// event's JSON Pointers, so a parallel run can compare two systems field by field.
import type { ComparableValue } from './target-connector';

/**
 * The fields a record really carries: drops the pointers whose value is `undefined` or `null`
 * (the record has no such field, or leaves it empty, as records do for an absent optional fact).
 */
export function carriedFields(fields: Record<string, ComparableValue | undefined>): Record<string, ComparableValue> {
  const out: Record<string, ComparableValue> = {};
  for (const [pointer, value] of Object.entries(fields)) if (value !== undefined && value !== null) out[pointer] = value;
  return out;
}

/**
 * The canonical code that a mapper's code table (canonical code → the system's code, the table the
 * compiler checks) turns into `code`: the table read backwards. Undefined when no entry maps to
 * it, or more than one does (the system's code alone does not say which: the caller decides with
 * what else the record carries).
 */
export function canonicalCodeOf<K extends string, V>(table: Readonly<Record<K, V>>, code: V, same: (a: V, b: V) => boolean = Object.is): K | undefined {
  const keys = (Object.keys(table) as K[]).filter((k) => same(table[k], code));
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * The value at a JSON Pointer (RFC 6901: `/data/name/surname`, `~1` for `/`, `~0` for `~`) in a
 * document such as a canonical event; undefined when the pointer leads nowhere.
 */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: "${pointer}"`);
  let at: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, token)) return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}
