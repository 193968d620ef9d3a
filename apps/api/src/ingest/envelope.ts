import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { CanonicalEvent } from '@hub/events';
import { toProblems } from '@hub/schema-registry';
import type { ProblemEntry } from '../problem/problem.exception';

/**
 * The CloudEvents 1.0 envelope as the hub requires it: the spec's required attributes, plus
 * `subject` (the Kafka key) and the `tenant` extension. Other extension attributes are accepted
 * (the spec says consumers must tolerate them) and not forwarded.
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
    data_base64: false,
  },
  propertyNames: { pattern: '^[a-z0-9_]{1,20}$' },
};

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateEnvelope = ajv.compile(envelopeSchema);

/** A candidate event once its envelope is valid: a canonical event with object data. */
export type Envelope = CanonicalEvent<Record<string, unknown>>;

/** Problems with one candidate event's envelope; paths point into that event (`/tenant`). */
export function envelopeProblems(candidate: unknown): ProblemEntry[] {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    return [{ path: '', message: 'must be a JSON object (a CloudEvent)' }];
  }
  if (validateEnvelope(candidate)) return [];
  const eventId = typeof (candidate as { id?: unknown }).id === 'string' ? (candidate as { id: string }).id : undefined;
  return toProblems(validateEnvelope.errors).map((p) => ({ ...(eventId ? { eventId } : {}), ...p }));
}

/** Keeps only the attributes the hub carries. */
export function normalise(e: Envelope): Envelope {
  const { specversion, id, source, type, subject, tenant, time, dataschema, data } = e;
  return { specversion, id, source, type, subject, tenant, ...(time ? { time } : {}), ...(dataschema ? { dataschema } : {}), datacontenttype: 'application/json', data };
}
