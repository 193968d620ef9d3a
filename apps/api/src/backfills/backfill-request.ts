import type { TargetConfig } from '@hub/config';
import { ProblemEntry, ProblemException } from '@hub/http-problem';
import { readTimestamp } from '../dead-letters/dead-letter-query';

/** What POST /v1/backfills takes, field by field; any other field is refused (a typo must not widen a backfill). */
export const BACKFILL_FIELDS = ['tenant', 'target', 'types', 'subject', 'from', 'to', 'rate', 'dryRun', 'reason'] as const;

/** A backfill request, checked: what the ledger selects by, and how fast it may go. */
export interface BackfillCommand {
  tenant: string;
  target: string;
  /** The exact types it selects: the patterns asked for, expanded against the target's connector. */
  types: string[];
  subject?: string;
  from?: string;
  /** The end of the window: at the latest, now. */
  to: string;
  rate: number;
  dryRun: boolean;
  reason?: string;
  /** The filter as it was asked for, for the record and the audit log. */
  filter: { types?: string[]; subject?: string; from?: string; to?: string };
}

/** What checking a request needs to know, all of it the caller's view (tenant scope applied by `visible`). */
export interface BackfillRequestContext {
  /** Whether the caller may see this tenant's data: others answer as unknown. */
  visible(tenant: string): boolean;
  tenants: ReadonlySet<string>;
  targets: ReadonlyMap<string, TargetConfig>;
  /** The canonical types the named connector delivers (its manifest's `consumes`). */
  consumes(connector: string): readonly string[];
  /** Whether the hub has a schema for the type. */
  known(type: string): boolean;
  defaultRate: number;
  maxRate: number;
  now: Date;
}

/** `hr.*`, `hr.employee.*`: a domain or an entity, never `*` alone. */
const PATTERN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.\*$/;
const MAX_TEXT = 500;

const bad = (errors: ProblemEntry[], title = 'Bad backfill') => new ProblemException(400, 'malformed-request', title, errors);
const notFound = (what: string) => new ProblemException(404, 'not-found', 'Not found', [], `no ${what} within your tenants`);

function text(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad([{ path: `/${field}`, message: 'required' }]);
    return undefined;
  }
  if (typeof v !== 'string' || v.length > MAX_TEXT || /[\u0000-\u001f\u007f]/.test(v)) throw bad([{ path: `/${field}`, message: `must be a string of at most ${MAX_TEXT} characters, without control characters` }]);
  return v;
}

/**
 * The types a request names, each an exact canonical type or a pattern (`hr.*`), expanded against
 * what the target's connector delivers: an unknown type, one the connector does not take, or a
 * pattern that matches none of its types is refused, each with its own entry.
 */
export function expandTypes(raw: unknown, connector: string, consumes: readonly string[], known: (type: string) => boolean): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) throw bad([{ path: '/types', message: 'must be a list of 1 to 100 event types or patterns, e.g. ["hr.*"] or ["hr.employee.joined.v1"]' }]);
  const errors: ProblemEntry[] = [];
  const out = new Set<string>();
  raw.forEach((t, i) => {
    const path = `/types/${i}`;
    if (typeof t !== 'string' || t.length === 0 || t.length > 200) return void errors.push({ path, message: 'must be an event type or a pattern such as hr.*' });
    if (t.endsWith('*')) {
      if (!PATTERN.test(t)) return void errors.push({ path, message: `"${t}" is not a pattern: name a domain or entity and end with .* (hr.*, hr.employee.*); * alone would be everything` });
      const prefix = t.slice(0, -1);
      const matched = consumes.filter((c) => c.startsWith(prefix));
      if (matched.length === 0) return void errors.push({ path, message: `the ${connector} connector takes no ${t} type (it takes ${consumes.join(', ')})` });
      matched.forEach((m) => out.add(m));
      return;
    }
    if (!known(t)) return void errors.push({ path, message: `unknown event type "${t}"` });
    if (!consumes.includes(t)) return void errors.push({ path, message: `the ${connector} connector does not take ${t} (it takes ${consumes.join(', ')})` });
    out.add(t);
  });
  if (errors.length) throw bad(errors);
  return [...out].sort();
}

/**
 * Checks a backfill request in the order a caller can act on: its shape (400), the tenant and
 * target within the caller's tenants (404, as if they did not exist), the target being the
 * tenant's (400), the filter (required: a backfill of everything is never what was meant), the
 * types against the target's connector, the window (RFC 3339, from before to, to at most now), the rate.
 */
export function readBackfillRequest(body: unknown, ctx: BackfillRequestContext): BackfillCommand {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad([{ path: '', message: 'the body must be a JSON object' }]);
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !(BACKFILL_FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw bad(unknown.map((k) => ({ path: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `unknown field: the fields are ${BACKFILL_FIELDS.join(', ')}` })));

  const tenant = text(b, 'tenant', true)!;
  const targetId = text(b, 'target', true)!;
  if (!ctx.tenants.has(tenant) || !ctx.visible(tenant)) throw notFound(`tenant "${tenant}"`);
  const target = ctx.targets.get(targetId);
  if (!target || !ctx.visible(target.tenant)) throw notFound(`target "${targetId}"`);
  if (target.tenant !== tenant) throw bad([{ path: '/target', message: `${targetId} is a target of ${target.tenant}, not of ${tenant}: a backfill stays within one force` }]);

  if (b.types === undefined && b.subject === undefined && b.from === undefined && b.to === undefined) {
    throw bad([{ path: '', message: 'give a filter: types, subject, from or to. A backfill of all of a force\'s history is never what was meant' }], 'Filter required');
  }
  const consumes = ctx.consumes(target.connector);
  const types = b.types === undefined ? [...consumes].sort() : expandTypes(b.types, target.connector, consumes, ctx.known);
  const subject = text(b, 'subject', false);
  const fromRaw = text(b, 'from', false);
  const toRaw = text(b, 'to', false);
  const from = fromRaw === undefined ? undefined : readTimestamp('from', fromRaw);
  const asked = toRaw === undefined ? undefined : readTimestamp('to', toRaw);
  const now = ctx.now.toISOString();
  if (from !== undefined && asked !== undefined && from > asked) throw bad([{ path: '/from', message: `${from} is after to (${asked}): the window is from ≤ acceptance < to` }]);
  if (from !== undefined && from > now) throw bad([{ path: '/from', message: `${from} is in the future: nothing was accepted then yet` }]);
  // What is accepted after the start is not the backfill's: it is live traffic, routed as it comes.
  const to = asked === undefined || asked > now ? now : asked;

  let rate = ctx.defaultRate;
  if (b.rate !== undefined) {
    if (typeof b.rate !== 'number' || !Number.isInteger(b.rate) || b.rate < 1 || b.rate > ctx.maxRate) {
      throw bad([{ path: '/rate', message: `events a second: an integer from 1 to ${ctx.maxRate} (BACKFILL_MAX_RATE)` }]);
    }
    rate = b.rate;
  }
  if (b.dryRun !== undefined && typeof b.dryRun !== 'boolean') throw bad([{ path: '/dryRun', message: 'must be true or false' }]);
  const reason = text(b, 'reason', false);
  if (reason !== undefined && reason.trim().length < 3) throw bad([{ path: '/reason', message: 'say why, in 3 to 500 characters' }]);

  return {
    tenant,
    target: targetId,
    types,
    ...(subject === undefined ? {} : { subject }),
    ...(from === undefined ? {} : { from }),
    to,
    rate,
    dryRun: b.dryRun === true,
    ...(reason === undefined ? {} : { reason: reason.trim() }),
    filter: {
      ...(b.types === undefined ? {} : { types: (b.types as string[]).slice() }),
      ...(subject === undefined ? {} : { subject }),
      ...(from === undefined ? {} : { from }),
      ...(asked === undefined ? {} : { to: asked }),
    },
  };
}
