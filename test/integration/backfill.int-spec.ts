// Backfilling a new system from the ledger, on real Kafka, Redis and PostgreSQL: Fenland's history
// went to its payroll bureau as it happened; a SaaS ERP (cloud-erp, routed nowhere yet) is then
// seeded from the ledger. A dry run counts; the backfill delivers every event of the window once,
// in order per person, under backfill keys, skipping what the ERP has already; a cancel stops it
// and withdraws what waits, and a second backfill sends the rest; every action is audited; every
// bad request is a 4xx problem; the CLI shows the same.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@apps/cli';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { Force, TestLandscape, TOKENS } from '@test/support';

const fixture = (type: string, name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'fixtures', type, 'valid', `${name}.json`), 'utf8'));
const person = (force: Force) => `${force.toUpperCase()}-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const ev = (type: string, subject: string, data: Record<string, unknown>): CanonicalEvent => ({
  specversion: '1.0',
  id: `evt-${randomBytes(6).toString('hex')}`,
  source: 'urn:erp-hub:source:hr',
  type,
  subject,
  tenant: subject.split('-')[0].toLowerCase(),
  time: new Date().toISOString(),
  data,
});
/** A person's joiner, move and leaver. */
const lifeOf = (id: string): CanonicalEvent[] => [
  joiner(id.split('-')[0].toLowerCase() as Force, { subject: id }, Number(id.split('-')[1])),
  ev('hr.employee.moved.v1', id, { ...fixture('hr.employee.moved.v1', 'cost-centre-change'), employeeId: id }),
  ev('hr.employee.left.v1', id, { ...fixture('hr.employee.left.v1', 'minimal'), employeeId: id }),
];
const backfillKey = (target: string, e: CanonicalEvent) => `backfill.${target}.${keyOfEvent(e)}`;

describe('backfill a new system from the ledger', () => {
  let l: TestLandscape;
  /** Fenland's people, each [joiner, move, leaver], delivered to payroll as they happened. */
  const fen: CanonicalEvent[][] = [];
  const moor: CanonicalEvent[] = [];
  let window: { from: string; to: string };

  beforeAll(async () => {
    l = await TestLandscape.start({ erp: { rateLimit: { max: 500, perMs: 1_000 } }, env: { BACKFILL_POLL_MS: '200' } });
    const from = new Date().toISOString();
    for (let i = 0; i < 12; i++) fen.push(lifeOf(person('fen')));
    for (let i = 0; i < 20; i++) moor.push(lifeOf(person('moor'))[0]);
    // Round by round, as an HR system sends them: everybody's joiner, then the moves, then the leavers.
    for (const round of [0, 1, 2]) expect((await l.post(fen.map((p) => p[round]), { 'content-type': 'application/cloudevents-batch+json' })).status).toBe(202);
    expect((await l.post(moor, { 'content-type': 'application/cloudevents-batch+json' })).status).toBe(202);
    await waitFor('the history delivered to payroll', async () => {
      for (const e of [...fen.map((p) => p[2]), ...moor]) if ((await l.trace(e)).body?.status !== 'delivered') return false;
      return true;
    }, 60_000);
    window = { from, to: new Date().toISOString() };
  });
  afterAll(async () => {
    await l?.close();
  });

  const start = (body: Record<string, unknown>, token = TOKENS.opsAdmin) => l.api('POST', '/v1/backfills', token, body);
  const status = async (id: string) => (await l.api('GET', `/v1/backfills/${id}`)).body;
  const ended = (id: string, state = 'finished') =>
    waitFor(`backfill ${id} ${state}`, async () => {
      const b = await status(id);
      return b.state === state ? b : b.state === 'running' || b.state === 'paused' ? undefined : Promise.reject(new Error(`backfill ${id} is ${b.state}: ${b.error}`));
    }, 60_000, 100);
  /** What the ERP received about one person, in the order it received it. */
  const callsAbout = (force: Force, id: string) =>
    l.erp![force].calls
      .filter((c) => c.request.path.includes(id) || JSON.stringify(c.request.body).includes(id))
      .map((c) => `${c.request.path.endsWith('/job-changes') ? 'move' : c.request.path.endsWith('/terminations') ? 'leave' : 'hire'} ${c.status}`);
  const keysAt = (force: Force) => l.erp![force].calls.map((c) => c.request.headers['idempotency-key'] as string);
  const audit = async (action: string) => (await l.api('GET', `/v1/audit?action=${action}`)).body.items;

  it('counts in a dry run what it would send per type, what the target has already, and the oldest and newest accepted', async () => {
    const traces = await Promise.all(fen.flat().map(async (e) => (await l.trace(e)).body.acceptedAt as string));
    const res = await start({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], ...window, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true, tenant: 'fen', target: 'erp-fen', toSend: 36, alreadyThere: 0,
      byType: [{ type: 'hr.employee.joined.v1', toSend: 12, alreadyThere: 0 }, { type: 'hr.employee.left.v1', toSend: 12, alreadyThere: 0 }, { type: 'hr.employee.moved.v1', toSend: 12, alreadyThere: 0 }],
      oldest: traces.sort()[0], newest: traces.sort()[traces.length - 1], rate: 100, effectiveRate: 100,
    });
    expect((await start({ tenant: 'fen', target: 'erp-fen', types: ['hr.employee.joined.v1'], ...window, dryRun: true })).body.toSend).toBe(12);
    expect((await start({ tenant: 'fen', target: 'erp-fen', subject: fen[3][0].subject, ...window, dryRun: true })).body.toSend).toBe(3);
    // Payroll, the old system, has every one of them.
    expect((await start({ tenant: 'fen', target: 'payroll-fen', types: ['hr.*'], ...window, dryRun: true })).body).toMatchObject({ toSend: 0, alreadyThere: 36 });
    expect(await audit('backfill.dry-run')).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'ops-admin', tenants: ['fen'], counts: { toSend: 36, alreadyThere: 0 } })]));
    // A dry run starts nothing.
    expect((await l.api('GET', '/v1/backfills?target=erp-fen')).body.total).toBe(0);
  });

  it('delivers every event of the window once, in order per person, under backfill keys, and skips what the target has already', async () => {
    const payrollCalls = l.payroll.fen.calls.length;
    // An earlier backfill of one person: the big one must not send those three again.
    const one = await start({ tenant: 'fen', target: 'erp-fen', subject: fen[0][0].subject, ...window });
    expect(one.status).toBe(202);
    await ended(one.body.id);
    const main = await start({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], ...window, rate: 40, reason: 'seed the ERP with Fenland history, CHG-3101' });
    expect(main.status).toBe(202);
    expect(main.body).toMatchObject({ state: 'running', tenant: 'fen', target: 'erp-fen', createdBy: 'ops-admin', progress: { total: 33, skipped: 3, rate: { limit: 40 } } });
    // One backfill per target at a time.
    expect((await start({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], ...window })).status).toBe(409);
    const done = await ended(main.body.id);
    expect(done.progress).toMatchObject({ total: 33, delivered: 33, deadLettered: 0, remaining: 0, percent: 100, open: { queued: 0, held: 0, retrying: 0, replaying: 0 } });

    // Every event once, each under its backfill key: never a live first delivery's.
    expect(l.erp!.fen.repeats).toBe(0);
    expect(keysAt('fen').sort()).toEqual(fen.flat().map((e) => backfillKey('erp-fen', e)).sort());
    // In order per person: hired, then moved, then left (the ERP refuses a change of a worker it does not hold).
    for (const p of fen) expect(callsAbout('fen', p[0].subject)).toEqual(['hire 201', 'move 201', 'leave 201']);
    expect(l.erp!.fen.workers.size).toBe(12);
    expect(l.erp!.fen.terminations.size).toBe(12);
    // Throttled: 33 at 40 a second, the first page (4) at once.
    const times = l.erp!.fen.calls.slice(3).map((c) => Date.parse(c.at));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(((33 - 4) / 40) * 1000 * 0.9);
    // The old system got nothing more, and no other force's ERP anything.
    expect(l.payroll.fen.calls.length).toBe(payrollCalls);
    expect(l.erp!.moor.calls.length + l.erp!.vale.calls.length).toBe(0);
    // The trace tells a backfill's delivery from the live one.
    const trace = (await l.trace(fen[1][1])).body;
    expect(trace.targets).toEqual(expect.arrayContaining([expect.objectContaining({ target: 'erp-fen', state: 'delivered', backfill: main.body.id }), expect.objectContaining({ target: 'payroll-fen', state: 'delivered' })]));
    expect(trace.targets.find((t: { target: string }) => t.target === 'payroll-fen').backfill).toBeUndefined();
    expect(await audit('backfill.start')).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: 'ops-admin', tenants: ['fen'], detail: 'seed the ERP with Fenland history, CHG-3101', filter: expect.objectContaining({ backfill: main.body.id, target: 'erp-fen', types: ['hr.*'] }), counts: { total: 33, alreadyThere: 3 } })]),
    );
    // And a dry run now says the ERP has it all.
    expect((await start({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], ...window, dryRun: true })).body).toMatchObject({ toSend: 0, alreadyThere: 36 });
  });

  it('stops on cancel, withdrawing what waits; a second backfill then sends the rest, none twice', async () => {
    // A slow ERP: four calls at a time, a second each, so most of the backfill waits in the queue when it is cancelled.
    l.erp!.moor.setFaults({ delayMs: 1_000 });
    const slow = await start({ tenant: 'moor', target: 'erp-moor', types: ['hr.employee.joined.v1'], ...window, rate: 20 }, TOKENS.opsAdmin);
    expect(slow.status).toBe(202);
    const id = slow.body.id;
    await waitFor('two of them delivered', async () => (await status(id)).progress.delivered >= 2, 30_000, 100);
    const cancelled = await l.api('POST', `/v1/backfills/${id}/cancel`, TOKENS.opsAdmin, { reason: 'wrong ERP tenant, CHG-3102' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', changedBy: 'ops-admin', finishedAt: expect.any(String) });
    // What waited is withdrawn; what was delivered stays; nothing more reaches the ERP.
    const after = await waitFor('nothing of it open', async () => {
      const b = await status(id);
      const p = b.progress;
      return p.open.queued + p.open.held + p.open.retrying + p.open.replaying === 0 ? b : undefined;
    }, 30_000, 100);
    const delivered = after.progress.delivered;
    expect(delivered).toBeGreaterThanOrEqual(2);
    expect(delivered).toBeLessThan(20);
    expect(keysAt('moor')).toHaveLength(delivered);
    // The queued ones were withdrawn by the worker as their jobs came up, not sent.
    const withdrawn = Number(/hub_deliveries_total\{target="erp-moor",outcome="withdrawn"\} (\d+)/.exec((await l.api('GET', '/metrics', TOKENS.metrics)).body as string)?.[1] ?? 0);
    expect(withdrawn).toBeGreaterThanOrEqual(1);
    expect(delivered + withdrawn).toBeLessThanOrEqual(20);
    l.erp!.moor.setFaults({ delayMs: 0 });
    expect((await l.api('POST', `/v1/backfills/${id}/cancel`)).status).toBe(409);
    expect((await l.api('POST', `/v1/backfills/${id}/resume`)).status).toBe(409);
    expect(await audit('backfill.cancel')).toEqual(expect.arrayContaining([expect.objectContaining({ detail: 'wrong ERP tenant, CHG-3102', filter: { backfill: id, target: 'erp-moor' } })]));

    // The target has what was delivered; the rest goes with the next backfill, paused and resumed on the way.
    expect((await start({ tenant: 'moor', target: 'erp-moor', types: ['hr.employee.joined.v1'], ...window, dryRun: true })).body).toMatchObject({ toSend: 20 - delivered, alreadyThere: delivered });
    const rest = await start({ tenant: 'moor', target: 'erp-moor', types: ['hr.employee.joined.v1'], ...window, rate: 4 });
    const paused = await l.api('POST', `/v1/backfills/${rest.body.id}/pause`, TOKENS.opsAdmin, { reason: 'ERP maintenance window' });
    expect(paused.body.state).toBe('paused');
    expect((await l.api('POST', `/v1/backfills/${rest.body.id}/pause`)).status).toBe(409);
    expect((await l.api('POST', `/v1/backfills/${rest.body.id}/resume`, TOKENS.opsAdmin, {})).body.state).toBe('running');
    expect((await ended(rest.body.id)).progress).toMatchObject({ total: 20 - delivered, delivered: 20 - delivered, skipped: delivered });
    expect(l.erp!.moor.repeats).toBe(0);
    expect(keysAt('moor').sort()).toEqual(moor.map((e) => backfillKey('erp-moor', e)).sort());
    expect((await audit('backfill.pause'))[0]).toMatchObject({ detail: 'ERP maintenance window', filter: { backfill: rest.body.id, target: 'erp-moor' } });
    expect((await audit('backfill.resume'))[0]).toMatchObject({ filter: { backfill: rest.body.id, target: 'erp-moor' } });
  });

  it("keeps one force's backfills from another's operator", async () => {
    const list = await l.api('GET', '/v1/backfills', TOKENS.fenOperator);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((b: { tenant: string }) => b.tenant === 'fen')).toBe(true);
    const moorOne = (await l.api('GET', '/v1/backfills?tenant=moor')).body.items[0];
    expect((await l.api('GET', `/v1/backfills/${moorOne.id}`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('POST', `/v1/backfills/${moorOne.id}/cancel`, TOKENS.fenOperator)).status).toBe(404);
    expect((await start({ tenant: 'moor', target: 'erp-moor', types: ['hr.*'], ...window }, TOKENS.fenOperator)).status).toBe(404);
  });

  describe('answers every bad request with a 4xx problem', () => {
    const good = () => ({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], ...window, dryRun: true });
    it.each([
      ['an unknown tenant', { tenant: 'nowhere' }, 404, undefined],
      ['an unknown target', { target: 'erp-nowhere' }, 404, undefined],
      ['a target of another force', { target: 'payroll-moor' }, 400, '/target'],
      ['a window with from after to', { from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' }, 400, '/from'],
      ['a time that is not RFC 3339', { from: 'last tuesday' }, 400, '/from'],
      ['no filter', { types: undefined, from: undefined, to: undefined }, 400, ''],
      ['a type its connector does not take', { types: ['dms.shift.rostered.v1'] }, 400, '/types/0'],
      ['a pattern of none of its types', { types: ['training.*'] }, 400, '/types/0'],
      ['an unknown type', { types: ['hr.employee.flew.v1'] }, 400, '/types/0'],
      ['a rate above the maximum', { rate: 5_001 }, 400, '/rate'],
      ['a rate that is not a whole number', { rate: 'fast' }, 400, '/rate'],
      ['an unknown field', { type: 'hr.employee.left.v1' }, 400, '/type'],
      ['a dryRun that is not a boolean', { dryRun: 'yes' }, 400, '/dryRun'],
    ])('%s', async (_, change, want, path) => {
      const body: Record<string, unknown> = { ...good(), ...change };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const res = await start(body);
      expect(res.status).toBe(want);
      expect(res.body).toMatchObject({ type: expect.stringContaining('/problems/'), status: want });
      if (path !== undefined) expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
    });

    it('refuses a body that is not JSON, a viewer, no credential, and unknown or malformed ids and filters', async () => {
      const raw = await fetch(`${l.hub.url}/v1/backfills`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.opsAdmin}`, 'content-type': 'application/json' }, body: '{"tenant": ' });
      expect(raw.status).toBe(400);
      expect(raw.headers.get('content-type')).toContain('application/problem+json');
      expect((await start(good(), TOKENS.opsViewer)).status).toBe(403);
      expect((await start(good(), null as unknown as string)).status).toBe(401);
      expect((await l.api('GET', '/v1/backfills/999999')).status).toBe(404);
      expect((await l.api('GET', '/v1/backfills/not-an-id')).status).toBe(404);
      expect((await l.api('POST', '/v1/backfills/999999/cancel')).status).toBe(404);
      expect((await l.api('POST', '/v1/backfills/999999/pause', TOKENS.opsViewer)).status).toBe(403);
      expect((await l.api('GET', '/v1/backfills?state=asleep')).status).toBe(400);
      expect((await l.api('GET', '/v1/backfills?limit=0')).status).toBe(400);
      expect((await l.api('GET', '/v1/backfills?after=bm9wZQ')).status).toBe(400);
      const id = (await l.api('GET', '/v1/backfills?target=erp-fen')).body.items[0].id;
      expect((await l.api('POST', `/v1/backfills/${id}/cancel`, TOKENS.opsAdmin, { reason: 'x' })).status).toBe(400);
    });
  });

  describe('hub backfill (the CLI)', () => {
    async function hub(args: string[], tty = false) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['--url', l.hub.url!, ...args], { env: { HUB_TOKEN: TOKENS.opsAdmin }, out: (s) => out.push(s), err: (s) => err.push(s), isTTY: tty, write: (s) => out.push(s) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    it('dry-runs, starts and follows a backfill: a progress bar on a terminal, plain lines otherwise, and --json', async () => {
      const dry = await hub(['backfill', 'start', '--tenant', 'vale', '--target', 'erp-vale', '--types', 'hr.*', '--from', window.from, '--dry-run']);
      expect(dry).toMatchObject({ code: 0 });
      expect(dry.out).toContain('dry run: vale → erp-vale, hr.employee.joined.v1, hr.employee.joined.v2, hr.employee.left.v1, hr.employee.moved.v1');
      expect(dry.out).toContain('in all: 0 to send, 0 the target has already (skipped)');
      const json = JSON.parse((await hub(['--json', 'backfill', 'start', '--tenant', 'fen', '--target', 'erp-fen', '--types', 'hr.*', '--from', window.from, '--to', window.to, '--dry-run'])).out);
      expect(json).toMatchObject({ dryRun: true, toSend: 0, alreadyThere: 36 });

      const started = await hub(['backfill', 'start', '--tenant', 'vale', '--target', 'erp-vale', '--types', 'hr.*', '--from', window.from, '--watch', '--every', '50']);
      expect(started.code).toBe(0);
      expect(started.out).toMatch(/^started backfill (\d+): 0 events to send to erp-vale/);
      expect(started.out).toMatch(/backfill \d+ → erp-vale finished: 0\/0 \(100\.0%\)/);
      const id = /^started backfill (\d+)/.exec(started.out)![1];

      const tty = await hub(['backfill', 'status', id, '--watch', '--every', '50'], true);
      expect(tty.code).toBe(0);
      expect(tty.out).toMatch(/^\r\[#+\]\s+100\.0%\s+0\/0\s+ETA 0s\s+finished/);

      const one = await hub(['backfill', 'status', id]);
      expect(one.out.split('\n')[0]).toBe(`backfill ${id}: vale → erp-vale, finished`);
      const list = await hub(['backfill', 'status', '--target', 'erp-fen']);
      expect(list.out).toMatch(/id\s+tenant\s+target\s+state\s+done/);
      expect(list.out).toMatch(/erp-fen\s+finished\s+33\/33\s+100\.0\s+33/);
      expect(JSON.parse((await hub(['--json', 'backfill', 'status', id])).out)).toMatchObject({ id, state: 'finished' });

      // Refused: a finished backfill cannot be cancelled (1), and bad usage (2).
      expect(await hub(['backfill', 'cancel', id, '--reason', 'too late'])).toMatchObject({ code: 1, err: expect.stringContaining('409') });
      expect((await hub(['backfill', 'start', '--tenant', 'fen', '--target', 'erp-fen', '--rate', 'fast'])).code).toBe(2);
      expect(await hub(['backfill', 'start', '--tenant', 'fen', '--target', 'erp-fen'])).toMatchObject({ code: 1, err: expect.stringContaining('Filter required') });
    });
  });
});
