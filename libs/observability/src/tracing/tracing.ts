import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, SpanExporter, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { TracingSettings } from '@hub/config';

/** The process's tracing, once started: flushed and stopped last, after the apps. */
export interface HubTracing {
  /** True when spans are recorded and exported. */
  readonly on: boolean;
  /** Exports what is left and stops; the process records no spans after it. */
  shutdown(): Promise<void>;
}

let recording = false;

/**
 * Whether this process traces. Every traced place in the hub asks this first, so with tracing off
 * (the default) a request, a routed message or a delivery costs one boolean test and nothing else:
 * no span objects, no context lookups, no header written.
 */
export function tracingOn(): boolean {
  return recording;
}

const OFF: HubTracing = { on: false, shutdown: async () => undefined };

/**
 * Starts OpenTelemetry tracing for this process when `settings.endpoint` is set: a tracer
 * provider sampling parent-based on a trace-id ratio, W3C Trace Context propagation, an
 * AsyncLocalStorage context manager (so a connector's HTTP call inside a delivery is a child of
 * it), and a batching OTLP/HTTP exporter. Without an endpoint it installs nothing and answers a
 * handle that does nothing. Once per process (the first call wins): every role in it shares one
 * provider, its resource naming them as `hub.roles`. `exporter` replaces the OTLP one (tests).
 */
export function startTracing(settings: TracingSettings, roles: string, exporter?: SpanExporter): HubTracing {
  if (!settings.endpoint && !exporter) return OFF;
  if (recording) return { on: true, shutdown: async () => undefined };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'hub.roles': roles }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: exporter ?? new OTLPTraceExporter({ url: settings.endpoint, headers: settings.headers }),
        scheduledDelayMillis: settings.exportDelayMs,
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  recording = true;
  return {
    on: true,
    async shutdown() {
      if (!recording) return;
      recording = false;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
}
