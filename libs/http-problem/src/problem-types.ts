/** What a problem type means and what the caller should do about it: the page at its URI. */
export interface ProblemTypeDoc {
  title: string;
  /** The statuses an answer of this type can have. */
  statuses: readonly number[];
  description: string;
  /** What the caller should do. */
  action: string;
}

/**
 * Every problem type the hub answers with, declared once (names are contracts: renaming one breaks
 * every caller that compares `type`). Each is served as a page at its URI (problem-types.controller.ts),
 * and GET /problems lists them.
 */
export const PROBLEM_TYPES = {
  'malformed-request': {
    title: 'Bad request',
    statuses: [400],
    description:
      'The request is not one the hub can read unambiguously: a body that is not JSON (or not UTF-8, or with a key given twice), a header or query parameter given twice, control characters or bad percent-encoding in the URL, a query parameter or body field that is missing, unknown or out of range, a paging cursor the hub did not issue, or bytes that are not HTTP.',
    action: 'Fix the request: `detail` and each `errors[]` entry (a JSON Pointer in `path`, and a `message`) say what is wrong. Sending the same request again fails the same way.',
  },
  'invalid-envelope': {
    title: 'Invalid CloudEvent',
    statuses: [400],
    description:
      'The body is JSON, but not a valid CloudEvents 1.0 envelope: a required attribute (specversion, id, source, type, subject, tenant) missing, not a string or too long; control characters in an attribute; an extension attribute that is not a CloudEvents type; a batch that is not a non-empty array; binary mode without its ce-* headers.',
    action: 'Fix the events named in `errors[]` (`index` is the position in a batch, `path` the attribute). A batch is refused whole: nothing in it was accepted.',
  },
  unauthenticated: {
    title: 'Unauthenticated',
    statuses: [401],
    description:
      'The request carries no credential the hub knows: no `Authorization: Bearer <token>`, or a token that is not (or no longer) in the landscape. At the gateway, a webhook whose signature header is missing or does not match its body. The `WWW-Authenticate` header says which credential is expected.',
    action: 'Send the token issued to your system (or, for a webhook, sign the exact body bytes with the shared secret). Do not retry unchanged: the answer will be the same.',
  },
  forbidden: {
    title: 'Forbidden',
    statuses: [403],
    description:
      'The credential is known but may not do this: a source posting a type, a tenant or a `source` URI outside its scope, an ops token without the role the endpoint needs, or for a tenant it does not hold.',
    action: 'Use a credential that holds this scope or role, or ask the hub’s operators to extend yours in the landscape. Do not retry unchanged.',
  },
  'not-found': {
    title: 'Not found',
    statuses: [404],
    description:
      'No such resource within your tenants: an unknown path, event, dead letter, quarantined message, target, backfill, landscape version or schema. Something in a tenant you do not hold answers the same as something that does not exist, so nothing can be probed.',
    action: 'Check the id or path (and, for an event that was just accepted, ask again in a moment: the router records it within milliseconds).',
  },
  'request-timeout': {
    title: 'Request timeout',
    statuses: [408],
    description: 'The request did not arrive in time: its headers within HTTP_HEADERS_TIMEOUT_MS (10 s by default) or the whole of it within HTTP_REQUEST_TIMEOUT_MS (30 s). The connection is closed.',
    action: 'Send the request again, whole and promptly, on a new connection.',
  },
  'payload-too-large': {
    title: 'Payload too large',
    statuses: [413],
    description:
      'The body is larger than the limit: MAX_BODY_BYTES for POST /v1/events, 256 KiB for other JSON bodies, both counted after decoding the Content-Encoding; or chunk extensions larger than the server accepts.',
    action: 'Send less in one request: split a batch into smaller ones (a batch is accepted or refused whole).',
  },
  'headers-too-large': {
    title: 'Request header fields too large',
    statuses: [431],
    description: 'The header block is larger than the server accepts. The connection is closed.',
    action: 'Send fewer or shorter headers.',
  },
  'unsupported-media-type': {
    title: 'Unsupported media type',
    statuses: [415],
    description:
      'The Content-Type is not one the route takes (POST /v1/events takes application/cloudevents+json, application/cloudevents-batch+json and application/json for binary mode), or its charset is not UTF-8.',
    action: 'Send the body as one of the media types the route declares, in UTF-8.',
  },
  'unsupported-content-encoding': {
    title: 'Unsupported content encoding',
    statuses: [415],
    description: 'The Content-Encoding is not one of gzip, deflate, br and identity. The answer lists those the hub takes in `Accept-Encoding`.',
    action: 'Send the body uncompressed or in one of the encodings named in `Accept-Encoding`.',
  },
  'unknown-event-type': {
    title: 'Unknown event type',
    statuses: [422],
    description: 'An event’s `type` is not a canonical type the hub knows. GET /v1/schemas lists them, with their versions.',
    action: 'Post a canonical type (`<domain>.<entity>.<event>.v<N>`) from GET /v1/schemas; a new type needs a schema in the hub first.',
  },
  'schema-violation': {
    title: 'Schema violation',
    statuses: [422],
    description:
      'An event’s `data` does not match the JSON Schema of its type (GET /v1/schemas/{type}), or cannot be carried exactly (NUL or a lone surrogate in a string, an integer beyond ±(2^53 − 1), a number that is not finite). At the gateway: a webhook its connector cannot read.',
    action: 'Fix the data at each `errors[].path` (a JSON Pointer, with the event’s id in `eventId`) and post again. A batch is refused whole.',
  },
  conflict: {
    title: 'Conflict',
    statuses: [409],
    description:
      'The request is valid but does not fit the state it would change: a dead letter or quarantined message that is not open, a target already paused (or not paused), a backfill not in a state that allows it, a landscape change not based on the latest version or with nothing to change, an event id used by several sources or tenants.',
    action: 'Read the current state (GET the resource; `detail` says what is in the way), then decide whether the request is still wanted. Retrying unchanged will not help.',
  },
  'invalid-landscape': {
    title: 'Invalid landscape',
    statuses: [422],
    description: 'The landscape document (or the result of a cutover) fails the checks the hub runs on its landscape file at boot: schema, cross-references, connectors that take the routed types, credentials set in the environment. One entry per problem.',
    action: 'Fix each problem in `errors[]` and send the change again; nothing was stored.',
  },
  unavailable: {
    title: 'Unavailable',
    statuses: [502, 503],
    description:
      'A store the hub needs did not answer in time (Kafka did not acknowledge the events, Redis or PostgreSQL is away), so nothing was done; at the gateway, the hub could not take the events (503) or refused what the gateway made of them (502, a fault in the hub’s configuration).',
    action: 'Retry later with backoff. Nothing was accepted, and a retry of accepted events is answered as a duplicate, so retrying is safe.',
  },
  internal: {
    title: 'Internal error',
    statuses: [500],
    description: 'The hub failed. By design no input causes this; it is logged with its stack under the `requestId` the problem names.',
    action: 'Retry later; if it persists, give the hub’s operators the `requestId`.',
  },
} as const satisfies Record<string, ProblemTypeDoc>;

/** Slugs of the problem types the hub answers with. */
export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_TYPE_SLUGS = Object.keys(PROBLEM_TYPES) as ProblemType[];

/**
 * Where the problem type pages are served, by the API and the gateway alike. A problem's `type` is
 * this path, a relative reference with the full path (RFC 9457 §3.1.1 recommends the full path
 * when a relative one is used): the same string in every deployment, for callers to compare,
 * and it resolves against the server that answered, which serves the page.
 */
export const PROBLEMS_PATH = '/problems';

export const problemTypeUri = (type: ProblemType): string => `${PROBLEMS_PATH}/${type}`;

export const isProblemType = (slug: string): slug is ProblemType => Object.prototype.hasOwnProperty.call(PROBLEM_TYPES, slug);
