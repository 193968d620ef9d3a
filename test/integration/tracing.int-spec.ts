// OpenTelemetry on the real stack: Kafka, Redis, PostgreSQL, and the api, router and worker each in
// its own OS process, started by the hub's main.ts with OTEL_EXPORTER_OTLP_ENDPOINT set. One trace
// runs from the POST to the request the target receives, across three processes, Kafka (the
// message's traceparent header) and BullMQ (the job's trace), exported over OTLP/HTTP to a
// collector stand-in that keeps what it is sent. (Processes, not roles in this one: the OTLP
// exporter loads node:http with a dynamic import, which jest's module sandbox refuses.)
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { joiner, waitFor } from '@hub/testing';
import { freePort, RoleProcess, TestLandscape, TOKENS } from '@test/support';

/** A span as OTLP/HTTP JSON carries it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

/** Stands in for an OpenTelemetry collector: takes POST /v1/traces (OTLP JSON) and keeps the spans. */
class OtlpCollector {
  readonly spans: OtlpSpan[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) this.spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The trace's spans once every name in `names` has arrived. */
  waitForTrace(traceId: string, names: RegExp[]): Promise<OtlpSpan[]> {
    return waitFor(`spans ${names.join(', ')} of trace ${traceId}`, () => {
      const of = this.spans.filter((s) => s.traceId === traceId);
      return names.every((n) => of.some((s) => n.test(s.name))) ? of : undefined;
    }, 30_000);
  }
}

const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 };
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('tracing: one trace from the POST to the target', () => {
  const collector = new OtlpCollector();
  let l: TestLandscape;
  let apiUrl: string;
  const processes: RoleProcess[] = [];
  beforeAll(async () => {
    const url = await collector.start();
    // No role in this process: each runs as the product runs it.
    l = await TestLandscape.start({ roles: [], env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_SERVICE_NAME: 'erp-hub-test' } });
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    // The worker first: it migrates the fresh ledger schema before the others look at it.
    processes.push(await RoleProcess.start('worker', l.ctx.file.document, l.env));
    processes.push(...(await Promise.all([RoleProcess.start('router', l.ctx.file.document, l.env), RoleProcess.start('api', l.ctx.file.document, { ...l.env, PORT: String(port) })])));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await l?.close();
    await collector.stop();
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) =>
    (await fetch(`${apiUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json', authorization: `Bearer ${TOKENS.hr}`, ...headers }, body: JSON.stringify(body) })).status;

  /** The traceparent the payroll simulator received with the call about `subject`. */
  const receivedTraceparent = (force: 'fen' | 'moor' | 'vale', subject: string) =>
    waitFor(`payroll-${force} called about ${subject}`, () => {
      const call = l.payroll[force].calls.find((c) => JSON.stringify(c.request.body).includes(subject));
      return call ? String(call.request.headers.traceparent ?? 'none') : undefined;
    }, 30_000);

  /** The spans of the whole path, each the child of the one before: ingest ← publish ← route ← deliver ← the target call. */
  async function expectChain(traceId: string, targetSpanId: string): Promise<OtlpSpan[]> {
    const spans = await collector.waitForTrace(traceId, [/^POST \/v1\/events$/, /^publish$/, /^route /, /^deliver payroll-/, /^PUT$|^POST$/]);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const call = byId.get(targetSpanId)!;
    expect(call).toMatchObject({ kind: SPAN_KIND.client });
    const deliver = byId.get(call.parentSpanId!)!;
    expect(deliver).toMatchObject({ name: expect.stringMatching(/^deliver payroll-/), kind: SPAN_KIND.consumer });
    const route = byId.get(deliver.parentSpanId!)!;
    expect(route).toMatchObject({ name: expect.stringMatching(/^route .*hr\.employee\.joined\.v1$/), kind: SPAN_KIND.consumer });
    const publish = byId.get(route.parentSpanId!)!;
    expect(publish).toMatchObject({ name: 'publish', kind: SPAN_KIND.producer });
    const ingest = byId.get(publish.parentSpanId!)!;
    expect(ingest).toMatchObject({ name: 'POST /v1/events', kind: SPAN_KIND.server });
    return [ingest, publish, route, deliver, call];
  }

  it('continues the trace a POST names in its traceparent header, to the traceparent the target receives', async () => {
    const e = joiner('fen');
    const sent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(await post(e, { traceparent: sent, tracestate: 'rojo=00f067aa0ba902b7' })).toBe(202);
    const received = await receivedTraceparent('fen', e.subject);
    const [, traceId, spanId] = TRACEPARENT.exec(received) ?? [];
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const [ingest] = await expectChain(traceId, spanId);
    expect(ingest.parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('starts a trace of its own for a POST without traceparent, and the target still receives it', async () => {
    const e = joiner('moor');
    expect(await post(e)).toBe(202);
    const received = await receivedTraceparent('moor', e.subject);
    const [, traceId, spanId] = TRACEPARENT.exec(received) ?? [];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const [ingest] = await expectChain(traceId, spanId);
    expect(ingest.parentSpanId || undefined).toBeUndefined();
    expect(ingest.attributes).toEqual(expect.arrayContaining([{ key: 'cloudevents.event_id', value: { stringValue: e.id } }]));
  });

  it('takes a lone event\'s traceparent attribute as the parent when the request has no header; the target gets the hub\'s own span', async () => {
    const e = joiner('vale');
    const attribute = '00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01';
    expect(await post({ ...e, traceparent: attribute })).toBe(202);
    const received = await receivedTraceparent('vale', e.subject);
    const [, traceId, spanId] = TRACEPARENT.exec(received) ?? [];
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    // The target's header is the hub's own client span, not the source's span: each hop its own.
    expect(spanId).not.toBe('b9c7c989f97918e1');
    const [ingest] = await expectChain(traceId, spanId);
    expect(ingest.parentSpanId).toBe('b9c7c989f97918e1');
  });

  it("continues an event's trace when its delivery waited in its lane and was released from the ledger", async () => {
    const sim = l.payroll.fen;
    // The first delivery of the person is slow at the target, so the second is routed behind it (held).
    sim.setFaults({ delayMs: 1_500 });
    try {
      // Two joiners of one person (one employee number): the same lane at payroll-fen.
      const person = Math.floor(Math.random() * 1e6);
      const [first, second] = [joiner('fen', {}, person), joiner('fen', {}, person)];
      expect(await post(first, { traceparent: '00-11111111111111111111111111111111-1111111111111111-01' })).toBe(202);
      await waitFor('the first delivery in flight at the target', () => sim.inFlight > 0 || undefined, 30_000);
      const sent = '00-22222222222222222222222222222222-2222222222222222-01';
      expect(await post(second, { traceparent: sent })).toBe(202);
      const received = await waitFor('the second call about the person', () => {
        const calls = sim.calls.filter((c) => JSON.stringify(c.request.body).includes(first.subject));
        return calls.length >= 2 ? String(calls[1].request.headers.traceparent ?? 'none') : undefined;
      }, 30_000);
      const [, traceId, spanId] = TRACEPARENT.exec(received) ?? [];
      expect(traceId).toBe('22222222222222222222222222222222');
      const [ingest] = await expectChain(traceId, spanId);
      expect(ingest.parentSpanId).toBe('2222222222222222');
    } finally {
      sim.setFaults({ delayMs: 0 });
    }
  });
});
