import type { INestApplicationContext } from '@nestjs/common';
import { hashToken, scrapeAccess } from '@hub/config';
import { REDIS } from '@hub/delivery';
import { EVENT_BUS } from '@hub/kafka';
import { DeliveryLedger } from '@hub/ledger';
import { hubMetrics, roleHealth } from '@hub/observability';
import { startOpsServer } from './ops-server';

/** A role's app context whose dependencies answer, or fail, as told. */
function app(o: { redis?: Error; postgresql?: Error; kafka?: Error }): INestApplicationContext {
  const answer = (err?: Error) => async () => {
    if (err) throw err;
  };
  const deps = new Map<unknown, unknown>([
    [REDIS, { ping: answer(o.redis) }],
    [DeliveryLedger, { ping: answer(o.postgresql) }],
    [EVENT_BUS, { admin: () => ({ ping: answer(o.kafka), close: async () => undefined }) }],
  ]);
  return { get: (token: unknown) => deps.get(token) } as unknown as INestApplicationContext;
}

const SCRAPE = 'scrape-token';
const access = scrapeAccess({
  opsUsers: [
    { tokenSha256: hashToken(SCRAPE), roles: ['metrics'], tenants: ['*'] },
    { tokenSha256: hashToken('fen-metrics'), roles: ['metrics'], tenants: ['fen'] },
  ],
  sources: [{ tokenSha256: hashToken('a-source') }],
});

describe('ops server (metrics and health of a process without the API)', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));
  const start = async (apps: Parameters<typeof startOpsServer>[0]) => {
    const s = await startOpsServer(apps, 0, '127.0.0.1', access);
    servers.push(s);
    return s.url;
  };

  it("is ready only when every dependency of every hosted role answers, and says which one did not", async () => {
    const url = await start({ router: app({}), worker: app({ postgresql: new Error('connect ECONNREFUSED 127.0.0.1:5432') }) });
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as any;
    expect(body.status).toBe('error');
    expect(body.error).toEqual({ postgresql: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5432' } });
    expect(body.info).toEqual({ kafka: { status: 'up' }, redis: { status: 'up' } });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('is live but not ready while a role still waits for a store at boot, and ready once it is up', async () => {
    const apps: Parameters<typeof startOpsServer>[0] = {};
    const starting = new Set(['worker']);
    const s = await startOpsServer(apps, 0, '127.0.0.1', access, () => [...starting]);
    servers.push(s);
    const before = await fetch(`${s.url}/health/ready`);
    expect(before.status).toBe(503);
    expect(((await before.json()) as any).error).toEqual({ startup: { status: 'down', message: 'still starting: worker' } });
    expect((await fetch(`${s.url}/health/live`)).status).toBe(200);
    apps.worker = app({});
    starting.delete('worker');
    const after = await fetch(`${s.url}/health/ready`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as any).info).toEqual({ redis: { status: 'up' }, postgresql: { status: 'up' } });
  });

  it('is ready when they all answer, and serves the metrics of this process', async () => {
    hubMetrics().deliveries.inc({ target: 'payroll-fen', outcome: 'delivered' });
    const url = await start({ router: app({}), worker: app({}) });
    expect(((await (await fetch(`${url}/health/ready`)).json()) as any).info).toEqual({ kafka: { status: 'up' }, redis: { status: 'up' }, postgresql: { status: 'up' } });
    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE}` } });
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toMatch(/hub_deliveries_total\{target="payroll-fen",outcome="delivered"\} [1-9]/);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });

  it("serves metrics only to a scrape credential for every tenant: they name every force", async () => {
    const url = await start({ worker: app({}) });
    const bare = await fetch(`${url}/metrics`);
    expect(bare.status).toBe(401);
    // RFC 6750 §3: no error code without a token; invalid_token for one that is refused.
    expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="erp-hub-metrics"');
    expect(bare.headers.get('content-type')).toBe('application/problem+json');
    expect(await bare.json()).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    const unknown = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer unknown' } });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="erp-hub-metrics", error="invalid_token"');
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer fen-metrics' } })).status).toBe(403);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer a-source' } })).status).toBe(403);
    // Probes stay open: a kubelet has no token.
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it("is not ready while a role hosted here says it is not doing its work (a stalled router), and says why", async () => {
    let stalled = true;
    const remove = roleHealth().register('router', () => (stalled ? { up: false, message: 'no progress for more than 45 s on hr.employee.joined.v1/0', details: { partitions: 1 } } : { up: true, details: { partitions: 1 } }));
    try {
      const url = await start({ router: app({}) });
      const res = await fetch(`${url}/health/ready`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).error).toEqual({ router: { status: 'down', message: 'no progress for more than 45 s on hr.employee.joined.v1/0', partitions: 1 } });
      stalled = false;
      const again = await fetch(`${url}/health/ready`);
      expect(again.status).toBe(200);
      expect(((await again.json()) as any).info.router).toEqual({ status: 'up', partitions: 1 });
    } finally {
      remove();
    }
  });
});
