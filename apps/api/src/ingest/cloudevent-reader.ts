import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { pointerSegment } from '@hub/events';
import { ProblemEntry, ProblemException } from '@hub/http-problem';
import { decodeHeaderValue } from './header-value';
import { JsonKeyProblem, parseStrictJson } from './strict-json';

export type ContentMode = 'structured' | 'batch' | 'binary';

function mediaType(header: string | undefined): { type: string; charset?: string } {
  const [type, ...params] = (header ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return { type, charset };
}

/** Where the first byte sequence that is not UTF-8 (RFC 3629) starts; only on the error path, in one pass. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    // Overlong forms, surrogates (ED A0–BF) and code points past U+10FFFF are ruled out by the second byte.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** Pointer segments of the body → an `errors` entry: batches name the event by `index`, binary mode's body is `/data`. */
function entryAt(mode: ContentMode, at: JsonKeyProblem['at'], message: string): ProblemEntry {
  const pointer = (segments: JsonKeyProblem['at']) => segments.map((s) => `/${pointerSegment(s)}`).join('');
  if (mode === 'batch' && typeof at[0] === 'number') return { index: at[0], path: pointer(at.slice(1)), message };
  return { path: (mode === 'binary' ? '/data' : '') + pointer(at), message };
}

/**
 * The body as JSON, refused with 400 unless it is exactly what JSON says: UTF-8 (RFC 8259 §8.1)
 * without a byte order mark, and one unambiguous value (strict-json.ts: no duplicate keys, no
 * names that reach Object.prototype, not nested too deep).
 */
function parseBody(mode: ContentMode, body: Buffer): { value: unknown; mayHoldUncarriable: boolean } {
  if (!isUtf8(body)) {
    throw new ProblemException(400, 'malformed-request', 'Body is not UTF-8', [{ path: '', message: `is not valid UTF-8 (the first invalid sequence starts at byte ${firstInvalidUtf8(body)})` }]);
  }
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    throw new ProblemException(400, 'malformed-request', 'Body is not JSON', [{ path: '', message: 'starts with a byte order mark (U+FEFF), which JSON text must not (RFC 8259 §8.1)' }]);
  }
  let read;
  try {
    read = parseStrictJson(body, body.toString('utf8'));
  } catch (err) {
    throw new ProblemException(400, 'malformed-request', 'Body is not JSON', [{ path: '', message: (err as Error).message }]);
  }
  if (read.problems.length) throw new ProblemException(400, 'malformed-request', 'Body is ambiguous JSON', read.problems.map((p) => entryAt(mode, p.at, p.message)));
  return read;
}

/**
 * Binary mode: every ce-* header is an attribute (HTTP binding 1.0.2 §3.1.3.1), its value
 * percent-decoded (§3.1.3.2). `data` is the body, and the Content-Type is `datacontenttype`, so
 * neither may come as a ce-* header too (§3.1.1: "a ce-datacontenttype HTTP header MUST NOT also be
 * present"). Repeated headers are refused before this, by the request guard, which sees rawHeaders.
 */
function binaryAttributes(headers: IncomingHttpHeaders): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  const problems: ProblemEntry[] = [];
  for (const header of Object.keys(headers)) {
    if (!header.startsWith('ce-')) continue;
    const name = header.slice(3);
    const raw = headers[header];
    if (name === 'data' || name === 'datacontenttype' || name === 'data_base64') {
      problems.push({ path: `/${name}`, message: `the ${header} header is not allowed in binary mode: the body is the data and Content-Type its datacontenttype` });
      continue;
    }
    const value = typeof raw === 'string' ? decodeHeaderValue(raw) : undefined;
    if (value === undefined) problems.push({ path: `/${pointerSegment(name)}`, message: `the ${header} header is not a valid percent-encoded UTF-8 value (CloudEvents HTTP binding 1.0.2 §3.1.3.2)` });
    else event[name] = value;
  }
  if (problems.length) throw new ProblemException(400, 'invalid-envelope', 'Invalid CloudEvent', problems);
  return event;
}

/** What one request sent: its mode and candidate events, before any of them is checked. */
export interface CloudEventsRead {
  mode: ContentMode;
  candidates: unknown[];
  /** False when the body's text proves dataProblems would find nothing in any event's data (strict-json.ts). */
  mayHoldUncarriable: boolean;
}

/**
 * Reads the candidate events of one request in the CloudEvents HTTP binding's three modes.
 * Answers only "what was sent"; whether each event is valid is decided afterwards.
 */
export function readCloudEvents(headers: IncomingHttpHeaders, body: Buffer | undefined): CloudEventsRead {
  const { type, charset } = mediaType(headers['content-type']);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', [], `only UTF-8 is accepted, not ${charset}`);
  }
  const raw = body && Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  if (type === 'application/cloudevents+json') {
    const { value, mayHoldUncarriable } = parseBody('structured', raw);
    return { mode: 'structured', candidates: [value], mayHoldUncarriable };
  }
  if (type === 'application/cloudevents-batch+json') {
    const { value, mayHoldUncarriable } = parseBody('batch', raw);
    if (!Array.isArray(value)) throw new ProblemException(400, 'invalid-envelope', 'Invalid batch', [{ path: '', message: 'a batch must be a JSON array of CloudEvents' }]);
    // `[]` is a valid batch (JSON Event Format §4.3: "typically used in a response, but also valid
    // in a request"): it is accepted, with nothing in it to accept.
    return { mode: 'batch', candidates: value, mayHoldUncarriable };
  }
  if (type === 'application/json') {
    if (headers['ce-specversion'] === undefined) {
      throw new ProblemException(400, 'invalid-envelope', 'Not a CloudEvent', [
        { path: '', message: 'binary mode needs ce-specversion, ce-id, ce-source, ce-type, ce-subject and ce-tenant headers; structured mode needs Content-Type: application/cloudevents+json' },
      ]);
    }
    const event = binaryAttributes(headers);
    const { value, mayHoldUncarriable } = parseBody('binary', raw);
    event.data = value;
    return { mode: 'binary', candidates: [event], mayHoldUncarriable };
  }
  throw new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', [], `Content-Type "${type || '(none)'}" is not one of application/cloudevents+json, application/cloudevents-batch+json, application/json (binary mode)`);
}
