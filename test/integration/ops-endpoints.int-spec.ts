// The operational surface of the contract: schemas, health, metrics, OpenAPI and Bull Board.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOpsServer } from '@apps/hub';
import { scrapeAccess } from '@hub/config';
import { joiner } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const OPENAPI_FILE = join(__dirname, '..', '..', 'docs', 'openapi.json');
const GATEWAY_OPENAPI_FILE = join(__dirname, '..', '..', 'docs', 'gateway-openapi.json');

describe('ops endpoints', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start();
  });
  afterAll(async () => {
    await l?.close();
  });

  it('lists schemas with versions and serves one with its examples', async () => {
    const list = await l.api('GET', '/v1/schemas', null);
    expect(list.status).toBe(200);
    expect(list.body.types).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'hr.employee.left', domain: 'hr', versions: [{ version: 1, type: 'hr.employee.left.v1' }] })]));
    const one = await l.api('GET', '/v1/schemas/hr.employee.joined.v1', null);
    expect(one.body).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'hr.employee.joined.v1' });
    expect(one.body.examples.length).toBeGreaterThan(0);
    expect((await l.api('GET', '/v1/schemas/hr.employee.flew.v1', null)).status).toBe(404);
  });

  // The router hosted in this process says it is making progress, and on how many partitions.
  const routerUp = { status: 'up', partitions: expect.any(Number), stallMs: 45_000 };

  it('is live and ready when Kafka, Redis and PostgreSQL answer and the router hosted with it makes progress', async () => {
    expect((await l.api('GET', '/health/live', null)).status).toBe(200);
    const ready = await l.api('GET', '/health/ready', null);
    expect(ready.status).toBe(200);
    expect(ready.body.info).toEqual({ kafka: { status: 'up' }, redis: { status: 'up' }, postgresql: { status: 'up' }, router: routerUp });
  });

  it('serves health and metrics of the router and worker on their own port, checking their real connections', async () => {
    const ops = await startOpsServer({ router: l.hub.apps.router, worker: l.hub.apps.worker }, 0, '127.0.0.1', scrapeAccess(l.ctx.config));
    try {
      const ready = await fetch(`${ops.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as any).info).toEqual({ kafka: { status: 'up' }, redis: { status: 'up' }, postgresql: { status: 'up' }, router: routerUp });
      const bare = await fetch(`${ops.url}/metrics`);
      expect(bare.status).toBe(401);
      expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="erp-hub-metrics"');
      expect(await (await fetch(`${ops.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.metrics}` } })).text()).toContain('hub_deliveries_total');
    } finally {
      await ops.close();
    }
  });

  it("answers /metrics only to a scrape credential for every tenant, since its series name every force", async () => {
    const bare = await l.api('GET', '/metrics', null);
    expect(bare.status).toBe(401);
    expect(JSON.stringify(bare.body)).not.toContain('hub_events');
    expect((await l.api('GET', '/metrics', TOKENS.hr)).status).toBe(403);
    expect((await l.api('GET', '/metrics', TOKENS.fenOperator)).status).toBe(403);
    expect((await l.api('GET', '/metrics', TOKENS.opsViewer)).status).toBe(403);
    expect((await l.api('GET', '/metrics', TOKENS.metrics)).status).toBe(200);
  });

  it('exports Prometheus metrics that move with the traffic', async () => {
    const e = joiner('fen');
    await l.post(e);
    await l.waitForTrace(e, 'delivered');
    const text = (await l.api('GET', '/metrics', TOKENS.metrics)).body as string;
    expect(text).toMatch(/hub_events_accepted_total\{tenant="fen",type="hr.employee.joined.v1"\} [1-9]/);
    expect(text).toMatch(/hub_deliveries_total\{target="payroll-fen",outcome="delivered"\} [1-9]/);
    expect(text).toMatch(/hub_queue_jobs\{queue="delivery-payroll-fen",state="completed"\} [1-9]/);
    expect(text).toContain('hub_router_consumer_lag');
    expect(text).toMatch(/hub_publish_duration_seconds_count [1-9]/);
    expect(text).toMatch(/hub_delivery_attempts_bucket\{le="1",target="payroll-fen",outcome="delivered"\} [1-9]/);
    expect(text).toMatch(/hub_ledger_write_duration_seconds_count\{op="router-batch"\} [1-9]/);
    expect(text).toMatch(/hub_ledger_write_duration_seconds_count\{op="attempt"\} [1-9]/);
  });

  it('counts rejections by reason and open dead letters per tenant and target', async () => {
    expect((await l.post('{"not json', {}, TOKENS.hr)).status).toBe(400);
    l.payroll.moor.setFaults({ rejectNext: 1, rejectStatus: 422 });
    const e = joiner('moor');
    await l.post(e);
    await l.waitForTrace(e, 'dead-lettered');
    const text = (await l.api('GET', '/metrics', TOKENS.metrics)).body as string;
    expect(text).toMatch(/hub_events_rejected_total\{reason="malformed-request"\} [1-9]/);
    expect(text).toMatch(/hub_dead_letters_open\{tenant="moor",target="payroll-moor"\} 1\n/);
    expect(text).toMatch(/hub_deliveries_total\{target="payroll-moor",outcome="dead-lettered"\} 1\n/);
    expect(text).not.toMatch(/hub_dead_letters_open\{tenant="fen"/);
  });

  it('serves its OpenAPI document with the contract paths and statuses', async () => {
    const doc = (await l.api('GET', '/docs/openapi.json', null)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/events/{id}', '/v1/schemas', '/v1/schemas/{type}', '/v1/dead-letters', '/v1/dead-letters/{id}', '/v1/dead-letters/{id}/replay', '/v1/dead-letters/replay', '/v1/dead-letters/groups', '/v1/quarantine', '/v1/quarantine/{id}', '/v1/quarantine/{id}/release', '/v1/targets', '/v1/targets/{id}', '/v1/targets/{id}/pause', '/v1/targets/{id}/resume', '/v1/backfills', '/v1/backfills/{id}', '/v1/backfills/{id}/cancel', '/v1/backfills/{id}/pause', '/v1/backfills/{id}/resume', '/v1/audit', '/health/live', '/health/ready', '/metrics']));
    expect(Object.keys(doc.paths['/v1/events'].post.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '403', '413', '415', '422']));
    // The three content modes, each as it is: one event, a non-empty array of them, binary mode's data with ce-* headers.
    expect(doc.paths['/v1/events'].post.requestBody.content).toEqual({
      'application/cloudevents+json': { schema: { $ref: '#/components/schemas/CloudEvent' } },
      'application/cloudevents-batch+json': { schema: { $ref: '#/components/schemas/CloudEventBatch' } },
      'application/json': { schema: expect.objectContaining({ description: expect.stringContaining('Binary mode') }) },
    });
    expect(doc.components.schemas.CloudEventBatch).toMatchObject({ type: 'array' });
    // An empty batch is allowed (the CloudEvents JSON format's batch mode).
    expect(doc.components.schemas.CloudEventBatch).not.toHaveProperty('minItems');
    expect(doc.paths['/v1/events'].post.parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-subject', 'ce-tenant']));
    // Opaque tokens looked up by hash, not JWTs.
    expect(doc.components.securitySchemes.bearer).not.toHaveProperty('bearerFormat');
    // Every error is a problem (but readiness: its 503 is terminus's report of the checks, as its 200 is),
    // and every operation says what each of its answers holds.
    for (const [path, item] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const at = `${method.toUpperCase()} ${path} ${status}`;
          if (Number(status) >= 400 && !(path.startsWith('/health/') && status === '503')) expect({ at, content: Object.keys(response.content ?? {}) }).toEqual({ at, content: ['application/problem+json'] });
          if (status !== '204') expect({ at, schemas: Object.values(response.content ?? {}).every((c) => c.schema !== undefined) && Object.keys(response.content ?? {}).length > 0 }).toEqual({ at, schemas: true });
        }
      }
    }
  });

  it('matches the committed docs/openapi.json (npm run openapi rewrites it)', async () => {
    const served = JSON.stringify((await l.api('GET', '/docs/openapi.json', null)).body, null, 2) + '\n';
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(OPENAPI_FILE, served);
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(served);
  });

  it('serves the gateway its own document, which matches the committed docs/gateway-openapi.json (npm run openapi rewrites it)', async () => {
    const doc = (await (await fetch(`${l.hub.gatewayUrl}/docs/openapi.json`)).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(['/webhooks/{path}/{tenant}', '/problems', '/problems/{type}']);
    const headers = doc.paths['/webhooks/{path}/{tenant}'].post.parameters.filter((p: { in: string }) => p.in === 'header');
    expect(headers.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([['webhook-id', false], ['webhook-timestamp', false], ['webhook-signature', false], ['x-signature-256', false]]);
    const served = JSON.stringify(doc, null, 2) + '\n';
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(GATEWAY_OPENAPI_FILE, served);
    expect(readFileSync(GATEWAY_OPENAPI_FILE, 'utf8')).toBe(served);
  });

  it('puts Bull Board behind an ops credential and shows only the caller’s tenants', async () => {
    const bare = await fetch(`${l.hub.url}/ops/queues/api/queues`);
    expect(bare.status).toBe(401);
    // Basic first so a browser asks for the token; Bearer for tools, invalid_token only when one was sent.
    expect(bare.headers.get('www-authenticate')).toBe('Basic realm="erp-hub ops", charset="UTF-8", Bearer realm="erp-hub ops"');
    expect(await bare.json()).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    const source = await fetch(`${l.hub.url}/ops/queues/api/queues`, { headers: { authorization: `Bearer ${TOKENS.hr}` } });
    expect(source.status).toBe(401);
    expect(source.headers.get('www-authenticate')).toBe('Basic realm="erp-hub ops", charset="UTF-8", Bearer realm="erp-hub ops", error="invalid_token"');
    const all = await l.api('GET', '/ops/queues/api/queues', TOKENS.opsAdmin);
    expect(all.status).toBe(200);
    expect(all.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['delivery-payroll-fen', 'delivery-payroll-moor', 'delivery-payroll-vale']);
    const fen = await l.api('GET', '/ops/queues/api/queues', TOKENS.fenOperator);
    expect(fen.body.queues.map((q: { name: string }) => q.name)).toEqual(['delivery-payroll-fen']);
    // Basic auth with the token as password works for browsers.
    const basic = await fetch(`${l.hub.url}/ops/queues/api/queues`, { headers: { authorization: `Basic ${Buffer.from(`ops:${TOKENS.opsViewer}`).toString('base64')}` } });
    expect(basic.status).toBe(200);
  });
});
