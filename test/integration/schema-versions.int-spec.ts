// Two versions of one canonical type, served and validated side by side: v1 and v2 of
// hr.employee.joined are both listed, each is validated against its own schema, and both reach payroll.
import { joiner } from '@hub/testing';
import { TestLandscape } from '@test/support';

describe('hr.employee.joined v1 and v2 side by side', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start();
  });
  afterAll(async () => {
    await l?.close();
  });

  function v2(force: 'fen' | 'moor' | 'vale') {
    const e = joiner(force);
    const { name, ...rest } = e.data as { name: { forename: string; surname: string } };
    return { ...e, type: 'hr.employee.joined.v2', data: { ...rest, legalName: { forename: 'Samuel', surname: name.surname }, preferredName: { forename: 'Sam' } } };
  }

  it('lists both versions and serves each schema', async () => {
    const list = await l.api('GET', '/v1/schemas', null);
    const joined = list.body.types.find((t: { name: string }) => t.name === 'hr.employee.joined');
    expect(joined.versions).toEqual([
      { version: 1, type: 'hr.employee.joined.v1' },
      { version: 2, type: 'hr.employee.joined.v2' },
    ]);
    expect((await l.api('GET', '/v1/schemas/hr.employee.joined.v1', null)).body.required).toContain('name');
    expect((await l.api('GET', '/v1/schemas/hr.employee.joined.v2', null)).body.required).toContain('legalName');
  });

  it('validates each event against its own version', async () => {
    const v1Shaped = { ...joiner('fen'), type: 'hr.employee.joined.v2' };
    const res = await l.post(v1Shaped);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { eventId: v1Shaped.id, path: '/data/legalName', message: 'is required' },
        { eventId: v1Shaped.id, path: '/data/name', message: 'is not allowed here' },
      ]),
    );
    const v2Shaped = v2('fen');
    const asV1 = await l.post({ ...v2Shaped, type: 'hr.employee.joined.v1' });
    expect(asV1.status).toBe(422);
    expect(asV1.body.errors).toEqual(expect.arrayContaining([{ eventId: v2Shaped.id, path: '/data/name', message: 'is required' }]));
  });

  it('delivers v1 and v2 joiners to payroll, each mapped from its own shape', async () => {
    const one = joiner('vale');
    const two = v2('vale');
    const res = await l.post([one, two], { 'content-type': 'application/cloudevents-batch+json' });
    expect(res.status).toBe(202);
    await l.waitForTrace(one, 'delivered');
    await l.waitForTrace(two, 'delivered');
    expect(l.payroll.vale.employees.get(one.subject)).toMatchObject({ forenames: 'Sam', knownAs: null });
    expect(l.payroll.vale.employees.get(two.subject)).toMatchObject({ forenames: 'Samuel', knownAs: 'Sam' });
  });
});
