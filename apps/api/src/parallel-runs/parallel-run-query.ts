import { ProblemException } from '@hub/http-problem';

/** The longest report: a year of days (its queries stay on the report index either way). */
export const MAX_REPORT_DAYS = 366;

export interface ReportQuery {
  tenant: string;
  domain: string;
  /** UTC days, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

const bad = (field: string, message: string) => new ProblemException(400, 'malformed-request', 'Bad report query', [{ path: `/${field}`, message }]);

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A domain is the first part of an event type (hr of hr.employee.joined.v1). */
const DOMAIN = /^[a-z][a-z0-9-]{0,39}$/;
const TENANT = /^[a-z][a-z0-9-]{0,39}$/;

/** The UTC day of `ms`, as YYYY-MM-DD. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A day the calendar has, YYYY-MM-DD (years 0001–9999): 2026-02-30 and "yesterday" are refused. */
export function readDay(field: string, raw: string): string {
  const m = DAY.exec(raw);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const real = m !== null && y > 0 && mo >= 1 && mo <= 12 && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;
  if (!real) throw bad(field, 'must be a day, YYYY-MM-DD (UTC), e.g. 2026-11-23');
  return raw;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * GET /v1/parallel-runs/report's query: `tenant` and `domain` required, `from` and `to` days (UTC,
 * both included; default today, and `to` defaults to `from`). Whether the tenant and its parallel
 * run exist, and are the caller's to see, the service decides (404).
 */
export function readReportQuery(q: Record<string, unknown>, now: number = Date.now()): ReportQuery {
  const text = (k: string): string | undefined => {
    const v = q[k];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw bad(k, 'must be a string');
    return v;
  };
  const unknown = Object.keys(q).filter((k) => !['tenant', 'domain', 'from', 'to'].includes(k));
  if (unknown.length) throw bad(unknown[0], 'unknown parameter: the report takes tenant, domain, from and to');
  const tenant = text('tenant');
  const domain = text('domain');
  if (!tenant) throw bad('tenant', 'required: the force, e.g. fen');
  if (!TENANT.test(tenant)) throw bad('tenant', 'must be a force code, e.g. fen');
  if (!domain) throw bad('domain', 'required: the domain the run compares, e.g. hr');
  if (!DOMAIN.test(domain)) throw bad('domain', 'must be the first part of an event type, e.g. hr (of hr.employee.joined.v1)');
  const rawFrom = text('from');
  const rawTo = text('to');
  const from = rawFrom ? readDay('from', rawFrom) : rawTo ? readDay('to', rawTo) : dayOf(now);
  const to = rawTo ? readDay('to', rawTo) : from;
  if (from > to) throw bad('from', `must not be after to (${from} is after ${to})`);
  if (daysBetween(from, to) >= MAX_REPORT_DAYS) throw bad('to', `a report covers at most ${MAX_REPORT_DAYS} days`);
  return { tenant, domain, from, to };
}
