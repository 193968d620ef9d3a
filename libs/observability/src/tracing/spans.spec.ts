import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { trace } from '@opentelemetry/api';
import { carrierOf, contextFrom, linkTo, SpanKind, startSpan } from './spans';
import { startTracing, tracingOn } from './tracing';

const SOURCE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const EVENT = '00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01';

describe('tracing', () => {
  it('is off unless an endpoint (or an exporter) is given, and installs nothing then', async () => {
    const off = startTracing({ headers: {}, serviceName: 'x', sampleRatio: 1, exportDelayMs: 10 }, 'api');
    expect(off.on).toBe(false);
    expect(tracingOn()).toBe(false);
    await off.shutdown();
  });

  describe('on', () => {
    let tracing: ReturnType<typeof startTracing>;
    beforeAll(() => {
      tracing = startTracing({ headers: {}, serviceName: 'x', sampleRatio: 1, exportDelayMs: 10 }, 'api', new InMemorySpanExporter());
    });
    afterAll(() => tracing.shutdown());

    it('takes the parent from the first carrier that names one: the hop\'s header, else the event\'s attribute', () => {
      expect(trace.getSpanContext(contextFrom({ traceparent: SOURCE }, { traceparent: EVENT }))?.spanId).toBe('00f067aa0ba902b7');
      expect(trace.getSpanContext(contextFrom({}, { traceparent: EVENT }))?.spanId).toBe('b9c7c989f97918e1');
      expect(trace.getSpanContext(contextFrom(undefined, undefined))).toBeUndefined();
    });

    it('ignores a malformed traceparent and starts anew, as W3C Trace Context says', () => {
      expect(trace.getSpanContext(contextFrom({ traceparent: '00-abc-01' }, { traceparent: EVENT }))?.spanId).toBe('b9c7c989f97918e1');
    });

    it('writes a span\'s context as the carrier the next hop reads back, tracestate included', () => {
      const span = startSpan('publish', SpanKind.PRODUCER, contextFrom({ traceparent: SOURCE, tracestate: 'rojo=1' }));
      const carrier = carrierOf(span);
      expect(carrier).toEqual({ traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`, tracestate: 'rojo=1' });
      expect(trace.getSpanContext(contextFrom(carrier))?.spanId).toBe(span.spanContext().spanId);
      span.end();
    });

    it('links to a trace a carrier names, and to none for one without', () => {
      expect(linkTo({ traceparent: EVENT })?.context.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(linkTo({ id: 'x' })).toBeUndefined();
    });
  });
});
