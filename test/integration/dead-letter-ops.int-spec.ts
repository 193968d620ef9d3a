// Dead-letter operations on the whole demo landscape, against real Kafka, Redis and PostgreSQL:
// an overnight payroll outage replayed in bulk to that target only, roles, tenant scopes, masking
// of personal fields, and the audit trail of every action.
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const subjectOf = (c: { request: { body: unknown } }) => (c.request.body as { employeeRef?: string }).employeeRef;
/** A Fenland joiner the demo ERP's grade catalogue takes (the test joiner's SO2 is not in it): Fenland's HR runs in parallel with it. */
const fenJoiner = (n: number) => {
  const e = joiner('fen', {}, n);
  (e.data as { employment: { grade: string } }).employment.grade = 'SO1';
  return e;
};

describe('dead-letter operations', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    // The outage below must end in dead letters to be replayed, so the breakers here never open:
    // with them at their defaults an outage is held instead (breaker.int-spec.ts).
    l = await TestLandscape.start({ systems: true, retry: { attempts: 2, backoffMs: 50, maxBackoffMs: 100 }, breaker: { failures: 1000 } });
  });
  afterAll(async () => {
    await l?.close();
  });

  const openFor = async (query: string, token = TOKENS.opsAdmin) => (await l.api('GET', `/v1/dead-letters?${query}`, token)).body;

  it("replays a target's outage in throttled batches: every dead letter reaches that target exactly once, and no other target again", async () => {
    await l.payroll.fen.stop();
    const outage = Array.from({ length: 5 }, (_, i) => fenJoiner(700_000 + i));
    for (const e of outage) expect((await l.post(e, {}, TOKENS.allSystems)).status).toBe(202);
    for (const e of outage) await l.waitForTrace(e, 'dead-lettered');
    // The same joiners reached duty management (slow: files), finance and the ERP (the parallel run's shadow): only payroll failed.
    const states = async (e: (typeof outage)[number]) => Object.fromEntries((await l.trace(e)).body.targets.map((x: { target: string; state: string }) => [x.target, x.state]));
    const settled = { 'cloud-erp-fen': 'delivered', 'dms-fen': 'delivered', 'finance-fen': 'delivered', 'payroll-fen': 'dead-lettered' };
    for (const e of outage) await waitFor(`${e.subject} to settle`, async () => JSON.stringify(await states(e)) === JSON.stringify(settled) || undefined, 30_000);
    const financeCalls = l.systems!.ledger.fen.calls.length;

    // One line per problem: the outage is one fingerprint.
    const groups = (await l.api('GET', '/v1/dead-letters/groups?tenant=fen')).body.items;
    expect(groups).toEqual([expect.objectContaining({ fingerprint: 'target-unreachable|payroll-fen', reason: 'target-unreachable', target: 'payroll-fen', tenant: 'fen', count: 5 })]);

    await l.payroll.fen.start();
    const dry = await l.api('POST', '/v1/dead-letters/replay', TOKENS.fenOperator, { fingerprint: groups[0].fingerprint, dryRun: true });
    expect(dry.status).toBe(202);
    expect(dry.body).toMatchObject({ dryRun: true, matched: 5, considered: 5, replayed: 0, byTarget: { 'payroll-fen': 5 } });
    expect(dry.body.sample.map((d: { subject: string }) => d.subject).sort()).toEqual(outage.map((e) => e.subject).sort());
    // A dry run changes nothing.
    expect((await openFor('target=payroll-fen&state=dead-lettered')).total).toBe(5);
    expect(l.payroll.fen.calls.filter((c) => outage.some((e) => e.subject === subjectOf(c)))).toEqual([]);

    const replay = await l.api('POST', '/v1/dead-letters/replay', TOKENS.fenOperator, { fingerprint: groups[0].fingerprint, batchSize: 2, pauseMs: 20 });
    expect(replay.body).toMatchObject({ dryRun: false, matched: 5, replayed: 5, skipped: 0, failed: [], batches: 3 });
    for (const e of outage) await l.waitForTrace(e, 'delivered');
    await waitFor('the replayed dead letters to leave the list', async () => (await openFor('tenant=fen')).total === 0);

    for (const e of outage) {
      expect(l.payroll.fen.calls.filter((c) => subjectOf(c) === e.subject && c.status === 201)).toHaveLength(1);
      const t = (await l.trace(e)).body.targets;
      expect(t.find((x: { target: string }) => x.target === 'payroll-fen')).toMatchObject({ state: 'delivered', replays: 1, attempts: 1 });
      // The other targets were not sent it again.
      expect(t.filter((x: { target: string }) => x.target !== 'payroll-fen').map((x: { replays: number; attempts: number }) => [x.replays, x.attempts])).toEqual([[0, 1], [0, 1], [0, 1]]);
    }
    expect(l.payroll.fen.repeats).toBe(0);
    expect(l.systems!.ledger.fen.calls.length).toBe(financeCalls);
    // Nothing is left to replay.
    expect((await l.api('POST', '/v1/dead-letters/replay', TOKENS.fenOperator, { fingerprint: groups[0].fingerprint })).body).toMatchObject({ matched: 0, replayed: 0 });
  });

  it("holds roles and tenants: a viewer cannot act, fen's operator neither sees nor replays moor's, and personal fields show only to a personal-data reader", async () => {
    l.payroll.moor.setFaults({ rejectNext: 1, rejectStatus: 422 });
    const e = joiner('moor');
    await l.post(e, {}, TOKENS.allSystems);
    await l.waitForTrace(e, 'dead-lettered');
    const asAdmin = (await openFor(`subject=${e.subject}`)).items[0];
    expect(asAdmin).toMatchObject({ tenant: 'moor', target: 'payroll-moor', fingerprint: 'target-rejected|payroll-moor|422' });

    // Personal fields: shown to the personal-data reader, masked for a viewer.
    expect(asAdmin.event.data.name.surname).toBe((e.data as any).name.surname);
    expect(asAdmin.event.data.niNumber).toBe('QQ123456C');
    const asViewer = (await openFor(`subject=${e.subject}`, TOKENS.opsViewer)).items[0];
    expect(asViewer.event.data).toMatchObject({ employeeId: e.subject, niNumber: '***', dateOfBirth: '***', name: { forename: '***', surname: '***' } });
    expect((await l.api('GET', `/v1/dead-letters/${asAdmin.id}`, TOKENS.opsViewer)).body.event.data.niNumber).toBe('***');

    // A viewer cannot replay or discard, one by one or in bulk.
    expect((await l.api('POST', `/v1/dead-letters/${asAdmin.id}/replay`, TOKENS.opsViewer)).status).toBe(403);
    expect((await l.api('POST', '/v1/dead-letters/replay', TOKENS.opsViewer, { tenant: 'moor' })).status).toBe(403);
    expect((await l.api('DELETE', `/v1/dead-letters/${asAdmin.id}?reason=cleanup`, TOKENS.opsViewer)).status).toBe(403);

    // fen's operator: moor's dead letter is not there, by list, id, group, replay or bulk replay.
    expect((await openFor(`subject=${e.subject}`, TOKENS.fenOperator)).total).toBe(0);
    expect((await l.api('GET', `/v1/dead-letters/${asAdmin.id}`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('GET', '/v1/dead-letters/groups', TOKENS.fenOperator)).body.items.filter((g: { tenant: string }) => g.tenant !== 'fen')).toEqual([]);
    expect((await l.api('POST', `/v1/dead-letters/${asAdmin.id}/replay`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('POST', '/v1/dead-letters/replay', TOKENS.fenOperator, { tenant: 'moor' })).body).toMatchObject({ matched: 0, replayed: 0 });
    expect((await l.api('DELETE', `/v1/dead-letters/${asAdmin.id}?reason=cleanup`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('GET', `/v1/events/${e.id}?source=${encodeURIComponent(e.source)}`, TOKENS.fenOperator)).status).toBe(404);
    expect((await openFor(`subject=${e.subject}`)).items[0]).toMatchObject({ state: 'dead-lettered', replays: 0 });

    // A bulk replay needs a filter: "everything" is never what was meant.
    expect((await l.api('POST', '/v1/dead-letters/replay', TOKENS.opsAdmin, {})).status).toBe(400);
    expect((await l.api('GET', '/v1/dead-letters?from=yesterday')).status).toBe(400);
    expect((await l.api('GET', '/v1/dead-letters?state=lost')).status).toBe(400);
    expect((await l.api('GET', '/v1/dead-letters?after=not-a-cursor')).body).toMatchObject({ status: 400, errors: [{ path: '/after' }] });
    expect((await l.api('GET', '/v1/audit?after=not-a-cursor')).status).toBe(400);

    const discard = await l.api('DELETE', `/v1/dead-letters/${asAdmin.id}`, TOKENS.opsAdmin, { reason: 'joiner withdrawn before start' });
    expect(discard.status).toBe(204);
    expect((await l.api('DELETE', `/v1/dead-letters/${asAdmin.id}`, TOKENS.opsAdmin, { reason: 'again' })).status).toBe(409);
  });

  it('writes every ops action to the audit trail, and shows each force only its own entries', async () => {
    const audit = (await l.api('GET', '/v1/audit?limit=1000')).body;
    const entries = audit.items as { actor: string; action: string; tenants: string[]; filter?: Record<string, unknown>; counts?: Record<string, number>; detail?: string }[];
    const byAction = (action: string) => entries.filter((x) => x.action === action);

    expect(byAction('dead-letter.replay-dry-run')).toEqual([
      expect.objectContaining({ actor: 'fen-operator', tenants: ['fen'], filter: { fingerprint: 'target-unreachable|payroll-fen' }, counts: { matched: 5, wouldReplay: 5 } }),
    ]);
    expect(byAction('dead-letter.replay-bulk')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'fen-operator', tenants: ['fen'], filter: { fingerprint: 'target-unreachable|payroll-fen', max: 1000 }, counts: { matched: 5, considered: 5, replayed: 5, skipped: 0, failed: 0 } }),
        // Asked for moor, acted (on nothing) within fen: the entry never names a force the caller cannot see.
        expect.objectContaining({ actor: 'fen-operator', tenants: ['fen'], filter: { tenant: 'moor', max: 1000 }, counts: expect.objectContaining({ matched: 0, replayed: 0 }) }),
      ]),
    );
    expect(byAction('dead-letter.discard')).toEqual([expect.objectContaining({ actor: 'ops-admin', tenants: ['moor'], detail: 'joiner withdrawn before start', counts: { discarded: 1, released: 0 } })]);
    // Reading unmasked personal data is an action too.
    expect(byAction('dead-letter.read-personal-data').length).toBeGreaterThan(0);
    expect(byAction('dead-letter.read-personal-data').every((x) => x.actor === 'ops-admin')).toBe(true);
    // Refused requests (403/404) did nothing, so they are not actions; the viewer appears nowhere.
    expect(entries.filter((x) => x.actor === 'ops-viewer')).toEqual([]);

    const fenView = (await l.api('GET', '/v1/audit?limit=1000', TOKENS.fenOperator)).body.items as { tenants: string[] }[];
    expect(fenView.length).toBeGreaterThan(0);
    expect(fenView.every((x) => x.tenants.every((t) => t === 'fen'))).toBe(true);
    expect((await l.api('GET', '/v1/audit?action=dead-letter.discard', TOKENS.fenOperator)).body.total).toBe(0);
  });
});
