// The dashboard behind a load balancer: a form served by one API replica is posted to another. Two
// APIs on one ledger accept each other's form tokens, with DASHBOARD_SECRET unset (the secret the
// first wrote to the ledger) and with the same DASHBOARD_SECRET; one with another secret refuses.
import { createLogger } from '@hub/observability';
import { hubContext, RunningHub, startHub } from '@apps/hub';
import { TestLandscape, TOKENS } from '@test/support';

describe('dashboard forms across API replicas', () => {
  let l: TestLandscape;
  const others: RunningHub[] = [];

  /** Another API process on the landscape's ledger, Redis and topics, with `env` on top. */
  async function replica(env: Record<string, string> = {}): Promise<string> {
    const ctx = hubContext({ env: { ...l.env, ...env }, config: l.ctx.file.document, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'warn') });
    const hub = await startHub(ctx, ['api'], 0);
    others.push(hub);
    return hub.url!;
  }

  /** The form token of the dashboard page `api` serves an operator. */
  async function formToken(api: string): Promise<string> {
    const res = await fetch(`${api}/ops/dashboard`, { headers: { authorization: `Bearer ${TOKENS.opsAdmin}` } });
    expect(res.status).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(await res.text())?.[1];
    expect(token).toMatch(/^\d+\.[\w-]{43}$/);
    return token!;
  }

  /** A dry-run replay posted to `api` with `token`: 303 taken (back to the page), 403 refused. */
  async function dryRun(api: string, token: string): Promise<{ status: number; detail?: string }> {
    const res = await fetch(`${api}/ops/dashboard/replay`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${TOKENS.opsAdmin}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tenant: 'fen', fingerprint: 'target-rejected|payroll-fen|422', action: 'dry-run', token }).toString(),
    });
    const text = await res.text();
    return { status: res.status, ...(res.status === 403 ? { detail: JSON.parse(text).detail } : {}) };
  }

  beforeAll(async () => {
    l = await TestLandscape.start({ roles: ['api'] });
  });
  afterAll(async () => {
    for (const h of others) await h.stop();
    await l?.close();
  });

  it('shares the secret through the ledger when DASHBOARD_SECRET is unset: each replica takes the other\'s token', async () => {
    const [a, b] = [l.hub.url!, await replica()];
    expect((await dryRun(b, await formToken(a))).status).toBe(303);
    expect((await dryRun(a, await formToken(b))).status).toBe(303);
  });

  it('keys on DASHBOARD_SECRET when set: replicas with the same one agree, and one with another secret refuses', async () => {
    const secret = 'c'.repeat(64);
    const [c, d, other] = [await replica({ DASHBOARD_SECRET: secret }), await replica({ DASHBOARD_SECRET: secret }), await replica({ DASHBOARD_SECRET: 'd'.repeat(64) })];
    const fromC = await formToken(c);
    expect((await dryRun(d, fromC)).status).toBe(303);
    const refused = await dryRun(other, fromC);
    expect(refused).toEqual({ status: 403, detail: expect.stringContaining('reload the page') });
    // Nor does the ledger-keyed replica take it, or the other way round.
    expect((await dryRun(l.hub.url!, fromC)).status).toBe(403);
    expect((await dryRun(c, await formToken(l.hub.url!))).status).toBe(403);
  });
});
