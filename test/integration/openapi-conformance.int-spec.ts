// The documents say what the API and the gateway answer; this drives real requests at the whole
// hub (real Kafka, Redis and PostgreSQL, the demo landscape) and checks every answer against the
// document each serves: the operation, the status, the content type, the body against its schema,
// required headers (WWW-Authenticate on a 401), and the request body of what succeeded. Every
// operation of both documents is driven at least once; every problem type resolves at its URI.
import { randomBytes } from 'node:crypto';
import { signStandardWebhook } from '@apps/gateway';
import { PROBLEM_TYPE_SLUGS, problemTypeUri } from '@hub/http-problem';
import { toKafkaMessage } from '@hub/events';
import { EventProducer, KafkajsEventBus } from '@hub/kafka';
import { createLogger } from '@hub/observability';
import { joiner, waitFor } from '@hub/testing';
import { demoEnv, OpenApiConformance, OpenApiDocument, TestLandscape, TOKENS } from '@test/support';
import { hired } from '@connectors/hr';

const env = demoEnv();
const today = new Date().toISOString().slice(0, 10);

interface Call {
  token?: string | null;
  body?: unknown;
  /** Sent as is (a string) instead of JSON. */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

describe('answers agree with the OpenAPI documents', () => {
  let l: TestLandscape;
  let api: OpenApiConformance;
  let gateway: OpenApiConformance;
  let producer: EventProducer;

  beforeAll(async () => {
    l = await TestLandscape.start({ systems: true, retry: { attempts: 2, backoffMs: 100, maxBackoffMs: 200 } });
    api = new OpenApiConformance((await (await fetch(`${l.hub.url}/docs/openapi.json`)).json()) as OpenApiDocument);
    gateway = new OpenApiConformance((await (await fetch(`${l.hub.gatewayUrl}/docs/openapi.json`)).json()) as OpenApiDocument);
    producer = new KafkajsEventBus(l.settings.kafkaBrokers, `conformance-${randomBytes(3).toString('hex')}`, createLogger('error')).producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await l?.close();
  });

  /** One request to the API or the gateway, its answer and how it departs from that server's document. */
  async function call(server: 'api' | 'gateway', method: string, path: string, c: Call = {}) {
    const token = c.token === undefined ? TOKENS.opsAdmin : c.token;
    const text = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    const contentType = c.contentType ?? (text !== undefined ? 'application/json' : undefined);
    const res = await fetch(`${server === 'api' ? l.hub.url : l.hub.gatewayUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(contentType ? { 'content-type': contentType } : {}), ...c.headers },
      body: text,
    });
    const answer = { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
    let body: any = answer.text;
    try {
      body = JSON.parse(answer.text);
    } catch {
      /* HTML and Prometheus text stay text */
    }
    const violations = (server === 'api' ? api : gateway).check(method, path, answer, { contentType, text: typeof text === 'string' ? text : text?.toString('utf8') });
    return { status: res.status, headers: answer.headers, body, violations };
  }

  /** A call whose answer must have `status` and agree with the document. */
  async function expectAnswer(status: number | number[], method: string, path: string, c: Call = {}, server: 'api' | 'gateway' = 'api') {
    const a = await call(server, method, path, c);
    const want = Array.isArray(status) ? status : [status];
    expect({ call: `${method} ${path}`, status: want.includes(a.status) ? want[0] : a.status, violations: a.violations, ...(want.includes(a.status) ? {} : { body: a.body }) }).toEqual({ call: `${method} ${path}`, status: want[0], violations: [] });
    return a;
  }
  const gw = (status: number, method: string, path: string, c: Call = {}) => expectAnswer(status, method, path, { token: null, ...c }, 'gateway');

  describe('POST /v1/events', () => {
    it('accepts an event in structured mode, a batch and binary mode, and a repeat as a duplicate', async () => {
      const one = joiner('fen');
      const events = (c: Call) => expectAnswer(202, 'POST', '/v1/events', { token: TOKENS.hr, ...c });
      await events({ body: one, contentType: 'application/cloudevents+json' });
      expect((await events({ body: one, contentType: 'application/cloudevents+json' })).body.accepted[0].duplicate).toBe(true);
      await events({ body: [joiner('fen'), joiner('moor')], contentType: 'application/cloudevents-batch+json' });
      // An empty batch is a batch (CloudEvents JSON format): 202, nothing accepted.
      expect((await events({ raw: '[]', contentType: 'application/cloudevents-batch+json' })).body).toEqual({ accepted: [] });
      const b = joiner('vale');
      const attrs = { 'ce-specversion': '1.0', 'ce-id': b.id, 'ce-source': b.source, 'ce-type': b.type, 'ce-subject': b.subject, 'ce-tenant': b.tenant };
      await events({ body: b.data, contentType: 'application/json', headers: attrs });
      await l.waitForTrace(one, 'delivered');
      await expectAnswer(200, 'GET', `/v1/events/${one.id}?source=${encodeURIComponent(one.source)}`);
    });

    it.each([
      [400, 'a body that is not JSON', { raw: '{"not json', contentType: 'application/cloudevents+json' }],
      [400, 'an envelope without a subject', { body: { ...joiner('fen'), subject: undefined }, contentType: 'application/cloudevents+json' }],
      [400, 'application/json without ce-* headers', { body: {}, contentType: 'application/json' }],
      [401, 'no credential', { token: null, body: joiner('fen'), contentType: 'application/cloudevents+json' }],
      [401, 'an unknown token', { token: 'nobody', body: joiner('fen'), contentType: 'application/cloudevents+json' }],
      [403, 'an ops token', { token: TOKENS.opsAdmin, body: joiner('fen'), contentType: 'application/cloudevents+json' }],
      [403, 'a tenant outside the token', { token: TOKENS.fenJoinersOnly, body: joiner('moor', { source: 'urn:erp-hub:source:fen-hr-local' }), contentType: 'application/cloudevents+json' }],
      [413, 'a body over MAX_BODY_BYTES', { raw: `{"x":"${'a'.repeat(1_100_000)}"}`, contentType: 'application/cloudevents+json' }],
      [415, 'text/plain', { raw: 'hello', contentType: 'text/plain' }],
      [415, 'a Content-Encoding it does not take', { raw: '{}', contentType: 'application/cloudevents+json', headers: { 'content-encoding': 'zstd' } }],
      [422, 'an unknown type', { body: joiner('fen', { type: 'hr.employee.flew.v1' }), contentType: 'application/cloudevents+json' }],
      [422, 'data that fails its schema', { body: joiner('fen', { data: { employeeId: 'FEN-1' } }), contentType: 'application/cloudevents+json' }],
    ] as [number, string, Call][])('answers %d to %s, as the document says', async (status, _, c) => {
      const a = await expectAnswer(status, 'POST', '/v1/events', { token: TOKENS.hr, ...c });
      if (status === 401) expect(a.headers['www-authenticate']).toBe(c.token ? 'Bearer realm="erp-hub", error="invalid_token"' : 'Bearer realm="erp-hub"');
    });
  });

  it('answers trace, schema and health reads, and their errors', async () => {
    await expectAnswer(404, 'GET', '/v1/events/no-such-event');
    await expectAnswer(401, 'GET', '/v1/events/no-such-event', { token: null });
    await expectAnswer(200, 'GET', '/v1/schemas', { token: null });
    await expectAnswer(200, 'GET', '/v1/schemas/hr.employee.joined.v1', { token: null });
    await expectAnswer(404, 'GET', '/v1/schemas/hr.employee.flew.v1', { token: null });
    await expectAnswer(200, 'GET', '/health/live', { token: null });
    await expectAnswer(200, 'GET', '/health/ready', { token: null });
    await expectAnswer(200, 'GET', '/metrics', { token: TOKENS.metrics });
    await expectAnswer(401, 'GET', '/metrics', { token: null });
    await expectAnswer(403, 'GET', '/metrics', { token: TOKENS.opsViewer });
    await expectAnswer(200, 'GET', '/v1/audit');
    await expectAnswer(400, 'GET', '/v1/audit?from=yesterday');
  });

  it('answers dead-letter triage: list, groups, one, replays and a discard', async () => {
    l.payroll.moor.setFaults({ rejectNext: 2, rejectStatus: 422 });
    const [a, b] = [joiner('moor'), joiner('moor')];
    await l.post(a);
    await l.post(b);
    await l.waitForTrace(a, 'dead-lettered');
    await l.waitForTrace(b, 'dead-lettered');
    const list = await expectAnswer(200, 'GET', '/v1/dead-letters?tenant=moor');
    const ids: string[] = list.body.items.map((d: { id: string }) => d.id);
    expect(ids).toHaveLength(2);
    await expectAnswer(200, 'GET', '/v1/dead-letters/groups?tenant=moor', { token: TOKENS.opsViewer });
    await expectAnswer(400, 'GET', '/v1/dead-letters?limit=0');
    await expectAnswer(403, 'GET', '/v1/dead-letters', { token: TOKENS.hr });
    await expectAnswer(200, 'GET', `/v1/dead-letters/${ids[0]}`);
    await expectAnswer(404, 'GET', '/v1/dead-letters/payroll-moor.nothing');
    await expectAnswer(202, 'POST', '/v1/dead-letters/replay', { body: { tenant: 'moor', dryRun: true } });
    await expectAnswer(400, 'POST', '/v1/dead-letters/replay', { body: {} });
    await expectAnswer(202, 'POST', `/v1/dead-letters/${ids[0]}/replay`);
    await expectAnswer(400, 'DELETE', `/v1/dead-letters/${ids[1]}`);
    await expectAnswer(204, 'DELETE', `/v1/dead-letters/${ids[1]}?reason=${encodeURIComponent('conformance test')}`);
    await expectAnswer(404, 'POST', '/v1/dead-letters/payroll-moor.nothing/replay');
  });

  it('answers the quarantine: list, one, a release and a discard', async () => {
    const topic = l.topicOf('hr.employee.joined.v1');
    const poison = [joiner('fen', { type: 'hr.employee.promoted.v1' }), joiner('fen', { type: 'hr.employee.promoted.v1' })];
    await producer.publish(poison.map((e) => toKafkaMessage(e, topic)));
    const entries = await waitFor('both to be quarantined', async () => {
      const items = (await l.api('GET', '/v1/quarantine?tenant=fen&limit=100')).body.items ?? [];
      const mine = poison.map((p) => items.find((i: { eventId?: string }) => i.eventId === p.id));
      return mine.every(Boolean) ? mine : undefined;
    });
    await expectAnswer(200, 'GET', '/v1/quarantine?tenant=fen');
    await expectAnswer(400, 'GET', '/v1/quarantine?state=lost');
    await expectAnswer(200, 'GET', `/v1/quarantine/${entries[0].id}`);
    await expectAnswer(404, 'GET', '/v1/quarantine/999999999');
    await expectAnswer(202, 'POST', `/v1/quarantine/${entries[0].id}/release`, { body: { reason: 'conformance test' } });
    await expectAnswer(409, 'POST', `/v1/quarantine/${entries[0].id}/release`, { body: { reason: 'again' } });
    await expectAnswer(400, 'DELETE', `/v1/quarantine/${entries[1].id}`);
    await expectAnswer(204, 'DELETE', `/v1/quarantine/${entries[1].id}`, { body: { reason: 'conformance test' } });
  });

  it('answers targets: list, one, pause and resume, and their conflicts', async () => {
    await expectAnswer(200, 'GET', '/v1/targets');
    await expectAnswer(200, 'GET', '/v1/targets/payroll-vale');
    await expectAnswer(404, 'GET', '/v1/targets/nowhere');
    await expectAnswer(400, 'POST', '/v1/targets/payroll-vale/pause', { body: {} });
    await expectAnswer(200, 'POST', '/v1/targets/payroll-vale/pause', { body: { reason: 'conformance test' } });
    await expectAnswer(409, 'POST', '/v1/targets/payroll-vale/pause', { body: { reason: 'conformance test' } });
    await expectAnswer(200, 'POST', '/v1/targets/payroll-vale/resume', { body: { reason: 'conformance test' } });
    await expectAnswer(409, 'POST', '/v1/targets/payroll-vale/resume', { body: { reason: 'conformance test' } });
    await expectAnswer(403, 'POST', '/v1/targets/payroll-vale/pause', { token: TOKENS.opsViewer, body: { reason: 'conformance test' } });
  });

  it('answers the landscape: current, versions, one version, a dry-run change and cutover, and their errors', async () => {
    const current = await expectAnswer(200, 'GET', '/v1/landscape', { token: TOKENS.landscapeAdmin });
    await expectAnswer(200, 'GET', '/v1/landscape/versions');
    await expectAnswer(400, 'GET', '/v1/landscape/versions?limit=1000');
    await expectAnswer(200, 'GET', `/v1/landscape/versions/${l.landscapeVersion}`);
    await expectAnswer(404, 'GET', '/v1/landscape/versions/9999');
    const doc = structuredClone(current.body.landscape);
    doc.tenants[0].name = `${doc.tenants[0].name} (renamed)`;
    await expectAnswer(200, 'PUT', '/v1/landscape', { token: TOKENS.landscapeAdmin, body: { landscape: doc, reason: 'conformance dry run', dryRun: true } });
    await expectAnswer(409, 'PUT', '/v1/landscape', { token: TOKENS.landscapeAdmin, body: { landscape: current.body.landscape, reason: 'nothing changes' } });
    await expectAnswer(403, 'PUT', '/v1/landscape', { token: TOKENS.opsAdmin, body: { landscape: doc, reason: 'not mine to change' } });
    await expectAnswer(400, 'PUT', '/v1/landscape', { token: TOKENS.landscapeAdmin, body: { reason: 'no landscape' } });
    await expectAnswer(200, 'POST', '/v1/landscape/cutovers', { token: TOKENS.fenOperator, body: { tenant: 'fen', domain: 'hr', dryRun: true, reason: 'conformance dry run' } });
    await expectAnswer(404, 'POST', '/v1/landscape/cutovers', { token: TOKENS.fenOperator, body: { tenant: 'moor', domain: 'hr', reason: 'not my force' } });
  });

  it('answers backfills: a dry run, a start, list, one, pause, resume and cancel, and their errors', async () => {
    const body = { tenant: 'fen', target: 'payroll-fen', types: ['hr.*'], reason: 'conformance test' };
    await expectAnswer(200, 'POST', '/v1/backfills', { body: { ...body, dryRun: true } });
    await expectAnswer(404, 'POST', '/v1/backfills', { body: { ...body, target: 'nowhere' } });
    await expectAnswer(400, 'POST', '/v1/backfills', { body: { tenant: 'fen', target: 'payroll-fen' } });
    const started = await expectAnswer(202, 'POST', '/v1/backfills', { body });
    await expectAnswer(200, 'GET', '/v1/backfills?tenant=fen');
    await expectAnswer(400, 'GET', '/v1/backfills?state=lost');
    await expectAnswer(200, 'GET', `/v1/backfills/${started.body.id}`);
    await expectAnswer(404, 'GET', '/v1/backfills/00000000-0000-0000-0000-000000000000');
    // It may already be done (payroll-fen has every event): then each of these is a conflict.
    await expectAnswer([200, 409], 'POST', `/v1/backfills/${started.body.id}/pause`, { body: { reason: 'conformance test' } });
    await expectAnswer([200, 409], 'POST', `/v1/backfills/${started.body.id}/resume`, { body: { reason: 'conformance test' } });
    await expectAnswer([200, 409], 'POST', `/v1/backfills/${started.body.id}/cancel`, { body: { reason: 'conformance test' } });
  });

  it('answers parallel runs, reconciliation and file totals, and their errors', async () => {
    await expectAnswer(200, 'GET', '/v1/parallel-runs');
    await expectAnswer(200, 'GET', `/v1/parallel-runs/report?tenant=fen&domain=hr&from=${today}`);
    await expectAnswer(400, 'GET', '/v1/parallel-runs/report?tenant=fen');
    await expectAnswer(404, 'GET', '/v1/parallel-runs/report?tenant=fen&domain=finance');
    await expectAnswer(200, 'GET', `/v1/reconciliation?tenant=fen&from=${today}&to=${today}`);
    await expectAnswer(200, 'GET', `/v1/reconciliation/drift?tenant=fen&from=${today}&to=${today}`);
    await expectAnswer(400, 'GET', '/v1/reconciliation?tenant=fen&from=someday');
    await expectAnswer(404, 'GET', `/v1/reconciliation/drift?tenant=nowhere&from=${today}&to=${today}`);
    const totals = {
      tenant: 'fen', source: 'urn:erp-hub:source:dms', drop: 'dms-exports-fen', file: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'd'.repeat(64), kind: 'DMS_EXPORT',
      trailer: { records: 1, controlTotal: 100, unit: 'hundredths-of-an-hour' }, posted: { records: 1, total: 100 }, quarantined: { records: 0, total: 0 }, eventKeys: [],
    };
    await expectAnswer(202, 'POST', '/v1/file-totals', { token: 'demo-dms-token', body: totals });
    await expectAnswer(400, 'POST', '/v1/file-totals', { token: 'demo-dms-token', body: { ...totals, trailer: { records: -1 } } });
    await expectAnswer(403, 'POST', '/v1/file-totals', { token: TOKENS.opsAdmin, body: totals });
  });

  it('serves the page of every problem type the code can emit, at the URI its problems name, from the API and the gateway', async () => {
    for (const server of ['api', 'gateway'] as const) {
      for (const type of PROBLEM_TYPE_SLUGS) {
        const page = await expectAnswer(200, 'GET', problemTypeUri(type), { token: null }, server);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        const json = await expectAnswer(200, 'GET', problemTypeUri(type), { token: null, headers: { accept: 'application/json' } }, server);
        expect(json.body).toMatchObject({ type: problemTypeUri(type), title: expect.any(String), action: expect.any(String) });
      }
      expect((await expectAnswer(200, 'GET', '/problems', { token: null, headers: { accept: 'application/json' } }, server)).body.types).toHaveLength(PROBLEM_TYPE_SLUGS.length);
      await expectAnswer(404, 'GET', '/problems/no-such-problem', { token: null }, server);
    }
    // A real answer's type, resolved against the URL that answered it (RFC 3986 §5), is that page.
    const refused = await fetch(`${l.hub.url}/v1/events`, { method: 'POST' });
    const resolved = new URL(((await refused.json()) as { type: string }).type, refused.url);
    expect((await fetch(resolved)).status).toBe(200);
  });

  describe('the gateway', () => {
    let n = 0;
    /** Standard Webhooks headers, as the demo's HR system signs (config/demo.json). */
    const signed = (raw: string, secret = env.HR_WEBHOOK_SECRET) => signStandardWebhook([secret], `msg-${++n}`, Math.floor(Date.now() / 1000), raw);
    const WRONG_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

    it('answers a webhook it takes, and each refusal, as its document says', async () => {
      const worker = `FEN-${randomBytes(3).toString('hex').toUpperCase()}`;
      const hook = JSON.stringify({ ...hired({ workerNumber: worker }), eventId: `wh-${worker}-1` });
      await gw(202, 'POST', '/webhooks/hr/fen', { raw: hook, headers: signed(hook) });
      const unsigned = await gw(401, 'POST', '/webhooks/hr/fen', { raw: hook });
      expect(unsigned.headers['www-authenticate']).toMatch(/^Standard-Webhooks realm="erp-hub gateway", header="webhook-signature"/);
      await gw(401, 'POST', '/webhooks/hr/fen', { raw: hook, headers: signed(hook, WRONG_SECRET) });
      await gw(404, 'POST', '/webhooks/hr/nowhere', { raw: hook, headers: signed(hook) });
      await gw(400, 'POST', '/webhooks/hr/fen', { raw: '[]', headers: signed('[]') });
      await gw(400, 'POST', '/webhooks/hr/fen', { raw: '{"not json', headers: signed('{"not json') });
      const unreadable = JSON.stringify({ ...JSON.parse(hook), eventType: 'worker.flew' });
      await gw(422, 'POST', '/webhooks/hr/fen', { raw: unreadable, headers: signed(unreadable) });
    });
  });

  it('has driven every operation of both documents', () => {
    expect({ api: api.unexercised(), gateway: gateway.unexercised() }).toEqual({ api: [], gateway: [] });
  });
});
