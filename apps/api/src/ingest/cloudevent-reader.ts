import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException } from '../problem/problem.exception';

export type ContentMode = 'structured' | 'batch' | 'binary';

const CE_HEADER_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'subject', 'tenant', 'time', 'dataschema'] as const;

function mediaType(header: string | undefined): { type: string; charset?: string } {
  const [type, ...params] = (header ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return { type, charset };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ProblemException(400, 'malformed-request', 'Body is not JSON', [{ path: '', message: (err as Error).message }]);
  }
}

/**
 * Reads the candidate events of one request in the CloudEvents HTTP binding's three modes.
 * Answers only "what was sent"; whether each event is valid is decided afterwards.
 */
export function readCloudEvents(headers: IncomingHttpHeaders, body: Buffer | undefined): { mode: ContentMode; candidates: unknown[] } {
  const { type, charset } = mediaType(headers['content-type']);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', [], `only UTF-8 is accepted, not ${charset}`);
  }
  const raw = body && Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  if (type === 'application/cloudevents+json') {
    return { mode: 'structured', candidates: [parseJson(raw)] };
  }
  if (type === 'application/cloudevents-batch+json') {
    const parsed = parseJson(raw);
    if (!Array.isArray(parsed)) throw new ProblemException(400, 'invalid-envelope', 'Invalid batch', [{ path: '', message: 'a batch must be a JSON array of CloudEvents' }]);
    if (parsed.length === 0) throw new ProblemException(400, 'invalid-envelope', 'Invalid batch', [{ path: '', message: 'a batch must hold at least one event' }]);
    return { mode: 'batch', candidates: parsed };
  }
  if (type === 'application/json') {
    if (headers['ce-specversion'] === undefined) {
      throw new ProblemException(400, 'invalid-envelope', 'Not a CloudEvent', [
        { path: '', message: 'binary mode needs ce-specversion, ce-id, ce-source, ce-type, ce-subject and ce-tenant headers; structured mode needs Content-Type: application/cloudevents+json' },
      ]);
    }
    const event: Record<string, unknown> = { data: parseJson(raw) };
    for (const attr of CE_HEADER_ATTRIBUTES) {
      const v = headers[`ce-${attr}`];
      if (typeof v === 'string') event[attr] = v;
    }
    return { mode: 'binary', candidates: [event] };
  }
  throw new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', [], `Content-Type "${type || '(none)'}" is not one of application/cloudevents+json, application/cloudevents-batch+json, application/json (binary mode)`);
}
