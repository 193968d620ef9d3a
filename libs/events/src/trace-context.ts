/**
 * W3C Trace Context (Level 1) values as the CloudEvents distributed-tracing extension carries them:
 * `traceparent` (§3.2) and `tracestate` (§3.3). Pure checks; the tracing itself is
 * @hub/observability's. The extension's attributes hold the trace an event *started* in, and are
 * carried unchanged; each hop's own context travels in the protocol's headers (HTTP `traceparent`,
 * the Kafka header `traceparent`, a job's `trace`), never in the event.
 */

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
/** A list member's key: a simple key, or a multi-tenant one (`tenant@system`). */
const TRACESTATE_KEY = /^(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})$/;
/** A list member's value: printable ASCII without `,` and `=`, not ending in a space. */
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const TRACESTATE_MAX_MEMBERS = 32;

/**
 * Why `value` is not a traceparent, or undefined when it is one: `version-traceid-parentid-flags`
 * in lower-case hex; version ff, an all-zero trace id and an all-zero parent id are invalid; a
 * version 00 value has exactly those four fields, a later version may have more after them.
 */
export function traceparentProblem(value: string): string | undefined {
  const m = TRACEPARENT.exec(value);
  if (!m) return 'must be a W3C traceparent: 2-32-16-2 lower-case hex digits, e.g. 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  if (m[1] === 'ff') return 'must be a W3C traceparent: version ff is invalid';
  if (m[1] === '00' && m[5] !== undefined) return 'must be a W3C traceparent: version 00 has exactly four fields';
  if (m[2] === ZERO_TRACE) return 'must be a W3C traceparent: the trace id must not be all zeros';
  if (m[3] === ZERO_SPAN) return 'must be a W3C traceparent: the parent id must not be all zeros';
  return undefined;
}

/** Why `value` is not a tracestate, or undefined: at most 32 `key=value` members, comma-separated (empty members allowed), keys unique. */
export function tracestateProblem(value: string): string | undefined {
  const keys = new Set<string>();
  for (const raw of value.split(',')) {
    const member = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (member === '') continue;
    const eq = member.indexOf('=');
    const key = eq < 0 ? member : member.slice(0, eq);
    if (eq < 0 || !TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(member.slice(eq + 1))) return `must be a W3C tracestate: "${member.slice(0, 40)}" is not a key=value list member`;
    if (keys.has(key)) return `must be a W3C tracestate: the key "${key}" is given twice`;
    keys.add(key);
  }
  if (keys.size > TRACESTATE_MAX_MEMBERS) return `must be a W3C tracestate: at most ${TRACESTATE_MAX_MEMBERS} list members`;
  return undefined;
}
