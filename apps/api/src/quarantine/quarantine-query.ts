import { QUARANTINE_REASONS, QUARANTINE_STATES, QuarantineFilter, QuarantineReason, QuarantineState } from '@hub/ledger';
import { ProblemException } from '@hub/http-problem';

/** The filter fields ops may give as query parameters of GET /v1/quarantine. */
export const QUARANTINE_FILTER_FIELDS = ['tenant', 'reason', 'type', 'subject', 'from', 'to'] as const;
export type QuarantineFilterInput = Partial<Record<(typeof QUARANTINE_FILTER_FIELDS)[number], string>>;

const bad = (field: string, message: string) => new ProblemException(400, 'malformed-request', 'Bad filter', [{ path: `/${field}`, message }]);

/** Reads and checks a filter; the caller's tenant scope is added by the service, never taken from here. */
export function readQuarantineFilter(source: Record<string, unknown> | undefined): QuarantineFilterInput {
  const filter: QuarantineFilterInput = {};
  for (const k of QUARANTINE_FILTER_FIELDS) {
    const v = source?.[k];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string') throw bad(k, 'must be a string');
    if ((k === 'from' || k === 'to') && Number.isNaN(Date.parse(v))) throw bad(k, 'must be an ISO 8601 date-time, e.g. 2026-11-23T00:00:00Z');
    if (k === 'reason' && !QUARANTINE_REASONS.includes(v as QuarantineReason)) throw bad(k, `unknown reason "${v}": use one of ${QUARANTINE_REASONS.join(', ')}`);
    filter[k] = v;
  }
  return filter;
}

/** `state`: `open` (default), `all`, or states separated by commas. */
export function readQuarantineStates(raw: unknown): readonly QuarantineState[] {
  if (raw === undefined || raw === '' || raw === 'open') return ['open'];
  if (raw === 'all') return QUARANTINE_STATES;
  if (typeof raw !== 'string') throw bad('state', 'must be a string');
  const states = raw.split(',').map((s) => s.trim());
  const unknown = states.filter((s) => !QUARANTINE_STATES.includes(s as QuarantineState));
  if (unknown.length) throw bad('state', `unknown state ${unknown.map((s) => `"${s}"`).join(', ')}: use open, all, or ${QUARANTINE_STATES.join(', ')}`);
  return states as QuarantineState[];
}

export function toQuarantineFilter(f: QuarantineFilterInput, tenants: readonly string[] | '*', state: readonly QuarantineState[]): QuarantineFilter {
  return { ...f, reason: f.reason as QuarantineReason | undefined, tenants, state };
}

/** A reason given for an action (a discard's is required): trimmed, at least 3 and at most 500 characters. */
export function readActionReason(query: unknown, body: unknown, required: boolean, what: string): string | undefined {
  const fromBody = (body as { reason?: unknown } | undefined)?.reason;
  if (fromBody !== undefined && typeof fromBody !== 'string') throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/reason', message: 'must be a string' }]);
  const raw = typeof query === 'string' && query !== '' ? query : fromBody;
  const reason = typeof raw === 'string' ? raw.trim() : undefined;
  if (!reason) {
    if (required) throw new ProblemException(400, 'malformed-request', 'Reason required', [{ path: '/reason', message: `say why ${what}` }]);
    return undefined;
  }
  if (reason.length < 3 || reason.length > 500) throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/reason', message: 'must be 3 to 500 characters' }]);
  return reason;
}
