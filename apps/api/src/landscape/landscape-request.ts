// The bodies of the landscape endpoints, checked before anything is derived from them. Pure.
import type { CutoverRequest } from '@hub/config';
import { ProblemEntry, ProblemException } from '@hub/http-problem';

const CODE = /^[a-z][a-z0-9-]{1,62}$/;
const DOMAIN = /^[a-z][a-z0-9-]*$/;

export interface CutoverCommand extends CutoverRequest {
  dryRun: boolean;
  reason: string;
}

export interface LandscapeChangeCommand {
  landscape: Record<string, unknown>;
  reason: string;
  basedOn?: number;
  dryRun: boolean;
}

function reasonOf(body: Record<string, unknown>, errors: ProblemEntry[]): string {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (reason.length < 3 || reason.length > 500) errors.push({ path: '/reason', message: 'say why, in 3 to 500 characters' });
  return reason;
}

function flag(body: Record<string, unknown>, name: string, errors: ProblemEntry[]): boolean {
  const v = body[name];
  if (v !== undefined && typeof v !== 'boolean') errors.push({ path: `/${name}`, message: 'must be true or false' });
  return v === true;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/', message: 'the body must be a JSON object' }]);
  return body as Record<string, unknown>;
}

const fail = (errors: ProblemEntry[]) => {
  if (errors.length) throw new ProblemException(400, 'malformed-request', 'Bad request', errors);
};

/** POST /v1/landscape/cutovers: `{ tenant, domain, keepOldAsShadow?, dryRun?, reason, to?, from? }`. */
export function readCutover(raw: unknown): CutoverCommand {
  const body = objectBody(raw);
  const errors: ProblemEntry[] = [];
  const known = new Set(['tenant', 'domain', 'keepOldAsShadow', 'dryRun', 'reason', 'to', 'from']);
  for (const k of Object.keys(body)) if (!known.has(k)) errors.push({ path: `/${k}`, message: 'is not a field of a cutover' });
  const text = (name: 'tenant' | 'domain' | 'to' | 'from', pattern: RegExp, required: boolean) => {
    const v = body[name];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !pattern.test(v)) errors.push({ path: `/${name}`, message: required && v === undefined ? 'is required' : `must match ${pattern.source}` });
    return v as string;
  };
  const tenant = text('tenant', CODE, true)!;
  const domain = text('domain', DOMAIN, true)!;
  const to = text('to', CODE, false);
  const from = text('from', CODE, false);
  const command: CutoverCommand = { tenant, domain, keepOldAsShadow: flag(body, 'keepOldAsShadow', errors), dryRun: flag(body, 'dryRun', errors), reason: reasonOf(body, errors), ...(to ? { to } : {}), ...(from ? { from } : {}) };
  fail(errors);
  return command;
}

/** PUT /v1/landscape: `{ landscape, reason, basedOn?, dryRun? }`. */
export function readLandscapeChange(raw: unknown): LandscapeChangeCommand {
  const body = objectBody(raw);
  const errors: ProblemEntry[] = [];
  for (const k of Object.keys(body)) if (!['landscape', 'reason', 'basedOn', 'dryRun'].includes(k)) errors.push({ path: `/${k}`, message: 'is not a field of a landscape change' });
  const landscape = body.landscape;
  if (!landscape || typeof landscape !== 'object' || Array.isArray(landscape)) errors.push({ path: '/landscape', message: 'must be a landscape document (a JSON object, as GET /v1/landscape answers it)' });
  const basedOn = body.basedOn;
  if (basedOn !== undefined && !(Number.isSafeInteger(basedOn) && (basedOn as number) > 0)) errors.push({ path: '/basedOn', message: 'must be a landscape version (a positive integer)' });
  const command: LandscapeChangeCommand = { landscape: landscape as Record<string, unknown>, reason: reasonOf(body, errors), dryRun: flag(body, 'dryRun', errors), ...(basedOn !== undefined ? { basedOn: basedOn as number } : {}) };
  fail(errors);
  return command;
}

/** A version number in a path or query. */
export function readVersion(raw: string | undefined, field: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: `/${field}`, message: 'must be a landscape version (a positive integer)' }]);
  return Number(raw);
}
