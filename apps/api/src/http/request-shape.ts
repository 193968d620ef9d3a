import { pointerSegment } from '@hub/events';
import { ProblemException } from '@hub/http-problem';

/**
 * Headers a request may carry at most once. Node keeps the first of a repeated Host, Authorization,
 * Content-Type or Content-Length and joins repeated others with ", ", so `req.headers` cannot say
 * a header came twice: only `rawHeaders` can. Two of these are two readings of one request (which
 * host, which credential, which media type, which encoding), answered 400. Every ce-* header of the
 * CloudEvents HTTP binding is a single attribute too.
 */
export const SINGLETON_HEADERS = ['host', 'authorization', 'content-type', 'content-encoding', 'content-length', 'transfer-encoding'] as const;
const SINGLETONS: ReadonlySet<string> = new Set(SINGLETON_HEADERS);

/**
 * Content codings of a request body the API decodes (body-parser's inflate, with the size limit
 * applied to the decoded bytes). Anything else is 415 with Accept-Encoding listing these (RFC 9110
 * §15.5.16). One coding only: "gzip, br" layered is not something a source system sends.
 */
export const CONTENT_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;
const ENCODINGS: ReadonlySet<string> = new Set(CONTENT_ENCODINGS);

/** Control characters have no business in a URL: NUL in a path or filter would reach PostgreSQL's text, which cannot hold it. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const bad = (title: string, path: string, message: string) => new ProblemException(400, 'malformed-request', title, [{ path, message }]);

/** A repeated singleton header (rawHeaders alternate name, value), or undefined. */
export function repeatedHeader(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (!SINGLETONS.has(name) && !name.startsWith('ce-')) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Problems with the shape of a request before any route reads it: a repeated singleton header or no Host, a
 * content coding the API does not decode, a URL path or query that is not percent-encoded UTF-8 or
 * holds control characters, and a repeated query parameter (no endpoint takes one twice; lists are
 * comma-separated, as `state` is, and Express's simple parser would hand a handler an array where it
 * reads a string). Throws the ProblemException to answer; returns when the request may go on.
 */
export function checkRequestShape(req: { rawHeaders: readonly string[]; headers: Record<string, string | string[] | undefined>; url?: string; httpVersion?: string }): void {
  const repeated = repeatedHeader(req.rawHeaders);
  if (repeated) throw bad('Repeated header', `/headers/${repeated}`, `the ${repeated} header is given more than once: give it once`);
  // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host. Node would, with an
  // empty body; the server leaves it to this check (requireHostHeader: false) to answer a problem.
  if (req.httpVersion === '1.1' && req.headers.host === undefined) throw bad('Missing header', '/headers/host', 'an HTTP/1.1 request needs a Host header');

  const encoding = req.headers['content-encoding'];
  if (typeof encoding === 'string' && !ENCODINGS.has(encoding.trim().toLowerCase())) {
    throw new ProblemException(415, 'unsupported-content-encoding', 'Unsupported content encoding', [{ path: '/headers/content-encoding', message: `"${encoding}" is not one of ${CONTENT_ENCODINGS.join(', ')}` }]);
  }

  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = decodeComponent(q < 0 ? url : url.slice(0, q));
  if (path === undefined || CONTROL.test(path)) throw bad('Bad request', '', 'the URL path must be percent-encoded UTF-8 without control characters');
  if (q < 0) return;
  const seen = new Set<string>();
  for (const pair of url.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (name === undefined || value === undefined) throw bad('Bad query', `/${pointerSegment(name ?? pair.slice(0, Math.max(0, eq)))}`, 'is not percent-encoded UTF-8');
    if (CONTROL.test(name) || CONTROL.test(value)) throw bad('Bad query', `/${pointerSegment(name)}`, 'must not contain control characters');
    if (seen.has(name)) throw bad('Bad query', `/${pointerSegment(name)}`, `the query parameter "${name}" is given more than once: give it once (lists are comma-separated)`);
    seen.add(name);
  }
}
