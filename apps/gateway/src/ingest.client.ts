import type { FileTotalsPost } from '@hub/connector-sdk';
import { CanonicalEvent, toStructuredEvent } from '@hub/events';
import { activeContext, failSpan, injectInto, SpanKind, startSpan, tracingOn } from '@hub/observability';

/** What the hub answered for a post, classified for the gateway's decisions. */
export type IngestOutcome =
  | { ok: true; accepted: number; duplicates: number }
  /** The hub refused (4xx): sending the same again will not help. */
  | { ok: false; retryable: false; status: number; problem: unknown }
  /** The hub could not be reached or was unavailable: try again later. */
  | { ok: false; retryable: true; status?: number; reason: string };

export type FileTotalsOutcome = { ok: true } | Exclude<IngestOutcome, { ok: true }>;

/** Event keys per file-totals post: the API takes at most 5,000 (its JSON limit is 256 KiB). */
export const FILE_TOTALS_KEYS_PER_POST = 5_000;

// The ingest API takes up to 1 MiB per request; a batch is accepted or refused whole.
const MAX_EVENTS = 500;
const MAX_BYTES = 512 * 1024;

/** Splits events into batches under the API's limits, keeping their order. */
export function batches(events: CanonicalEvent[]): CanonicalEvent[][] {
  const out: CanonicalEvent[][] = [];
  let current: CanonicalEvent[] = [];
  let bytes = 2;
  for (const e of events) {
    const size = Buffer.byteLength(JSON.stringify(e)) + 1;
    if (current.length && (current.length >= MAX_EVENTS || bytes + size > MAX_BYTES)) {
      out.push(current);
      current = [];
      bytes = 2;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/** Posts events to the hub's ingest API as a source system would, with that source's token. */
export class IngestClient {
  constructor(private readonly hubUrl: string, private readonly timeoutMs = 20_000) {}

  /** Posts all events in order, batch by batch; stops at the first batch that is not accepted. */
  async postAll(events: CanonicalEvent[], token: string): Promise<IngestOutcome> {
    let accepted = 0;
    let duplicates = 0;
    for (const batch of batches(events)) {
      const outcome = await this.post(batch, token);
      if (!outcome.ok) return outcome;
      accepted += outcome.accepted;
      duplicates += outcome.duplicates;
    }
    return { ok: true, accepted, duplicates };
  }

  async post(events: CanonicalEvent[], token: string): Promise<IngestOutcome> {
    // As CloudEvents JSON: extensions beside the other attributes, not the hub's `extensions` field.
    const answer = await this.send('/v1/events', 'application/cloudevents-batch+json', events.map(toStructuredEvent), token);
    if (!answer.ok) return answer;
    const body = answer.body as { accepted?: { duplicate?: boolean }[] } | string | undefined;
    const dups = ((typeof body === 'object' && body.accepted) || []).filter((r) => r.duplicate).length;
    return { ok: true, accepted: events.length - dups, duplicates: dups };
  }

  /**
   * Posts a file's control totals (POST /v1/file-totals) with the event keys in parts of at most
   * `keysPerPost`: each part carries the whole record, and the hub keeps one per drop and content.
   */
  async postFileTotals(totals: FileTotalsPost, token: string, keysPerPost = FILE_TOTALS_KEYS_PER_POST): Promise<FileTotalsOutcome> {
    const parts: string[][] = [];
    for (let i = 0; i < totals.eventKeys.length; i += keysPerPost) parts.push(totals.eventKeys.slice(i, i + keysPerPost));
    for (const eventKeys of parts.length ? parts : [[]]) {
      const answer = await this.send('/v1/file-totals', 'application/json', { ...totals, eventKeys }, token);
      if (!answer.ok) return answer;
    }
    return { ok: true };
  }

  /**
   * One POST, its answer classified: a success with its body, a refusal (4xx), or try again later.
   * With tracing on it is a client span (a child of the webhook's server span, or a trace of its
   * own for a dropped file), and the API receives its `traceparent`.
   */
  private async send(path: string, contentType: string, payload: unknown, token: string): Promise<{ ok: true; body: unknown } | Exclude<IngestOutcome, { ok: true }>> {
    if (!tracingOn()) return this.exchange(path, contentType, payload, token, {});
    const span = startSpan(`POST ${path}`, SpanKind.CLIENT, activeContext(), { 'http.request.method': 'POST', 'url.path': path, 'server.address': new URL(this.hubUrl).hostname });
    const headers: Record<string, string> = {};
    injectInto(span, headers);
    try {
      const answer = await this.exchange(path, contentType, payload, token, headers);
      if (answer.ok) span.setAttribute('http.response.status_code', 202);
      else if (answer.retryable) failSpan(span, new Error(answer.reason), answer.status ? { 'http.response.status_code': answer.status } : {});
      else failSpan(span, new Error(`the hub refused: ${answer.status}`), { 'http.response.status_code': answer.status });
      return answer;
    } finally {
      span.end();
    }
  }

  private async exchange(path: string, contentType: string, payload: unknown, token: string, trace: Record<string, string>): Promise<{ ok: true; body: unknown } | Exclude<IngestOutcome, { ok: true }>> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.hubUrl}${path}`, {
        method: 'POST',
        headers: { ...trace, authorization: `Bearer ${token}`, 'content-type': contentType },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { ok: false, retryable: true, reason: `hub not reachable at ${this.hubUrl}: ${e.cause?.code ?? e.message}` };
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* a proxy's HTML error page stays text */
    }
    if (res.status === 202 || res.status === 200) return { ok: true, body };
    if (res.status >= 500 || res.status === 429 || res.status === 408) return { ok: false, retryable: true, status: res.status, reason: text.slice(0, 300) };
    return { ok: false, retryable: false, status: res.status, problem: body };
  }
}
