import { Agent, request } from 'undici';
import { activeContext, activeSpan, failSpan, injectInto, Span, SpanKind, startSpan, tracingOn } from '@hub/observability';
import { DeliveryErrorCode } from './errors/delivery-error-code';
import { PermanentDeliveryError } from './errors/permanent-delivery.error';
import { TransientDeliveryError } from './errors/transient-delivery.error';
import { parseRetryAfter } from './retry-after';
import type { DeliveryContext } from './target-connector';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** 408, 425, 429 and 5xx may pass on a later try; every other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/**
 * One keep-alive connection pool per target origin for the whole process. undici's request() is
 * the client under Node's fetch() without the WHATWG streams, Request/Response objects and abort
 * machinery around it, which were a fifth of the worker's CPU per delivery (bench/, --profile).
 */
const targets = new Agent({
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
  // HTTP/1.1 to every target, as undici 6 spoke: undici 8 would switch a TLS target that offers h2 to
  // one multiplexed connection, which the per-target concurrency and the benchmarks do not assume.
  allowH2: false,
});

/**
 * Sends JSON to a target and classifies the outcome: connection failures, timeouts and retryable
 * statuses become TransientDeliveryError (with the target's Retry-After on 429 and 503); other
 * non-2xx answers become PermanentDeliveryError carrying the status and the start of the target's
 * explanation, and the canonical field at fault when `rejectedField` finds one in the answer.
 *
 * With tracing on, inside a traced delivery, the call is a client span (`POST`, with the target's
 * host and path, never its query) and the request carries that span's W3C `traceparent` (and
 * `tracestate`), so the target's own tracing continues the hub's trace. Off, nothing is added.
 */
export async function sendJson(
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  body: unknown,
  options: {
    headers?: Record<string, string>;
    timeoutMs: number;
    /**
     * For a refusal (a 4xx that is not retryable): the canonical field (JSON Pointer) the system's
     * answer names as the one at fault, if any. It becomes the error's `field`, so the dead letter
     * names it and groups with the others refused for the same field.
     */
    rejectedField?: (answer: HttpAnswer) => string | undefined;
  },
): Promise<HttpAnswer> {
  // Tracing off: straight to the exchange, nothing else done.
  if (!tracingOn()) return exchange(method, url, body, options, undefined);
  const span = activeSpan() ? clientSpan(method, url) : undefined;
  try {
    const answer = await exchange(method, url, body, options, span);
    span?.setAttribute('http.response.status_code', answer.status);
    return answer;
  } catch (err) {
    if (span) failSpan(span, err, (err as { status?: number }).status ? { 'http.response.status_code': (err as { status: number }).status } : {});
    throw err;
  } finally {
    span?.end();
  }
}

/** One call to a system's REST API, as a connector's map() returns it and deliver() sends it. */
export interface HttpCall {
  method: 'POST' | 'PUT' | 'PATCH';
  /** From the target's endpoint: `/api/v2/employees`. */
  path: string;
  body: unknown;
}

/** What a call carries besides its body, and how a refusal names the field at fault. */
export interface SendCallOptions {
  headers?: Record<string, string>;
  /** For one of several calls an event makes: each needs its own key (default: the delivery's). */
  idempotencyKey?: string;
  rejectedField?: (answer: HttpAnswer) => string | undefined;
}

/**
 * Sends `call` to the target of a delivery with sendJson: at the target's endpoint, within its
 * timeout, with the delivery's idempotency key (or `idempotencyKey`, for one of several calls an
 * event makes) and any other `headers` (a bearer token).
 */
export function sendCall(call: HttpCall, ctx: DeliveryContext, o: SendCallOptions = {}): Promise<HttpAnswer> {
  return sendJson(call.method, `${ctx.target.endpoint}${call.path}`, call.body, {
    timeoutMs: ctx.target.timeoutMs,
    headers: { 'idempotency-key': o.idempotencyKey ?? ctx.idempotencyKey, ...o.headers },
    rejectedField: o.rejectedField,
  });
}

/**
 * The Authorization header of a system that takes a bearer token per target. Without a credential
 * every call would be refused and no retry can help, so the delivery fails for good before any
 * call, naming the target (`system` says which API: "the ERP's API").
 */
export function bearerAuthorization(ctx: DeliveryContext, system: string): { authorization: string } {
  if (!ctx.credential) throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, `target ${ctx.target.id} has no credential for ${system} (credentialRef)`);
  return { authorization: `Bearer ${ctx.credential}` };
}

function clientSpan(method: string, url: string): Span {
  const u = new URL(url);
  return startSpan(method, SpanKind.CLIENT, activeContext(), {
    'http.request.method': method,
    'server.address': u.hostname,
    'server.port': Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
    'url.path': u.pathname,
  });
}

async function exchange(method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown, options: Parameters<typeof sendJson>[3], span: Span | undefined): Promise<HttpAnswer> {
  // One deadline for the whole exchange: a target that stalls or drops mid-answer is as
  // transient as one that never answered.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let status: number;
  let text: string;
  let retryAfter: string | string[] | undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (span) injectInto(span, headers);
  try {
    const res = await request(url, {
      method,
      headers,
      body: JSON.stringify(body),
      signal: deadline.signal,
      dispatcher: targets,
    });
    status = res.statusCode;
    retryAfter = res.headers['retry-after'];
    text = await res.body.text();
  } catch (err) {
    if (deadline.signal.aborted) throw new TransientDeliveryError(DeliveryErrorCode.TargetTimeout, `no answer from ${url} within ${options.timeoutMs} ms`);
    const e = err as Error & { code?: string };
    throw new TransientDeliveryError(DeliveryErrorCode.TargetUnreachable, `cannot reach ${url}: ${e.code ?? e.message}`);
  } finally {
    clearTimeout(timer);
  }
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* a non-JSON answer is kept as text */
  }
  if (status >= 200 && status < 300) return { status, body: parsed };
  const why = `${method} ${new URL(url).pathname} answered ${status}: ${text.slice(0, 300)}`;
  if (isRetryableStatus(status)) {
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined;
    throw new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, why, status, retryAfterMs);
  }
  throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, why, status, options.rejectedField?.({ status, body: parsed }));
}
