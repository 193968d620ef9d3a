import type { ReconciliationWindow } from '@hub/ledger';
import { ProblemException } from '@hub/http-problem';

/** The query parameters of GET /v1/reconciliation and /drift. */
export const RECONCILIATION_PARAMS = ['tenant', 'from', 'to', 'type', 'target'] as const;

/** What a window is checked against: the landscape, the caller's tenants, the longest window. */
export interface WindowContext {
  tenants: ReadonlySet<string>;
  /** The caller's tenants, or '*'. */
  scope: readonly string[] | '*';
  targetsOf(tenant: string): readonly string[];
  types: ReadonlySet<string>;
  maxDays: number;
}

const bad = (field: string, message: string) => new ProblemException(400, 'malformed-request', 'Bad reconciliation query', [{ path: `/${field}`, message }]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** A calendar day that exists, `YYYY-MM-DD` (a UTC day: the report's days are days of acceptance in UTC). */
export function readDay(field: string, raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') throw bad(field, 'is required: a day, YYYY-MM-DD (UTC)');
  const t = DAY.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== raw || raw < '0001-01-01') throw bad(field, `must be a day that exists, YYYY-MM-DD (UTC), e.g. 2026-11-01; got "${raw}"`);
  return raw;
}

/** Days from `from` to `to`, both counted. */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY) + 1;
}

function optional(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw bad(name, 'must be given once, as text');
  return v;
}

/**
 * Reads and checks a reconciliation window: a tenant the caller may see (another force's, or one
 * that does not exist, is 404 alike, so no force can probe another), `from` and `to` days with
 * from ≤ to and at most `maxDays` days, a known type and a target of that tenant.
 */
export function readWindow(q: Record<string, unknown>, ctx: WindowContext): ReconciliationWindow {
  const tenant = optional(q, 'tenant');
  if (!tenant) throw bad('tenant', 'is required: the force to reconcile, e.g. fen');
  if (!ctx.tenants.has(tenant) || (ctx.scope !== '*' && !ctx.scope.includes(tenant))) {
    throw new ProblemException(404, 'not-found', 'Not found', [{ path: '/tenant', message: `no tenant "${tenant}" within your tenants` }]);
  }
  const from = readDay('from', q.from);
  const to = readDay('to', q.to);
  if (from > to) throw bad('from', `must not be after to (${from} is after ${to})`);
  const days = daysIn(from, to);
  if (days > ctx.maxDays) throw bad('to', `the window is ${days} days: at most ${ctx.maxDays} (RECONCILE_MAX_DAYS) in one report; ask for it in parts`);
  const type = optional(q, 'type');
  if (type !== undefined && !ctx.types.has(type)) throw bad('type', `unknown event type "${type}": GET /v1/schemas lists them`);
  const target = optional(q, 'target');
  if (target !== undefined && !ctx.targetsOf(tenant).includes(target)) throw bad('target', `no target "${target}" of tenant ${tenant}`);
  return { tenant, from, to, ...(type ? { type } : {}), ...(target ? { target } : {}) };
}
