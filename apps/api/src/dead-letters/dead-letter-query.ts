import { OPEN_DEAD_LETTER_STATES } from '@hub/ledger';
import type { DeadLetterFilter, DeliveryRole, DeliveryState } from '@hub/ledger';
import { ProblemException } from '@hub/http-problem';

/** The filter fields ops may give, as query parameters (lists) or in a bulk replay's body. */
export const FILTER_FIELDS = ['tenant', 'target', 'type', 'subject', 'reason', 'fingerprint', 'from', 'to', 'role'] as const;
export type FilterInput = Partial<Record<Exclude<(typeof FILTER_FIELDS)[number], 'role'>, string>> & { role?: DeliveryRole };

/**
 * `primary` (the default: what delivers the force's business, what alerts watch) or `shadow` (a
 * parallel run's shadow target, recorded apart: it never holds or alerts a primary).
 */
export const ROLES: readonly DeliveryRole[] = ['primary', 'shadow'];

const STATES: readonly DeliveryState[] = ['dead-lettered', 'replaying', 'queued', 'retrying', 'delivered', 'discarded'];

const bad = (field: string, message: string) => new ProblemException(400, 'malformed-request', 'Bad filter', [{ path: `/${field}`, message }]);

/** RFC 3339: a date, or a date-time with its offset (a time without one would be read in the server's zone). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * A from/to bound as the ledger can compare it: RFC 3339, years 0001 to 9999, normalised to UTC.
 * Date.parse alone takes "2026", "1 January 2026" and year −271821, which PostgreSQL refuses (a 500).
 */
export function readTimestamp(field: string, raw: string): string {
  const m = TIMESTAMP.exec(raw);
  const [y, mo, d] = m ? raw.slice(0, 10).split('-').map(Number) : [];
  // Date.parse rolls 2026-02-30 over into March; a day the month does not have is refused.
  const real = m !== null && y > 0 && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d && mo >= 1 && mo <= 12;
  const ms = real ? Date.parse(raw.replace(' ', 'T')) : NaN;
  if (!Number.isFinite(ms)) throw bad(field, 'must be an RFC 3339 date-time with its offset, e.g. 2026-11-23T00:00:00Z, or a date, e.g. 2026-11-23');
  return new Date(ms).toISOString();
}

/** Reads and checks a filter; the caller's tenant scope is added by the service, never taken from here. */
export function readFilter(source: Record<string, unknown> | undefined): FilterInput {
  const filter: FilterInput = {};
  for (const k of FILTER_FIELDS) {
    const v = source?.[k];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string') throw bad(k, 'must be a string');
    if (k === 'role') {
      if (!ROLES.includes(v as DeliveryRole)) throw bad(k, `unknown role "${v}": use ${ROLES.join(' or ')} (default primary)`);
      filter.role = v as DeliveryRole;
    } else filter[k] = k === 'from' || k === 'to' ? readTimestamp(k, v) : v;
  }
  return filter;
}

/** Whether a filter names anything but the role: a bulk replay needs that much. */
export const narrowsDeadLetters = (f: FilterInput): boolean => Object.keys(f).some((k) => k !== 'role');

/**
 * `state`: `open` (default: dead-lettered, or being replayed and not yet acknowledged), `all`, or
 * one or more delivery states separated by commas.
 */
export function readStates(raw: unknown): readonly DeliveryState[] {
  if (raw === undefined || raw === '' || raw === 'open') return OPEN_DEAD_LETTER_STATES;
  if (raw === 'all') return STATES;
  if (typeof raw !== 'string') throw bad('state', 'must be a string');
  const states = raw.split(',').map((s) => s.trim());
  const unknown = states.filter((s) => !STATES.includes(s as DeliveryState));
  if (unknown.length) throw bad('state', `unknown state ${unknown.map((s) => `"${s}"`).join(', ')}: use open, all, or ${STATES.join(', ')}`);
  return states as DeliveryState[];
}

export function boundedInt(raw: unknown, fallback: number, min: number, max: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: `/${name}`, message: `must be an integer from ${min} to ${max}` }]);
  return n;
}

/** Primaries unless the filter asks for the shadows: a shadow's dead letters are listed apart. */
export function toLedgerFilter(f: FilterInput, tenants: readonly string[] | '*', state: readonly DeliveryState[]): DeadLetterFilter {
  return { ...f, role: f.role ?? 'primary', tenants, state };
}
