// A joiner posted in each CloudEvents HTTP mode reaches its own force's payroll, once, in payroll's format.
import { joiner } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

describe('ingest → Kafka → router → BullMQ → payroll', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start();
  });
  afterAll(async () => {
    await l?.close();
  });

  it('delivers a structured-mode joiner to its force payroll only, in payroll format', async () => {
    const e = joiner('fen');
    const res = await l.post(e);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: [{ id: e.id, type: 'hr.employee.joined.v1', duplicate: false, landscapeVersion: 1 }] });

    const trace = await l.waitForTrace(e, 'delivered');
    expect(trace.targets.map((t: { target: string }) => t.target)).toEqual(['payroll-fen']);
    const d = e.data as any;
    expect(l.payroll.fen.employees.get(d.employeeId)).toMatchObject({
      employeeRef: d.employeeId,
      forceCode: 'FEN',
      forenames: 'Sam',
      surname: d.name.surname,
      startDate: '2027-01-04',
      costCentre: 'FEN100',
      annualSalary: '31500.00',
      currency: 'GBP',
    });
    expect(l.payroll.moor.calls).toHaveLength(0);
    expect(l.payroll.vale.calls).toHaveLength(0);
  });

  it('delivers a binary-mode joiner (ce-* headers, body = data)', async () => {
    const e = joiner('moor');
    const res = await l.post(e.data, {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': e.id,
      'ce-source': e.source,
      'ce-type': e.type,
      'ce-subject': e.subject,
      'ce-tenant': e.tenant,
    });
    expect(res.status).toBe(202);
    await l.waitForTrace(e, 'delivered');
    expect(l.payroll.moor.employees.has(e.subject)).toBe(true);
    expect(l.received().fen).not.toContain(e.subject);
    expect(l.received().vale).not.toContain(e.subject);
  });

  it('delivers a batch across forces, each event to its own force', async () => {
    const batch = [joiner('fen'), joiner('vale'), joiner('vale')];
    const res = await l.post(batch, { 'content-type': 'application/cloudevents-batch+json' });
    expect(res.status).toBe(202);
    expect(res.body.accepted.map((a: { id: string }) => a.id)).toEqual(batch.map((e) => e.id));
    for (const e of batch) await l.waitForTrace(e, 'delivered');
    expect(l.payroll.fen.employees.has(batch[0].subject)).toBe(true);
    expect(l.payroll.vale.employees.has(batch[1].subject) && l.payroll.vale.employees.has(batch[2].subject)).toBe(true);
    expect(l.received().moor.filter((s) => batch.some((e) => e.subject === s))).toEqual([]);
  });

  it('answers a re-post with duplicate: true and delivers once', async () => {
    const e = joiner('vale');
    expect((await l.post(e)).body.accepted[0].duplicate).toBe(false);
    const again = await l.post(e, {}, TOKENS.hr);
    expect(again.status).toBe(202);
    expect(again.body.accepted[0].duplicate).toBe(true);
    await l.waitForTrace(e, 'delivered');
    const calls = l.payroll.vale.calls.filter((c) => (c.request.body as { employeeRef?: string }).employeeRef === e.subject);
    expect(calls).toHaveLength(1);
    expect((await l.trace(e)).body.targets).toEqual([expect.objectContaining({ target: 'payroll-vale', state: 'delivered', attempts: 1 })]);
  });

  it('traces one event from the ledger: accepted, queued and delivered per target, with times, and never its data', async () => {
    const e = joiner('fen');
    await l.post(e);
    const trace = await l.waitForTrace(e, 'delivered');
    expect(trace.event).toMatchObject({ id: e.id, source: e.source, tenant: 'fen', type: e.type, subject: e.subject });
    expect(trace.targets).toEqual([expect.objectContaining({ target: 'payroll-fen', state: 'delivered', attempts: 1, queuedAt: expect.any(String), deliveredAt: expect.any(String), reference: expect.stringMatching(/^PAY-FEN-/) })]);
    const [accepted, queued, delivered] = [trace.acceptedAt, trace.targets[0].queuedAt, trace.targets[0].deliveredAt].map(Date.parse);
    expect(accepted).toBeLessThanOrEqual(queued);
    expect(queued).toBeLessThanOrEqual(delivered);
    expect(JSON.stringify(trace)).not.toContain((e.data as { niNumber: string }).niNumber);
    // Found by id alone too, when only one source used it; a source system may trace its own events.
    expect((await l.api('GET', `/v1/events/${e.id}`, TOKENS.hr)).body.status).toBe('delivered');
  });
});
