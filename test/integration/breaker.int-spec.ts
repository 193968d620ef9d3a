// A target's circuit breaker on real Kafka, Redis and PostgreSQL: a payroll bureau down for two
// minutes costs no dead letter and every delivery arrives once it is back; a 422 still dead-letters
// at once; a Retry-After is waited out; one breaker is shared by every worker process; ops pause and
// resume a target, and a pause holds across a worker restart.
import { runCli } from '@apps/cli';
import { DeliveryQueues } from '@hub/delivery';
import { CanonicalEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function postAll(l: TestLandscape, events: CanonicalEvent[]) {
  for (let i = 0; i < events.length; i += 50) {
    const res = await l.post(events.slice(i, i + 50), { 'content-type': 'application/cloudevents-batch+json' });
    expect(res.status).toBe(202);
  }
}

/** The most probes a breaker with this policy sends in `windowMs` of outage: one per interval, doubling from probeMs to maxProbeMs. */
function mostProbes(p: { probeMs: number; maxProbeMs: number }, windowMs: number): number {
  let n = 0;
  for (let t = 0, gap = p.probeMs; t + gap <= windowMs; t += gap, gap = Math.min(gap * 2, p.maxProbeMs)) n++;
  return n;
}

const keyOf = (c: { request: { headers: Record<string, unknown> } }) => c.request.headers['idempotency-key'] as string;
const refOf = (c: { request: { body: unknown } }) => (c.request.body as { employeeRef?: string }).employeeRef;

describe('circuit breaker per target', () => {
  const breaker = { failures: 3, probeMs: 500, maxProbeMs: 4_000 };
  const concurrency = 4;
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 400 }, breaker, concurrency });
  });
  afterAll(async () => {
    await l?.close();
  });

  const stateOf = async (target: string) => (await l.api('GET', `/v1/targets/${target}`)).body.breaker;
  const metric = async (line: RegExp) => Number(line.exec((await l.api('GET', '/metrics', TOKENS.metrics)).body)?.[1] ?? NaN);

  it('holds 500 deliveries through two minutes of 503 then refused connections: no dead letter, each delivered once it is back', async () => {
    const sim = l.payroll.fen;
    const events = Array.from({ length: 500 }, (_, i) => joiner('fen', {}, 100_000 + i));
    const started = Date.now();
    sim.setFaults({ failForMs: 60_000, failStatus: 503 });
    await postAll(l, events);
    await waitFor('the breaker to open', async () => (await stateOf('payroll-fen')).state !== 'closed' || undefined);
    expect(await metric(/^hub_target_breaker_state\{target="payroll-fen"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);

    // A minute of 503s, then a minute of refused connections: the outage lasts the two minutes the issue names.
    await sleep(started + 60_000 - Date.now());
    const during503 = sim.calls.length;
    await sim.stop();
    sim.setFaults({ failForMs: 0 });
    expect((await stateOf('payroll-fen')).state).not.toBe('closed');
    await sleep(started + 120_000 - Date.now());
    const down = await stateOf('payroll-fen');
    expect(down).toMatchObject({ state: expect.stringMatching(/^(open|half-open)$/), lastFailure: { reason: 'target-unreachable' } });
    expect(down.openSeconds).toBeGreaterThanOrEqual(115);
    expect(await metric(/^hub_target_breaker_open_seconds\{target="payroll-fen"\} (\d+)$/m)).toBeGreaterThanOrEqual(115);
    expect(await metric(/^hub_target_probes_total\{target="payroll-fen",outcome="failed"\} (\d+)$/m)).toBeGreaterThan(5);
    expect(sim.calls.every((c) => c.status === 503)).toBe(true);
    const back = Date.now();
    await sim.start();

    await waitFor('every delivery', () => events.every((e) => sim.employees.has(e.subject)) || undefined, 60_000);
    const drained = Date.now();
    await waitFor('the ledger to record them all', async () => {
      const t = await Promise.all(events.slice(-20).map((e) => l.trace(e)));
      return t.every((x) => x.body?.status === 'delivered') || undefined;
    });

    // No dead letter: the breaker held them instead of spending their attempts.
    expect((await l.api('GET', '/v1/dead-letters?target=payroll-fen&state=all')).body.total).toBe(0);
    expect(await stateOf('payroll-fen')).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastClosedAt: expect.any(String) });
    expect(await metric(/^hub_target_probes_total\{target="payroll-fen",outcome="succeeded"\} (\d+)$/m)).toBe(1);
    // Each delivered once: one accepted key per event, and none stored twice.
    const ours = new Set(events.map((e) => e.subject));
    const accepted = sim.calls.filter((c) => c.status === 201 && ours.has(refOf(c)!));
    const keys = new Set(accepted.map(keyOf));
    expect(keys.size).toBe(500);
    expect([...sim.employees.keys()].filter((k) => ours.has(k))).toHaveLength(500);
    // While down the target saw the failures that opened it, what was in flight, and one probe at a time.
    expect(during503).toBeLessThanOrEqual(breaker.failures + concurrency + mostProbes(breaker, 60_000) + 1);
    const retries = accepted.length - keys.size;
    // eslint-disable-next-line no-console
    console.info(`outage: ${during503} calls during the 503 minute; after recovery ${accepted.length} answered 2xx for ${keys.size} keys (${retries} repeats of a key, ${sim.repeats} answered from the bureau's idempotency store); drained ${drained - back} ms after the target came back`);
  }, 240_000);

  it('still dead-letters a 422 at once, and a run of them does not open the breaker', async () => {
    const sim = l.payroll.moor;
    sim.setFaults({ rejectNext: 6, rejectStatus: 422 });
    const events = Array.from({ length: 6 }, () => joiner('moor'));
    await postAll(l, events);
    for (const e of events) expect((await l.waitForTrace(e, 'dead-lettered')).targets[0]).toMatchObject({ state: 'dead-lettered', attempts: 1, lastError: { reason: 'target-rejected', status: 422 } });
    expect(sim.calls.map((c) => c.status)).toEqual([422, 422, 422, 422, 422, 422]);
    expect(await stateOf('payroll-moor')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    // And the next delivery goes straight through.
    const next = joiner('moor');
    await l.post(next);
    await l.waitForTrace(next, 'delivered');
  });

  it('waits out a 429 with Retry-After: 2 without spending an attempt', async () => {
    const sim = l.payroll.vale;
    sim.setFaults({ failNext: 1, failStatus: 429, retryAfter: '2' });
    const e = joiner('vale');
    await l.post(e);
    const held = await waitFor('the Retry-After to be in force', async () => (await stateOf('payroll-vale')).retryAfterUntil ?? undefined);
    const trace = await l.waitForTrace(e, 'delivered');
    expect(sim.calls.map((c) => c.status)).toEqual([429, 201]);
    const [first, second] = sim.calls.map((c) => Date.parse(c.at));
    expect(second - first).toBeGreaterThanOrEqual(2_000);
    expect(Date.parse(held)).toBeGreaterThan(first);
    // Held, not retried: the delivery took one attempt, and the breaker is still closed.
    expect(trace.targets[0]).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(await stateOf('payroll-vale')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(await metric(/^hub_deliveries_deferred_total\{target="payroll-vale",reason="retry-after"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
  });
});

describe('one breaker for every worker process', () => {
  // One probe a second, so two processes each probing on their own would show up as twice the calls.
  const breaker = { failures: 3, probeMs: 1_000, maxProbeMs: 1_000 };
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ breaker, concurrency: 4 });
  });
  afterAll(async () => {
    await l?.close();
  });

  it('holds a second worker process that never saw a failure, and lets only one probe out at a time across both', async () => {
    const sim = l.payroll.fen;
    // Slow answers, so calls made at the same time overlap at the simulator.
    sim.setFaults({ failForMs: 60_000, failStatus: 503, delayMs: 300 });
    const events = Array.from({ length: 40 }, () => joiner('fen'));
    await postAll(l, events);
    await waitFor('the breaker to open', async () => (await l.api('GET', '/v1/targets/payroll-fen')).body.breaker.state !== 'closed' || undefined);
    // A second worker process joins now: it has no failure of its own to go by.
    await l.startWorker();
    await waitFor('calls in flight when it opened to end', () => sim.inFlight === 0);
    sim.peakInFlight = 0;
    const before = sim.calls.length;
    const window = 6_000;
    await sleep(window);

    const calls = sim.calls.length - before;
    expect(sim.peakInFlight).toBeLessThanOrEqual(1);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(window / breaker.probeMs + 1);

    sim.setFaults({ failForMs: 0, delayMs: 0 });
    await waitFor('every delivery', () => events.every((e) => sim.employees.has(e.subject)) || undefined, 30_000);
    expect((await l.api('GET', '/v1/dead-letters?target=payroll-fen&state=all')).body.total).toBe(0);
  });
});

describe('pause and resume a target', () => {
  let l: TestLandscape;
  // One at a time, with a retry a second after a failure: order and due retries can be watched.
  beforeAll(async () => {
    l = await TestLandscape.start({ retry: { attempts: 3, backoffMs: 1_000, maxBackoffMs: 1_000 }, concurrency: 1 });
  });
  afterAll(async () => {
    await l?.close();
  });

  async function hub(args: string[], token: string = TOKENS.fenOperator) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--url', l.hub.url!, ...args], { env: { HUB_TOKEN: token }, out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const status = async (id: string, token: string = TOKENS.fenOperator) => (await l.api('GET', `/v1/targets/${id}`, token)).body;

  it('holds every delivery while paused, a retry coming due and a worker restart included, and delivers them in order once resumed', async () => {
    const sim = l.payroll.fen;
    sim.setFaults({ failNext: 1, failStatus: 503 });
    const a = joiner('fen');
    await l.post(a);
    await waitFor("a's first attempt to fail", () => sim.calls.length === 1 || undefined);
    const paused = await l.api('POST', '/v1/targets/payroll-fen/pause', TOKENS.fenOperator, { reason: 'bureau maintenance CHG-2291' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: 'paused', paused: { by: 'fen-operator', reason: 'bureau maintenance CHG-2291' } });
    const later = Array.from({ length: 3 }, () => joiner('fen'));
    await postAll(l, later);

    // A's retry comes due while paused: it joins the waiting deliveries instead of running.
    await waitFor('the retry to come due and every delivery to wait', async () => {
      const q = (await status('payroll-fen')).queue;
      return (q.delayed === 0 && q.waiting === 4) || undefined;
    }, 15_000);
    await l.hub.stop('worker');
    await l.hub.start('worker');
    // Held for a while by the restarted worker too: nothing reaches the target.
    await sleep(2_000);
    expect(sim.calls).toHaveLength(1);
    expect(await status('payroll-fen')).toMatchObject({ state: 'paused', queue: { waiting: 4, active: 0 } });
    const shown = await hub(['target', 'status', 'payroll-fen']);
    expect(shown.out.split('\n')[0]).toMatch(/^payroll-fen \(fen, payroll\): paused by fen-operator since .+: bureau maintenance CHG-2291$/);
    const queued = (await l.hub.apps.api!.get(DeliveryQueues).queue('payroll-fen').getWaiting()).map((j) => j.data.event.subject);
    expect([...queued].sort()).toEqual([a, ...later].map((e) => e.subject).sort());

    const resumed = await hub(['target', 'resume', 'payroll-fen', '--reason', 'maintenance over']);
    expect(resumed).toMatchObject({ code: 0, out: expect.stringMatching(/^resumed payroll-fen: delivering again \(\d being delivered, \d waiting\)$/) });
    await waitFor('every delivery', () => [a, ...later].every((e) => sim.employees.has(e.subject)) || undefined);
    // In the order they waited, each once.
    expect(sim.calls.filter((c) => c.status === 201).map(refOf)).toEqual(queued);
    expect((await l.waitForTrace(a, 'delivered')).targets[0]).toMatchObject({ attempts: 2 });

    const audit = (await l.api('GET', '/v1/audit?limit=20', TOKENS.fenOperator)).body.items as { actor: string; action: string; detail: string; tenants: string[]; filter: Record<string, unknown>; counts: Record<string, number> }[];
    expect(audit.filter((x) => x.action.startsWith('target.')).map((x) => [x.action, x.actor, x.detail, x.tenants, x.filter.target])).toEqual([
      ['target.resume', 'fen-operator', 'maintenance over', ['fen'], 'payroll-fen'],
      ['target.pause', 'fen-operator', 'bureau maintenance CHG-2291', ['fen'], 'payroll-fen'],
    ]);
    expect(audit.find((x) => x.action === 'target.resume')!.counts).toEqual({ waiting: 4, delayed: 0 });
  });

  it('needs the operator role and a reason, says when it is already so, and keeps each force to its own targets', async () => {
    expect((await l.api('GET', '/v1/targets', TOKENS.fenOperator)).body.items.map((t: { id: string }) => t.id)).toEqual(['payroll-fen']);
    expect((await l.api('GET', '/v1/targets', TOKENS.opsViewer)).body.items.map((t: { id: string }) => t.id)).toEqual(['payroll-fen', 'payroll-moor', 'payroll-vale']);
    expect((await l.api('GET', '/v1/targets/payroll-moor', TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('POST', '/v1/targets/payroll-moor/pause', TOKENS.fenOperator, { reason: 'not mine' })).status).toBe(404);
    expect((await l.api('GET', '/v1/targets/no-such-target', TOKENS.opsAdmin)).status).toBe(404);
    expect((await l.api('POST', '/v1/targets/payroll-vale/pause', TOKENS.opsViewer, { reason: 'viewer' })).status).toBe(403);
    expect((await l.api('GET', '/v1/targets', TOKENS.hr)).status).toBe(403);
    expect((await l.api('GET', '/v1/targets', null)).status).toBe(401);
    expect((await l.api('POST', '/v1/targets/payroll-vale/pause', TOKENS.opsAdmin, {})).status).toBe(400);
    expect((await l.api('POST', '/v1/targets/payroll-vale/pause', TOKENS.opsAdmin, { reason: ' x ' })).status).toBe(400);

    expect((await l.api('POST', '/v1/targets/payroll-vale/pause', TOKENS.opsAdmin, { reason: 'year end freeze' })).status).toBe(200);
    const again = await l.api('POST', '/v1/targets/payroll-vale/pause', TOKENS.opsAdmin, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('paused by ops-admin');
    expect(await metricOf(l, /^hub_target_paused\{target="payroll-vale"\} (\d+)$/m)).toBe(1);
    expect((await l.api('POST', '/v1/targets/payroll-vale/resume', TOKENS.opsAdmin, { reason: 'freeze lifted' })).status).toBe(200);
    expect((await l.api('POST', '/v1/targets/payroll-vale/resume', TOKENS.opsAdmin, { reason: 'twice' })).status).toBe(409);
    expect(await metricOf(l, /^hub_target_paused\{target="payroll-vale"\} (\d+)$/m)).toBe(0);

    const list = await hub(['target', 'status'], TOKENS.opsViewer);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^payroll-moor\s+moor\s+closed\s+0\s+0\s+0/m);
    expect((await hub(['target', 'pause', 'payroll-moor', '--reason', 'not mine'])).code).toBe(1);
    expect((await hub(['target', 'pause', 'payroll-fen'])).code).toBe(2);
  });

  it('pauses and resumes from the dashboard for operators only, with its form token and from its own origin', async () => {
    const page = async (token: string) => (await fetch(`${l.hub.url}/ops/dashboard`, { headers: { authorization: `Bearer ${token}` } })).text();
    const viewer = await page(TOKENS.opsViewer);
    expect(viewer).toContain('data-target-id="payroll-moor" data-state="closed"');
    expect(viewer).not.toContain('<form');
    const html = await page(TOKENS.fenOperator);
    expect(html).not.toContain('payroll-moor');
    const token = /name="token" value="([^"]+)"><input type="hidden" name="target" value="payroll-fen"/.exec(html)?.[1];
    expect(token).toBeDefined();
    const post = (path: string, form: Record<string, string>, origin = l.hub.url!) =>
      fetch(`${l.hub.url}${path}`, { method: 'POST', redirect: 'manual', headers: { authorization: `Bearer ${TOKENS.fenOperator}`, origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

    expect((await post('/ops/dashboard/targets/pause', { target: 'payroll-fen', reason: 'from elsewhere', token: token! }, 'https://evil.example')).status).toBe(403);
    expect((await post('/ops/dashboard/targets/pause', { target: 'payroll-fen', reason: 'no token' })).status).toBe(403);
    expect((await post('/ops/dashboard/targets/pause', { target: 'payroll-moor', reason: 'not mine', token: token! })).status).toBe(404);
    const done = await post('/ops/dashboard/targets/pause', { target: 'payroll-fen', reason: 'payroll asked us to hold', token: token! });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/ops/dashboard?target=payroll-fen&done=paused');
    expect((await status('payroll-fen')).paused).toMatchObject({ by: 'fen-operator', reason: 'payroll asked us to hold' });
    const after = await page(TOKENS.fenOperator);
    expect(after).toContain('data-target-id="payroll-fen" data-state="paused"');
    expect(after).toContain('action="/ops/dashboard/targets/resume"');
    expect((await post('/ops/dashboard/targets/resume', { target: 'payroll-fen', reason: 'go ahead', token: token! })).status).toBe(303);
    expect((await status('payroll-fen')).state).toBe('closed');
  });
});

async function metricOf(l: TestLandscape, line: RegExp): Promise<number> {
  return Number(line.exec((await l.api('GET', '/metrics', TOKENS.metrics)).body)?.[1] ?? NaN);
}
