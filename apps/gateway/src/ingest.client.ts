import type { CanonicalEvent } from '@hub/events';

/** What the hub answered for a post, classified for the gateway's decisions. */
export type IngestOutcome =
  | { ok: true; accepted: number; duplicates: number }
  /** The hub refused (4xx): sending the same again will not help. */
  | { ok: false; retryable: false; status: number; problem: unknown }
  /** The hub could not be reached or was unavailable: try again later. */
  | { ok: false; retryable: true; status?: number; reason: string };

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
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.hubUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/cloudevents-batch+json' },
        body: JSON.stringify(events),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { ok: false, retryable: true, reason: `hub not reachable at ${this.hubUrl}: ${e.cause?.code ?? e.message}` };
    }
    let body: { accepted?: { duplicate?: boolean }[] } | string | undefined = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* a proxy's HTML error page stays text */
    }
    if (res.status === 202 || res.status === 200) {
      const dups = ((typeof body === 'object' && body.accepted) || []).filter((r) => r.duplicate).length;
      return { ok: true, accepted: events.length - dups, duplicates: dups };
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) return { ok: false, retryable: true, status: res.status, reason: text.slice(0, 300) };
    return { ok: false, retryable: false, status: res.status, problem: body };
  }
}
