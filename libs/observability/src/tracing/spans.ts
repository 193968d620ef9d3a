import { Attributes, Context, context, Link, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** The instrumentation scope of every span the hub makes. */
export const HUB_TRACER = 'erp-hub';

/** W3C Trace Context as it travels between processes: HTTP and Kafka headers, a job's `trace`. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** Read-only access for the propagator, over any header-like record (string values only). */
const getter = {
  keys: (c: Record<string, unknown>) => Object.keys(c),
  get: (c: Record<string, unknown>, key: string) => {
    const v = c[key];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  },
};

/**
 * The context a carrier names (its `traceparent` and `tracestate`), else the first of the
 * `fallbacks` that names one (an event's own distributed-tracing extension, say), else none: the
 * span started under it begins a new trace. A malformed `traceparent` names nothing (W3C: start anew).
 */
export function contextFrom(...carriers: (object | undefined)[]): Context {
  for (const carrier of carriers) {
    const c = carrier as Record<string, unknown> | undefined;
    if (!c || c.traceparent === undefined) continue;
    const ctx = propagation.extract(ROOT_CONTEXT, c, getter);
    if (trace.getSpanContext(ctx)) return ctx;
  }
  return ROOT_CONTEXT;
}

/** A span's context as a carrier, for the next hop: `{ traceparent, tracestate? }`. */
export function carrierOf(span: Span): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier;
}

/** Writes a span's context into outgoing headers (`traceparent`, `tracestate`). */
export function injectInto(span: Span, headers: Record<string, string>): void {
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
}

/** A link to the trace a carrier names, if it names one (a batch's events, each begun elsewhere). */
export function linkTo(carrier: object | undefined): Link | undefined {
  const sc = carrier && (carrier as Record<string, unknown>).traceparent !== undefined ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier, getter)) : undefined;
  return sc ? { context: sc } : undefined;
}

export function startSpan(name: string, kind: SpanKind, parent: Context, attributes: Attributes = {}, links?: Link[]): Span {
  return trace.getTracer(HUB_TRACER).startSpan(name, { kind, attributes, ...(links?.length ? { links } : {}) }, parent);
}

/** The span's outcome from an error: status ERROR with its message, and the exception as an event. */
export function failSpan(span: Span, err: unknown, attributes: Attributes = {}): void {
  const e = err instanceof Error ? err : new Error(String(err));
  span.recordException(e);
  span.setAttributes(attributes);
  span.setStatus({ code: SpanStatusCode.ERROR, message: e.message.slice(0, 300) });
}

/** Runs `fn` with `span` as the active span, so what it calls (sendJson's client span) is a child. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** The active span, when there is one that records (inside withSpan). */
export function activeSpan(): Span | undefined {
  const s = trace.getActiveSpan();
  return s && s.isRecording() ? s : undefined;
}

export { SpanKind, SpanStatusCode };
export type { Span, Context };

/** The active context (the parent a span started now would have). */
export function activeContext(): Context {
  return context.active();
}
