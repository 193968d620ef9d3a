import { CanonicalEvent, MODELLED_ATTRIBUTES } from './canonical-event';
import { traceparentProblem, tracestateProblem } from './trace-context';

/**
 * What the hub can carry exactly, end to end: through JSON, Kafka headers, PostgreSQL (`text` and
 * `jsonb`) and every target's format. The API refuses an event that breaks these rules (so what it
 * accepts can always be stored and routed), and the router checks them again before it writes the
 * ledger, quarantining an event that breaks them instead of failing its batch for ever.
 */
export interface CarryProblem {
  /** JSON Pointer into the event: `/subject`, `/data/name/surname`. */
  path: string;
  message: string;
}

/**
 * CloudEvents 1.0 forbids these in String attributes: the control characters U+0000–U+001F and
 * U+007F–U+009F (`\p{Cc}`), surrogate code points (a lone one is `\p{Cs}` under the `u` flag) and
 * noncharacters.
 */
const FORBIDDEN_IN_ATTRIBUTE = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;
/** In data strings and keys: NUL (PostgreSQL's jsonb and text cannot hold it) and lone surrogates (not Unicode; not UTF-8). */
const FORBIDDEN_IN_DATA = /[\u0000\p{Cs}]/u;
/** Property names that reach Object.prototype when a consumer merges objects carelessly. */
export const DANGEROUS_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The attributes the hub reads as strings: the ones it models. */
const STRING_ATTRIBUTE_NAMES = MODELLED_ATTRIBUTES;

/** RFC 6901: `~` and `/` in a key are escaped. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Shows a forbidden character as its code point, so a problem message is itself printable. */
function describe(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Problems of one attribute value; empty when it is a String CloudEvents allows. */
export function attributeProblem(value: string): string | undefined {
  // test() first: on every attribute of every event, and a third cheaper than exec() when nothing is found.
  if (!FORBIDDEN_IN_ATTRIBUTE.test(value)) return undefined;
  const bad = FORBIDDEN_IN_ATTRIBUTE.exec(value)!;
  return `must not contain control characters, surrogates or noncharacters (found ${describe(bad[0])} at ${bad.index})`;
}

/**
 * Problems of a JSON value that cannot be carried exactly: NUL or a lone surrogate in a string or a
 * key, a dangerous property name, a number that is not finite or beyond ±(2^53 − 1) (JSON.parse has
 * already rounded it: 9007199254740993 reads as …992, 1e400 as Infinity). At most `limit` problems.
 */
export function dataProblems(value: unknown, path = '/data', out: CarryProblem[] = [], limit = 20): CarryProblem[] {
  if (out.length >= limit) return out;
  if (typeof value === 'string') {
    const bad = FORBIDDEN_IN_DATA.exec(value);
    if (bad) out.push({ path, message: `must not contain ${bad[0] === '\u0000' ? 'NUL (U+0000)' : `a lone surrogate (${describe(bad[0])})`}` });
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      out.push({ path, message: 'must be a number the hub can carry exactly: at most ±9007199254740991 (2^53 − 1)' });
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length && out.length < limit; i++) dataProblems(value[i], `${path}/${i}`, out, limit);
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (out.length >= limit) break;
      const at = `${path}/${pointerSegment(key)}`;
      if (DANGEROUS_NAMES.has(key)) out.push({ path: at, message: `"${key}" is not allowed as a property name` });
      else if (FORBIDDEN_IN_DATA.test(key)) out.push({ path: at, message: 'a property name must not contain NUL or a lone surrogate' });
      dataProblems((value as Record<string, unknown>)[key], at, out, limit);
    }
  }
  return out;
}

/**
 * CloudEvents attribute names "MUST consist of lower-case letters ('a' to 'z') or digits ('0' to
 * '9') from the ASCII character set" (CloudEvents 1.0 §3.1.1). That they "SHOULD NOT exceed 20
 * characters" is advice to whoever names one, not a reason to refuse an event: longer names are
 * carried. None may reach Object.prototype.
 */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
/** CloudEvents Integer: −2,147,483,648 to +2,147,483,647 (CloudEvents 1.0 §2 Type System). */
const INTEGER_MIN = -2_147_483_648;
const INTEGER_MAX = 2_147_483_647;

/**
 * Extensions the CloudEvents project documents whose values have a form of their own: the
 * distributed-tracing extension's W3C Trace Context values. A source that names one claims that
 * extension, and a target (or a tracing tool) will read it as one.
 */
const DOCUMENTED_FORMS: Readonly<Record<string, (value: string) => string | undefined>> = {
  traceparent: traceparentProblem,
  tracestate: tracestateProblem,
};

/**
 * Problem of one extension attribute, or undefined. Its JSON value must be one of the CloudEvents
 * types' JSON forms (JSON Event Format 1.0.2 §2.2): a string (String, Binary, URI, URI-reference,
 * Timestamp), an integer within the CloudEvents Integer range, or a boolean; never an object or an
 * array. `null` means unset (§2.2: "MUST be treated as the equivalent of unset or omitted").
 * `traceparent` and `tracestate` must be W3C Trace Context values (the distributed-tracing extension).
 */
export function extensionProblem(name: string, value: unknown): string | undefined {
  if (!ATTRIBUTE_NAME.test(name)) return `"${name.slice(0, 40)}" is not a CloudEvents attribute name: lower-case letters a-z and digits 0-9 only`;
  if (DANGEROUS_NAMES.has(name)) return `"${name}" is not allowed as an attribute name`;
  if (value === null || value === undefined) return undefined;
  const form = Object.prototype.hasOwnProperty.call(DOCUMENTED_FORMS, name) ? DOCUMENTED_FORMS[name] : undefined;
  if (form) return typeof value === 'string' ? (attributeProblem(value) ?? form(value)) : 'must be a string';
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'string') return attributeProblem(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= INTEGER_MIN && value <= INTEGER_MAX) return undefined;
  return 'an extension attribute must be a string, a boolean or an integer from -2147483648 to 2147483647';
}

/** The distributed-tracing extension's `traceparent` is REQUIRED with it: a `tracestate` alone is not that extension. */
function tracestateAlone(e: Record<string, unknown>): boolean {
  return e.tracestate !== undefined && e.tracestate !== null && (e.traceparent === undefined || e.traceparent === null);
}
const TRACESTATE_ALONE: CarryProblem = { path: '/tracestate', message: 'is given without traceparent, which the CloudEvents distributed-tracing extension requires with it' };

function stringAttributeProblem(v: unknown): string | undefined {
  return typeof v === 'string' ? attributeProblem(v) : 'must be a string';
}

/**
 * Every reason the attributes of an event as a source sent it (CloudEvents JSON: extensions beside
 * the other attributes; everything but `data`) cannot be carried: a string attribute that is not a
 * string or holds a forbidden character, an extension attribute that is not a CloudEvents value or
 * not a valid name. Attributes that are absent or `null` (unset) are not problems here.
 */
export function eventAttributeProblems(event: Record<string, unknown>, out: CarryProblem[] = []): CarryProblem[] {
  const e = event;
  for (const name of Object.keys(e)) {
    if (name === 'data') continue;
    const v = e[name];
    let why: string | undefined;
    if (STRING_ATTRIBUTE_NAMES.has(name)) {
      if (v === undefined || v === null) continue;
      why = stringAttributeProblem(v);
    } else {
      why = extensionProblem(name, v);
    }
    if (why) out.push({ path: `/${pointerSegment(name)}`, message: why });
  }
  if (tracestateAlone(e) && !out.some((p) => p.path === '/tracestate')) out.push(TRACESTATE_ALONE);
  return out;
}

/**
 * The same rules for an event as the hub holds it (CanonicalEvent: extensions in `extensions`),
 * read back from Kafka, say; paths are still the attribute's (`/traceparent`), as in the JSON format.
 */
export function canonicalAttributeProblems(event: CanonicalEvent | Record<string, unknown>, out: CarryProblem[] = []): CarryProblem[] {
  const e = event as Record<string, unknown>;
  for (const name of STRING_ATTRIBUTE_NAMES) {
    const v = e[name];
    if (v === undefined || v === null) continue;
    const why = stringAttributeProblem(v);
    if (why) out.push({ path: `/${pointerSegment(name)}`, message: why });
  }
  const ext = e.extensions;
  if (ext === undefined) return out;
  if (ext === null || typeof ext !== 'object' || Array.isArray(ext)) {
    out.push({ path: '/extensions', message: 'must be an object of extension attributes' });
    return out;
  }
  const x = ext as Record<string, unknown>;
  for (const name of Object.keys(x)) {
    const why = MODELLED_ATTRIBUTES.has(name) ? `"${name}" is not an extension attribute` : typeof x[name] === 'string' ? extensionProblem(name, x[name]) : 'an extension attribute is carried as a string';
    if (why) out.push({ path: `/${pointerSegment(name)}`, message: why });
  }
  if (tracestateAlone(x)) out.push(TRACESTATE_ALONE);
  return out;
}

/** Every reason an event as the hub holds it cannot be carried exactly; empty when it can. */
export function carryProblems(event: CanonicalEvent | Record<string, unknown>): CarryProblem[] {
  return dataProblems((event as Record<string, unknown>).data, '/data', canonicalAttributeProblems(event));
}

const ALL_FORBIDDEN_IN_ATTRIBUTE = new RegExp(FORBIDDEN_IN_ATTRIBUTE.source, 'gu');
const ALL_FORBIDDEN_IN_DATA = new RegExp(FORBIDDEN_IN_DATA.source, 'gu');
const escapeUnits = (ch: string) => [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/**
 * `value` with every character an attribute may not hold written out as `\uXXXX`, so that what
 * could be read of an event that cannot be carried can still be stored as text and shown (the
 * quarantine keeps the bytes themselves beside it).
 */
export function escapeAttribute(value: string): string {
  return value.replace(ALL_FORBIDDEN_IN_ATTRIBUTE, escapeUnits);
}

/** `value` with NUL and lone surrogates written out as `\uXXXX`: what jsonb and text cannot hold. */
export function escapeDataString(value: string): string {
  return value.replace(ALL_FORBIDDEN_IN_DATA, escapeUnits);
}

/** Deeper than this, a copy for display says so instead of going on (JSON.parse reads any depth; PostgreSQL and recursion do not). */
const MAX_COPY_DEPTH = 64;

/**
 * A copy of a JSON value that PostgreSQL's jsonb can hold, for display: strings and property names
 * escaped (escapeDataString), values nested deeper than 64 levels replaced by a note. Numbers stay
 * as JSON.parse read them (jsonb holds any finite one; JSON.stringify writes a non-finite one as null).
 */
export function displayCopy(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return escapeDataString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_COPY_DEPTH) return `(nested deeper than ${MAX_COPY_DEPTH} levels: see the raw message)`;
  if (Array.isArray(value)) return value.map((v) => displayCopy(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, so a "__proto__" key stays a plain key of the copy.
    Object.defineProperty(out, escapeDataString(k), { value: displayCopy(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
