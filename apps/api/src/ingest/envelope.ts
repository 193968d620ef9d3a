import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CanonicalEvent, canonicalString, eventAttributeProblems, MODELLED_ATTRIBUTES } from '@hub/events';
import { toProblems } from '@hub/schema-registry';
import type { ProblemEntry } from '@hub/http-problem';

/**
 * The CloudEvents 1.0 envelope as the hub requires it: the spec's required attributes, plus
 * `subject` (the Kafka key) and the `tenant` extension. Every other extension attribute is carried
 * to the targets (normalise), if its name and value are CloudEvents'.
 * Attribute names and values the hub cannot carry (control characters, objects as extension
 * values…) are @hub/events' eventAttributeProblems, the rules the router quarantines by.
 */
const envelopeSchema = {
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'subject', 'tenant', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1, maxLength: 200 },
    source: { type: 'string', minLength: 1, maxLength: 500, format: 'uri-reference' },
    type: { type: 'string', minLength: 1, maxLength: 200 },
    subject: { type: 'string', minLength: 1, maxLength: 200 },
    tenant: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,15}$' },
    time: { type: 'string', format: 'date-time' },
    dataschema: { type: 'string', format: 'uri' },
    datacontenttype: { type: 'string', pattern: '^application/json(\\s*;.*)?$' },
    data: { type: 'object' },
  },
};

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateEnvelope = ajv.compile(envelopeSchema);

/** A candidate event once its envelope is valid: a canonical event with object data. */
export type Envelope = CanonicalEvent<Record<string, unknown>>;

/**
 * The candidate with its `null` attributes left out: "When decoding attributes and a null value is
 * encountered, it MUST be treated as the equivalent of unset or omitted" (JSON Event Format 1.0.2
 * §2.2). `data` is not an attribute: null data stays, and is refused as not an object. The same
 * object when nothing is null, which is nearly always.
 */
export function withoutUnset(candidate: unknown): unknown {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return candidate;
  const c = candidate as Record<string, unknown>;
  let unset = false;
  for (const k in c) if (c[k] === null && k !== 'data') unset = true;
  if (!unset) return candidate;
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(c)) if (c[k] !== null || k === 'data') copy[k] = c[k];
  return copy;
}

/** Problems with one candidate event's envelope; paths point into that event (`/tenant`). One problem per path. */
export function envelopeProblems(candidate: unknown): ProblemEntry[] {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    return [{ path: '', message: 'must be a JSON object (a CloudEvent)' }];
  }
  const c = candidate as Record<string, unknown>;
  const problems: ProblemEntry[] = validateEnvelope(c) ? [] : toProblems(validateEnvelope.errors);
  if ('data_base64' in c) problems.push({ path: '/data_base64', message: 'is not accepted: the hub carries JSON data (data, application/json) only' });
  const carried = eventAttributeProblems(c);
  if (carried.length) {
    const named = new Set(problems.map((p) => p.path));
    for (const p of carried) if (!named.has(p.path)) problems.push(p);
  }
  if (problems.length === 0) return problems;
  // An id that is itself refused is not echoed back with every problem.
  const eventId = typeof c.id === 'string' && !problems.some((p) => p.path === '/id') ? c.id : undefined;
  return problems.map((p) => ({ ...(eventId ? { eventId } : {}), ...p }));
}

/**
 * The event as the hub carries it: the attributes it models in their fields, every other one (but
 * `data`, and `data_base64`, refused before) among `extensions`, in its canonical string form.
 * `datacontenttype` is always written: JSON Event Format §3.1.2 asks that an event re-serialised
 * in another binding say the `application/json` its JSON form implied.
 */
export function normalise(e: Envelope): Envelope {
  const { specversion, id, source, type, subject, tenant, time, dataschema, data } = e;
  const all = e as unknown as Record<string, string | boolean | number>;
  let extensions: Record<string, string> | undefined;
  for (const name of Object.keys(all)) {
    if (name !== 'data' && !MODELLED_ATTRIBUTES.has(name)) (extensions ??= {})[name] = canonicalString(all[name]);
  }
  return {
    specversion, id, source, type, subject, tenant,
    ...(time ? { time } : {}),
    ...(dataschema ? { dataschema } : {}),
    datacontenttype: 'application/json',
    ...(extensions ? { extensions } : {}),
    data,
  };
}
