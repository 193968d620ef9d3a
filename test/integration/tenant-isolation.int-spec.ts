// No force can touch another's events: a credential posts only as its own source URIs, duplicate
// detection is per tenant, source and id, and no answer tells a caller whether another force's event
// exists. On real Kafka, Redis and PostgreSQL, through the whole hub.
import { joiner } from '@hub/testing';
import { SOURCE_URIS, TestLandscape, TOKENS } from '@test/support';

describe('tenant isolation at ingest', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start();
  });
  afterAll(async () => {
    await l?.close();
  });

  it("refuses an event whose source is not one of the credential's own, naming /source", async () => {
    // Fenland's joiners feed posting as Moorside's HR system, for Fenland: the source is not its own.
    const spoofed = joiner('fen', { source: SOURCE_URIS.hr });
    const res = await l.post(spoofed, {}, TOKENS.fenJoinersOnly);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ eventId: spoofed.id, path: '/source', message: `this credential may not post as source "${SOURCE_URIS.hr}"` }]);
    // Its own source is fine.
    expect((await l.post(joiner('fen', { source: SOURCE_URIS.fenJoinersOnly }), {}, TOKENS.fenJoinersOnly)).status).toBe(202);
  });

  it("cannot suppress another force's event: the same source and id in two forces are two events, both delivered", async () => {
    // The sequence from the incident: an event with the source and id Moorside's HR system is about
    // to use is posted first for Fenland (by a credential that may use that source for Fenland).
    const fen = joiner('fen', { source: SOURCE_URIS.hr });
    const moor = joiner('moor', { id: fen.id, source: fen.source });
    const first = await l.post(fen, {}, TOKENS.hr);
    expect(first.status).toBe(202);
    expect(first.body.accepted).toEqual([{ id: fen.id, type: fen.type, duplicate: false, landscapeVersion: 1 }]);
    // Moorside's real event is not a duplicate, and reaches Moorside's payroll.
    const real = await l.post(moor, {}, TOKENS.hr);
    expect(real.status).toBe(202);
    expect(real.body.accepted).toEqual([{ id: moor.id, type: moor.type, duplicate: false, landscapeVersion: 1 }]);
    await l.waitForTrace(moor, 'delivered');
    await l.waitForTrace(fen, 'delivered');
    expect(l.payroll.moor.employees.has(moor.subject)).toBe(true);
    expect(l.payroll.fen.employees.has(fen.subject)).toBe(true);
    expect(l.payroll.fen.employees.has(moor.subject)).toBe(false);
    // A re-post within the same force is still a duplicate, and is not delivered again.
    expect((await l.post(moor, {}, TOKENS.hr)).body.accepted[0].duplicate).toBe(true);
  });

  it("is no oracle: posting another force's source and id answers as if it had never been seen", async () => {
    const moor = joiner('moor', { source: SOURCE_URIS.hr });
    expect((await l.post(moor, {}, TOKENS.hr)).status).toBe(202);
    // The fen-only feed cannot even ask about Moorside: tenant and source are refused first.
    const probe = await l.post({ ...moor, tenant: 'fen' }, {}, TOKENS.fenJoinersOnly);
    expect(probe.status).toBe(403);
    expect(JSON.stringify(probe.body)).not.toMatch(/duplicate/i);
    // A credential for both forces posting Moorside's source and id for Fenland gets a fresh event.
    const asFen = await l.post({ ...joiner('fen'), id: moor.id, source: moor.source }, {}, TOKENS.hr);
    expect(asFen.body.accepted[0].duplicate).toBe(false);
  });

  it("answers a trace only within the caller's tenants, and asks for ?tenant= only among them", async () => {
    const fen = joiner('fen');
    const moor = joiner('moor', { id: fen.id, source: fen.source });
    await l.post(fen, {}, TOKENS.hr);
    await l.post(moor, {}, TOKENS.hr);
    await l.waitForTrace(fen, 'delivered');
    await l.waitForTrace(moor, 'delivered');
    const path = `/v1/events/${encodeURIComponent(fen.id)}?source=${encodeURIComponent(fen.source)}`;
    // An admin who sees every force must say which one.
    const ambiguous = await l.api('GET', path);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.detail).toMatch(/\?tenant=/);
    expect((await l.api('GET', `${path}&tenant=moor`)).body.event.tenant).toBe('moor');
    // Fenland's operator sees Fenland's event only, as if Moorside's did not exist.
    const fenOnly = await l.api('GET', path, TOKENS.fenOperator);
    expect(fenOnly.status).toBe(200);
    expect(fenOnly.body.event.tenant).toBe('fen');
    expect((await l.api('GET', `${path}&tenant=moor`, TOKENS.fenOperator)).status).toBe(404);
  });
});
