// Payroll failing, rejecting and going down: retries with backoff, dead letters with reasons,
// and replay to the failed target only, exactly once. Ops access is scoped and masked.
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

describe('retries, dead letters and replay', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 400 } });
  });
  afterAll(async () => {
    await l?.close();
  });
  afterEach(() => Object.values(l.payroll).forEach((s) => s.setFaults({ failNext: 0, rejectNext: 0, delayMs: 0 })));

  const callsFor = (force: 'fen' | 'moor' | 'vale', subject: string) =>
    l.payroll[force].calls.filter((c) => (c.request.body as { employeeRef?: string }).employeeRef === subject);

  it('retries a payroll that fails twice and delivers on the third attempt', async () => {
    l.payroll.fen.setFaults({ failNext: 2, failStatus: 503 });
    const e = joiner('fen');
    expect((await l.post(e)).status).toBe(202);
    const trace = await l.waitForTrace(e, 'delivered');
    // The ledger keeps the last error as history after the success.
    expect(trace.targets[0]).toMatchObject({ target: 'payroll-fen', state: 'delivered', attempts: 3, lastError: { reason: 'target-unavailable', status: 503 } });
    expect(trace.targets[0].reference).toMatch(/^PAY-FEN-/);
    // Backoff is real: the attempts are spread out, not fired back to back.
    const times = l.payroll.fen.calls.slice(-3).map((c) => Date.parse(c.at));
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(100);
    expect(l.payroll.fen.employees.has(e.subject)).toBe(true);
  });

  it('dead-letters at once when payroll answers 4xx, with the reason', async () => {
    l.payroll.moor.setFaults({ rejectNext: 1, rejectStatus: 422 });
    const e = joiner('moor');
    await l.post(e);
    const trace = await l.waitForTrace(e, 'dead-lettered');
    expect(trace.targets[0]).toMatchObject({ state: 'dead-lettered', attempts: 1 });
    expect(callsFor('moor', e.subject)).toHaveLength(1);

    const list = await l.api('GET', `/v1/dead-letters?tenant=moor&subject=${e.subject}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        target: 'payroll-moor', tenant: 'moor', eventId: e.id, reason: 'target-rejected', status: 422, attempts: 1, state: 'dead-lettered', fingerprint: 'target-rejected|payroll-moor|422',
      }),
    ]);
    expect(list.body.items[0].message).toContain('422');
  });

  it('dead-letters when payroll stays down past all attempts, and a replay after recovery delivers exactly once', async () => {
    await l.payroll.vale.stop();
    const e = joiner('vale');
    await l.post(e);
    const trace = await l.waitForTrace(e, 'dead-lettered');
    expect(trace.targets[0]).toMatchObject({ state: 'dead-lettered', attempts: 3 });
    const letter = (await l.api('GET', `/v1/dead-letters?subject=${e.subject}`)).body.items[0];
    expect(letter).toMatchObject({ reason: 'target-unreachable', attempts: 3, target: 'payroll-vale' });

    await l.payroll.vale.start();
    const replay = await l.api('POST', `/v1/dead-letters/${letter.id}/replay`);
    expect(replay).toEqual({ status: 202, body: expect.objectContaining({ replayed: true }) });
    await waitFor('replayed delivery', () => l.payroll.vale.employees.has(e.subject));
    await l.waitForTrace(e, 'delivered');
    // Leaves the list once payroll acknowledged (still shown by id, as history); delivered exactly once, and only to vale's payroll.
    await waitFor('dead letter to leave the list', async () => (await l.api('GET', `/v1/dead-letters?subject=${e.subject}`)).body.total === 0);
    expect((await l.api('GET', `/v1/dead-letters/${letter.id}`)).body).toMatchObject({ state: 'delivered', replays: 1 });
    expect(callsFor('vale', e.subject).filter((c) => c.status === 201)).toHaveLength(1);
    expect(l.payroll.vale.repeats).toBe(0);
    expect(callsFor('fen', e.subject)).toHaveLength(0);
    expect(callsFor('moor', e.subject)).toHaveLength(0);
    // Replaying again finds nothing to replay.
    expect((await l.api('POST', `/v1/dead-letters/${letter.id}/replay`)).status).toBe(409);
  });

  it('scopes dead letters by tenant and role, and masks personal fields unless the caller may see them', async () => {
    l.payroll.moor.setFaults({ rejectNext: 1, rejectStatus: 400 });
    const e = joiner('moor');
    await l.post(e);
    await l.waitForTrace(e, 'dead-lettered');
    const admin = (await l.api('GET', `/v1/dead-letters?subject=${e.subject}`, TOKENS.opsAdmin)).body.items[0];
    expect(admin.event.data.name.surname).toBe((e.data as any).name.surname);

    const viewer = await l.api('GET', `/v1/dead-letters?subject=${e.subject}`, TOKENS.opsViewer);
    expect(viewer.body.items[0].event.data.name).toEqual({ forename: '***', surname: '***' });
    expect(viewer.body.items[0].event.data.niNumber).toBe('***');
    expect(viewer.body.items[0].event.data.employeeId).toBe(e.subject);
    expect((await l.api('POST', `/v1/dead-letters/${admin.id}/replay`, TOKENS.opsViewer)).status).toBe(403);

    // fen's operator neither sees nor replays moor's dead letters.
    expect((await l.api('GET', `/v1/dead-letters?subject=${e.subject}`, TOKENS.fenOperator)).body.items).toEqual([]);
    expect((await l.api('GET', `/v1/dead-letters/${admin.id}`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('POST', `/v1/dead-letters/${admin.id}/replay`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('GET', `/v1/dead-letters`, TOKENS.hr)).status).toBe(403);
    expect((await l.api('GET', `/v1/dead-letters`, null)).status).toBe(401);

    // Discarding needs a reason, takes it off the open list and keeps it as history.
    expect((await l.api('DELETE', `/v1/dead-letters/${admin.id}`, TOKENS.opsAdmin)).status).toBe(400);
    expect((await l.api('DELETE', `/v1/dead-letters/${admin.id}?reason=${encodeURIComponent('duplicate of a manual entry')}`, TOKENS.opsAdmin)).status).toBe(204);
    expect((await l.api('GET', `/v1/dead-letters?subject=${e.subject}`)).body.total).toBe(0);
    expect((await l.api('GET', `/v1/dead-letters/${admin.id}`)).body).toMatchObject({ state: 'discarded', discardReason: 'duplicate of a manual entry' });
  });
});
