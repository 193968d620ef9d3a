import type { IncomingHttpHeaders } from 'node:http';
import { contextFrom, failSpan, linkTo, Span, SpanKind, startSpan, withSpan } from '@hub/observability';
import { ProblemException } from '@hub/http-problem';
import type { AcceptedEntry } from './ingest.service';

/** A candidate's own distributed-tracing extension, when it has one (before it is validated). */
function extensionCarrier(candidate: unknown): Record<string, unknown> | undefined {
  return candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate) && 'traceparent' in candidate ? (candidate as Record<string, unknown>) : undefined;
}

/**
 * The ingest span of one POST /v1/events (kind server), around `handle`, which runs with it active
 * (the publish span is its child). Its parent is the request's W3C `traceparent` header; without
 * one, a lone event's `traceparent` attribute (the distributed-tracing extension says that on a
 * single hop it "MUST carry the same trace information" as the protocol's header); else it starts
 * the trace. A batch's events that name traces of their own are linked, not adopted: one request
 * has one parent. `read` (credential and body) runs before the span starts, since the parent may be
 * in the body: microseconds. Called only when tracing is on.
 */
export async function traceIngest<R extends { mode: string; candidates: unknown[] }>(headers: IncomingHttpHeaders, read: () => R, handle: (r: R) => Promise<AcceptedEntry[]>): Promise<AcceptedEntry[]> {
  let span: Span | undefined;
  try {
    const r = read();
    const lone = r.candidates.length === 1 ? extensionCarrier(r.candidates[0]) : undefined;
    const links = r.mode === 'batch' ? r.candidates.slice(0, 32).map((c) => linkTo(extensionCarrier(c))).filter((l) => l !== undefined) : [];
    span = startSpan('POST /v1/events', SpanKind.SERVER, contextFrom(headers, lone), {
      'http.request.method': 'POST',
      'http.route': '/v1/events',
      'cloudevents.mode': r.mode,
      'hub.events': r.candidates.length,
      ...(r.candidates.length === 1 && typeof (r.candidates[0] as { id?: unknown })?.id === 'string' ? { 'cloudevents.event_id': (r.candidates[0] as { id: string }).id } : {}),
    }, links);
    const s = span;
    const accepted = await withSpan(s, () => handle(r));
    s.setAttributes({ 'http.response.status_code': 202, 'hub.accepted': accepted.filter((a) => !a.duplicate).length, 'hub.duplicates': accepted.filter((a) => a.duplicate).length });
    return accepted;
  } catch (err) {
    if (!span) span = startSpan('POST /v1/events', SpanKind.SERVER, contextFrom(headers), { 'http.request.method': 'POST', 'http.route': '/v1/events' });
    const status = err instanceof ProblemException ? err.status : 500;
    // A 4xx is the caller's problem, not the hub's: recorded, but the span's status stays unset (OTel HTTP server conventions).
    if (status >= 500) failSpan(span, err, { 'http.response.status_code': status });
    else span.setAttributes({ 'http.response.status_code': status, 'hub.problem': err instanceof ProblemException ? err.problemType : 'error' });
    throw err;
  } finally {
    span?.end();
  }
}
