import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { HubTracing, SpanKind, startSpan, startTracing, withSpan, contextFrom } from '@hub/observability';
import { waitFor } from '@hub/testing';
import { sendJson } from './http-target-client';

/** The target call as a client span whose context the target receives; nothing at all with tracing off. */
describe('sendJson and tracing', () => {
  let server: Server;
  let url: string;
  const received: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      req.resume().on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/employees`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends no traceparent with tracing off, even inside what would be a delivery', async () => {
    await sendJson('POST', url, { a: 1 }, { timeoutMs: 2_000 });
    expect(received.pop()).not.toHaveProperty('traceparent');
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: HubTracing;
    beforeAll(() => {
      tracing = startTracing({ headers: {}, serviceName: 'test', sampleRatio: 1, exportDelayMs: 10 }, 'worker', exporter);
    });
    afterAll(() => tracing.shutdown());

    it('makes the call a client span, child of the active delivery span, and sends that span as traceparent', async () => {
      const deliver = startSpan('deliver payroll-fen', SpanKind.CONSUMER, contextFrom({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }));
      await withSpan(deliver, () => sendJson('POST', `${url}?token=secret`, { a: 1 }, { timeoutMs: 2_000 }));
      deliver.end();
      const [, traceId, spanId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(received.pop()?.traceparent)) ?? [];
      expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      // Exported in batches every 10 ms (exportDelayMs): waited for, not slept on.
      const call = await waitFor('the client span exported', () => exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId), 5_000, 10);
      expect(call).toMatchObject({ name: 'POST', kind: SpanKind.CLIENT });
      expect(call.parentSpanContext?.spanId).toBe(deliver.spanContext().spanId);
      expect(call.attributes).toMatchObject({ 'http.request.method': 'POST', 'url.path': '/employees', 'http.response.status_code': 201 });
      // The query (where a token may sit) is not recorded.
      expect(JSON.stringify(call.attributes)).not.toContain('secret');
    });
  });
});
