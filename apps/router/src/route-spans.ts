import type { TraceCarrier } from '@hub/delivery';
import type { CanonicalEvent } from '@hub/events';
import type { InboundMessage } from '@hub/kafka';
import { carrierOf, contextFrom, failSpan, Span, SpanKind, startSpan, tracingOn } from '@hub/observability';

/**
 * The route spans of one router batch (kind consumer), one per message, when tracing is on. Each
 * one's parent is the message's `traceparent` header (the API's publish span); a message without
 * one (published with tracing off, or by an older release) falls back to the event's own
 * distributed-tracing extension, else starts a trace. They end when the batch's jobs are queued, or
 * with the error that fails the batch. Each queued job carries its route span's context (`trace`),
 * so the delivery is its child.
 */
export class RouteSpans {
  private readonly byKey = new Map<string, Span>();
  private readonly all: Span[] = [];

  /** Undefined with tracing off: the router then makes no span and writes no `trace`. */
  static start(): RouteSpans | undefined {
    return tracingOn() ? new RouteSpans() : undefined;
  }

  private open(message: InboundMessage, event: CanonicalEvent | undefined): Span {
    const span = startSpan(`route ${message.topic}`, SpanKind.CONSUMER, contextFrom(message.headers, event?.extensions), {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': message.topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.kafka.offset': Number(message.offset),
      ...(event ? { 'cloudevents.event_id': event.id, 'cloudevents.event_type': event.type, 'hub.tenant': event.tenant } : {}),
    });
    this.all.push(span);
    return span;
  }

  routed(message: InboundMessage, event: CanonicalEvent, eventKey: string): void {
    this.byKey.set(eventKey, this.open(message, event));
  }

  quarantined(message: InboundMessage, reason: string, event?: CanonicalEvent): void {
    failSpan(this.open(message, event), new Error(`quarantined: ${reason}`), { 'hub.quarantine.reason': reason });
  }

  /** An event the ledger refused after all: its span says so, and no job carries it. */
  refused(eventKey: string, why: string): void {
    const span = this.byKey.get(eventKey);
    if (span) failSpan(span, new Error(`quarantined: ledger-refused: ${why}`), { 'hub.quarantine.reason': 'ledger-refused' });
    this.byKey.delete(eventKey);
  }

  targets(eventKey: string, count: number): void {
    this.byKey.get(eventKey)?.setAttribute('hub.targets', count);
  }

  /** The context a job for this event carries to the worker. */
  traceOf(eventKey: string): TraceCarrier | undefined {
    const span = this.byKey.get(eventKey);
    return span && (carrierOf(span) as TraceCarrier);
  }

  end(err?: unknown): void {
    for (const span of this.all) {
      if (err !== undefined) failSpan(span, err);
      span.end();
    }
  }
}
