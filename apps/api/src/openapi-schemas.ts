/**
 * The schemas of what the API answers, as OpenAPI 3.1 components (JSON Schema 2020-12). Objects are
 * open (a field may be added without breaking a reader) but every field named here is what the
 * answer carries; test/integration/openapi-conformance checks real answers against them.
 */
import { BACKFILL_STATES, QUARANTINE_STATES } from '@hub/ledger';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const strings = { type: 'array', items: str } as const;
const nullable = (schema: { type: string; [k: string]: unknown }) => ({ ...schema, type: [schema.type, 'null'] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** An object: `required` are always there, `optional` sometimes; fields not named may be added. */
const obj = (required: Record<string, object>, optional: Record<string, object> = {}, description?: string) => ({
  type: 'object',
  ...(description ? { description } : {}),
  required: Object.keys(required),
  properties: { ...required, ...optional },
});
/** A page of a list: `next` is the cursor of the next page (as `after`, or `before` for versions), absent on the last. */
const page = (item: string, total = true, description?: string) =>
  obj({ items: { type: 'array', items: ref(item) }, ...(total ? { total: { ...int, description: 'all rows matching the filter, regardless of the page' } } : {}) }, { next: { type: ['string', 'integer'], description: 'the cursor of the next page; absent on the last' } }, description);
const count = { type: 'integer', minimum: 0 } as const;
/** Money per currency, in minor units. */
const money = { type: 'array', items: obj({ currency: str, amountMinor: int }) };
const tally = obj({ events: count, money });
const openByState = obj({ queued: count, held: count, retrying: count, replaying: count });
const deliveryState = { type: 'string', enum: ['queued', 'held', 'retrying', 'delivered', 'dead-lettered', 'replaying', 'discarded', 'withdrawn'] };
const eventAttributes = obj({ specversion: str, id: str, source: str, type: str, subject: str, tenant: str }, { time: str, dataschema: str, datacontenttype: str }, "The CloudEvent's attributes (no data).");
/** An event as stored, its data masked where the caller may not see personal data. */
const storedEvent = obj({ specversion: str, id: str, source: str, type: str, subject: str, tenant: str }, { time: str, data: { description: 'masked at `x-pii` fields unless the caller holds pii-reader' } });

const cloudEvent = {
  type: 'object',
  description: 'A CloudEvent 1.0 in structured mode. `subject` (the Kafka key) and the `tenant` extension are required by the hub.',
  required: ['specversion', 'id', 'source', 'type', 'subject', 'tenant'],
  properties: {
    specversion: { type: 'string', enum: ['1.0'] },
    id: { type: 'string', minLength: 1 },
    source: { type: 'string', format: 'uri-reference', minLength: 1 },
    type: { type: 'string', example: 'hr.employee.joined.v1', description: 'a canonical type: GET /v1/schemas' },
    subject: { type: 'string', minLength: 1, description: 'id of the person or business object; events about one subject stay in order' },
    tenant: { type: 'string', example: 'fen', description: 'code of the organisation (force) that owns the data' },
    time: { type: 'string', format: 'date-time' },
    dataschema: { type: 'string', format: 'uri' },
    datacontenttype: { type: 'string', enum: ['application/json'] },
    data: { description: 'valid against the JSON Schema of `type`' },
  },
  additionalProperties: { description: 'other extension attributes: a string, a boolean or an integer', type: ['string', 'boolean', 'integer'] },
};

export const RESPONSE_SCHEMAS: Record<string, object> = {
  TraceSummary: obj(
    {
      event: eventAttributes,
      status: { type: 'string', enum: ['in-progress', 'delivered', 'dead-lettered', 'unrouted'], description: 'unrouted: accepted, but no route sends this tenant’s type anywhere' },
      acceptedAt: dateTime,
      targets: {
        type: 'array',
        items: obj(
          { target: str, state: deliveryState, attempts: count, replays: count, updatedAt: dateTime },
          {
            queuedAt: dateTime, deliveredAt: dateTime, deadLetteredAt: dateTime, discardedAt: dateTime, discardReason: str,
            reference: { ...str, description: "the target's own reference for what it stored" },
            lastError: obj({ reason: str }, { message: str, status: int, field: str, fingerprint: str }),
            role: { type: 'string', enum: ['shadow'], description: "a parallel run's shadow: shown, never deciding the event's status" },
            backfill: { ...str, description: 'made by this backfill, not by live routing' },
            heldBehind: obj({ state: deliveryState }, { eventId: str, source: str, deadLetter: str }),
            landscapeVersion: int,
          },
        ),
      },
    },
    {},
    'What became of one event, from the delivery ledger.',
  ),
  SchemaList: obj({
    types: { type: 'array', items: obj({ name: str, domain: str, description: str, versions: { type: 'array', items: obj({ version: int, type: str }) } }) },
  }),
  EventSchema: obj({ $schema: { type: 'string', const: 'https://json-schema.org/draft/2020-12/schema' }, $id: { type: 'string', format: 'uri' }, title: str, examples: { type: 'array', minItems: 1 } }, {}, 'The JSON Schema (draft 2020-12) of one event type’s data, with at least one valid example.'),
  DeadLetter: obj(
    { id: { ...str, description: '<target>.<event key>' }, eventKey: str, target: str, tenant: str, state: deliveryState, attempts: count, reason: str, replays: count, updatedAt: dateTime },
    {
      message: str, status: int, field: str, fingerprint: str, queuedAt: dateTime, deadLetteredAt: dateTime, ordered: bool, landscapeVersion: int, role: { type: 'string', enum: ['shadow'] },
      type: str, subject: str, source: str, eventId: str, event: storedEvent,
    },
  ),
  DeadLetterPage: page('DeadLetter'),
  DeadLetterGroups: obj({
    items: {
      type: 'array',
      items: obj({ fingerprint: str, reason: str, target: str, tenant: str, count, holding: { ...count, description: 'deliveries held behind these dead letters' }, first: dateTime, last: dateTime }, { role: { type: 'string', enum: ['shadow'] }, fieldOrStatus: str }),
    },
  }),
  ReplayOutcome: obj({ id: str, replayed: bool, detail: str }),
  BulkReplay: obj(
    { dryRun: bool, matched: count, considered: count, replayed: count, skipped: count, failed: { type: 'array', items: ref('ReplayOutcome') }, byTarget: { type: 'object', additionalProperties: count }, batches: count },
    { sample: { type: 'array', items: ref('DeadLetter'), description: 'dry run: the first 20 that would be replayed' } },
  ),
  QuarantineEntry: obj(
    { id: str, topic: str, partition: int, offset: str, reason: str, message: str, state: { type: 'string', enum: [...QUARANTINE_STATES] }, timesQuarantined: int, quarantinedAt: dateTime, updatedAt: dateTime, valueBytes: count, masked: bool },
    {
      tenant: str, type: str, subject: str, source: str, eventId: str, event: { type: 'object', description: 'what could be read of the event, its data masked unless you hold pii-reader' },
      problems: { type: 'array', items: obj({ path: str, message: str }) }, digest: str,
      raw: obj({ key: { type: ['object', 'null'] }, headers: { type: 'array', items: obj({ key: str, value: { type: ['object', 'null'] } }) }, valueBytes: count }, { timestamp: dateTime, value: { type: ['object', 'null'], description: 'only for pii-readers' } }, 'the message byte for byte: each key and value as `{ text?, base64 }`'),
    },
  ),
  QuarantinePage: page('QuarantineEntry'),
  QuarantineRelease: obj({ id: str, released: { type: 'boolean', const: true }, topic: str, detail: str }),
  Target: obj({
    id: str,
    tenant: str,
    connector: str,
    state: { type: 'string', enum: ['paused', 'closed', 'open', 'half-open'] },
    paused: { type: ['object', 'null'], required: ['by', 'reason', 'since'], properties: { by: str, reason: str, since: dateTime } },
    breaker: obj({
      state: { type: 'string', enum: ['closed', 'open', 'half-open'] }, consecutiveFailures: count, openedAt: nullable(dateTime), openSeconds: { type: 'number', minimum: 0 }, nextProbeAt: nullable(dateTime),
      probeIntervalMs: nullable(int), probing: bool, retryAfterUntil: nullable(dateTime), lastFailure: { type: ['object', 'null'] }, lastOpenedAt: nullable(dateTime), lastClosedAt: nullable(dateTime),
    }),
    queue: obj({ waiting: count, active: count, delayed: count, failed: count }),
    settings: obj({ breaker: { type: 'object' }, retry: { type: 'object' }, rateLimit: { type: ['object', 'null'] }, concurrency: int, timeoutMs: int }),
  }),
  TargetList: obj({ items: { type: 'array', items: ref('Target') } }),
  ParallelRuns: obj({
    day: { type: 'string', format: 'date' },
    items: { type: 'array', items: obj({ tenant: str, domain: str, pairs: { type: 'array', items: { type: 'object' } }, day: { type: 'string', format: 'date' }, today: obj({ compared: count, agreed: count, disagreed: count, byReason: { type: 'object' }, topFields: { type: 'array' } }), waiting: count }) },
  }),
  ParallelRunReport: obj({
    tenant: str, domain: str, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, compared: count, agreed: count, disagreed: count,
    byReason: obj({ outcome: count, pending: count, fields: count }), byField: { type: 'array' }, byDay: { type: 'array' }, pairs: { type: 'array' },
    onlyOneSide: obj({ primary: { type: 'array' }, shadow: { type: 'array' } }), fieldsNotCompared: { type: 'array' }, examples: obj({ outcome: { type: 'array' }, pending: { type: 'array' }, fields: { type: 'array' } }), masked: bool,
  }),
  LandscapeChange: obj({ changes: { type: 'array', items: obj({ id: str, change: str, entity: str }, { tenant: str }) }, summary: strings }, { kind: { type: 'string', enum: ['file', 'document', 'cutover'] } }, 'What a version changed, within your tenants.'),
  Landscape: obj(
    { version: int, migrations: { type: 'array' }, landscape: { type: 'object', description: 'the landscape document, without token hashes; with some tenants, theirs only' } },
    { createdAt: dateTime, actor: str, reason: str, change: ref('LandscapeChange') },
  ),
  LandscapeVersion: obj({ version: int, createdAt: dateTime, actor: str, reason: str, change: ref('LandscapeChange'), landscape: { type: 'object' }, migrations: { type: 'array' } }),
  LandscapeVersions: obj({ items: { type: 'array', items: obj({ version: int, createdAt: dateTime, actor: str, reason: str, change: ref('LandscapeChange') }) } }, { next: { ...int, description: 'pass as `before` for the next page' } }),
  LandscapeChangeAnswer: obj(
    { basedOn: int, changes: { type: 'array', items: obj({ id: str, change: str, entity: str }, { tenant: str }) }, summary: strings },
    { dryRun: { type: 'boolean', const: true }, version: { ...int, description: 'the version stored (not for a dry run)' }, restartNeeded: { ...strings, description: 'roles that take this change only at a restart (the gateway)' } },
  ),
  CutoverAnswer: obj(
    { basedOn: int, tenant: str, domain: str, routes: {
        type: 'array',
        items: obj({ tenant: str, type: str, before: obj({ targets: strings, shadow: strings }), after: obj({ targets: strings, shadow: strings }), promoted: { type: 'array', items: obj({ to: str, from: str }) } }),
        description: 'each route of the tenant in the domain, its targets and shadows before and after',
      }, summary: strings, migrations: { type: 'array' } },
    { dryRun: { type: 'boolean', const: true }, version: { ...int, description: 'the version stored (not for a dry run)' } },
  ),
  Backfill: obj(
    {
      id: str, tenant: str, target: str, filter: { type: 'object' }, types: strings, to: dateTime, ordered: bool, state: { type: 'string', enum: [...BACKFILL_STATES] }, rate: int, createdBy: str, createdAt: dateTime, updatedAt: dateTime, runs: count,
      progress: obj({ total: count, enqueued: count, skipped: count, delivered: count, deadLettered: count, discarded: count, open: openByState, remaining: count, percent: { type: 'number' } }),
    },
    { reason: str, from: dateTime, changedBy: str, finishedAt: dateTime },
  ),
  BackfillPage: page('Backfill'),
  BackfillDryRun: obj({ dryRun: { type: 'boolean', const: true }, tenant: str, target: str, types: strings, to: dateTime, rate: int, toSend: count, alreadyThere: count, byType: { type: 'array', items: obj({ type: str, toSend: count, alreadyThere: count }) }, effectiveRate: { type: 'number' }, estimatedSeconds: { type: 'number' } }, { from: dateTime }),
  AuditPage: page('AuditEntry'),
  AuditEntry: obj({ id: str, at: dateTime, actor: str, roles: strings, action: str, tenants: strings }, { filter: { type: 'object' }, counts: { type: 'object' }, detail: str }),
  Reconciliation: obj({
    tenant: str, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, dayBoundary: { type: 'string', const: 'UTC' }, generatedAt: dateTime, graceMs: int, balanced: bool,
    moneyRules: { type: 'object', additionalProperties: str }, rows: { type: 'array', items: ref('ReconciliationRow') }, shadowRows: { type: 'array', items: ref('ReconciliationRow') }, files: { type: 'array' }, filesTruncated: bool,
  }),
  ReconciliationRow: obj({
    day: { type: 'string', format: 'date' }, type: str, target: str, role: { type: 'string', enum: ['primary', 'shadow'] }, accepted: tally, unrouted: count, routed: tally, delivered: tally,
    pending: obj({ events: count, money, late: count, byState: openByState }), deadLettered: tally, discarded: tally, files: { type: ['object', 'null'] }, balanced: bool,
  }),
  Drift: obj({
    tenant: str, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, dayBoundary: { type: 'string', const: 'UTC' }, generatedAt: dateTime, graceMs: int, balanced: bool,
    items: { type: 'array', items: ref('DriftItem') }, shadowItems: { type: 'array', items: ref('DriftItem') }, files: { type: 'array' },
  }),
  DriftItem: obj({
    day: { type: 'string', format: 'date' }, type: str, target: str, role: { type: 'string', enum: ['primary', 'shadow'] }, routed: tally, delivered: tally, difference: tally,
    causes: { type: 'array', items: obj({ reason: str, events: count, money, deliveryIds: strings }, { late: count, byState: openByState, fingerprints: strings, discardReasons: strings }) },
  }),
  FileTotalsRecorded: obj({ file: { ...str, description: 'the file record id' }, eventKeys: { ...count, description: 'how many event keys this post carried' } }),
  CloudEvent: cloudEvent,
  CloudEventBatch: { type: 'array', items: { $ref: '#/components/schemas/CloudEvent' }, description: 'A batch (application/cloudevents-batch+json): accepted whole or refused whole. An empty batch is allowed (CloudEvents JSON format, batch mode) and answered 202 with nothing accepted.' },
  Accepted: {
    type: 'object',
    required: ['accepted'],
    properties: {
      accepted: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'type', 'duplicate'],
          properties: {
            id: str,
            type: str,
            duplicate: bool,
            landscapeVersion: { type: 'integer', description: 'the landscape version the event was accepted under: its routes decide where it goes, whatever changes later (not given for a duplicate)' },
          },
        },
      },
    },
  },
};
