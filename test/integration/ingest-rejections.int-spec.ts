// Every kind of bad input gets the contract's status and a problem that says what is wrong, and
// none of it reaches Kafka.
import { joiner, waitFor } from '@hub/testing';
import { SOURCE_URIS, TestLandscape, TOKENS } from '@test/support';

describe('ingest rejections', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    // Only the API runs: whatever reached Kafka would stay visible in the topic offsets.
    l = await TestLandscape.start({ roles: ['api'], env: { MAX_BODY_BYTES: String(16 * 1024) } });
  });
  afterAll(async () => {
    await l?.close();
  });

  const messagesInKafka = () => l.messagesInKafka();

  const problem = (res: { headers: Headers }) => res.headers.get('content-type');

  it('rejects each bad request with its status and a precise problem, publishing nothing', async () => {
    const before = await messagesInKafka();
    const valid = joiner('fen');

    const badJson = await l.post('{"specversion": "1.0", "id": ');
    expect(badJson.status).toBe(400);
    expect(problem(badJson)).toMatch(/^application\/problem\+json/);
    expect(badJson.body.title).toBe('Body is not JSON');

    const noTenant = await l.post({ ...valid, tenant: undefined });
    expect(noTenant.status).toBe(400);
    expect(noTenant.body.errors).toEqual([{ eventId: valid.id, path: '/tenant', message: 'is required' }]);

    const invalidData = joiner('fen');
    (invalidData.data as any).effectiveFrom = '04/01/2027';
    delete (invalidData.data as any).employment.costCentre;
    const schema = await l.post(invalidData);
    expect(schema.status).toBe(422);
    expect(schema.body.errors).toEqual(
      expect.arrayContaining([
        { eventId: invalidData.id, path: '/data/effectiveFrom', message: 'must be a valid date' },
        { eventId: invalidData.id, path: '/data/employment/costCentre', message: 'is required' },
      ]),
    );

    const unknownType = await l.post({ ...joiner('fen'), type: 'hr.employee.teleported.v1' });
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.errors[0]).toMatchObject({ path: '/type', message: expect.stringContaining('unknown event type') });

    expect((await l.post(valid, {}, null)).status).toBe(401);
    expect((await l.post(valid, {}, 'not-a-token')).status).toBe(401);
    expect((await l.post(valid, {}, TOKENS.opsAdmin)).status).toBe(403);

    const otherForce = await l.post(joiner('moor', { source: SOURCE_URIS.fenJoinersOnly }), {}, TOKENS.fenJoinersOnly);
    expect(otherForce.status).toBe(403);
    expect(otherForce.body.errors[0]).toMatchObject({ path: '/tenant' });

    const otherType = await l.post(
      { ...joiner('fen', { source: SOURCE_URIS.fenJoinersOnly }), type: 'hr.employee.left.v1', data: { employeeId: 'FEN-000001', reason: 'retirement', lastWorkingDay: '2026-12-31', effectiveFrom: '2027-01-01' } },
      {},
      TOKENS.fenJoinersOnly,
    );
    expect(otherType.status).toBe(403);
    expect(otherType.body.errors[0]).toMatchObject({ path: '/type' });

    const huge = joiner('fen');
    (huge.data as any).name.surname = 'x'.repeat(20 * 1024);
    const tooLarge = await l.post(huge);
    expect(tooLarge.status).toBe(413);
    expect(problem(tooLarge)).toMatch(/^application\/problem\+json/);

    expect((await l.post(valid, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await l.post(valid, { 'content-type': 'application/json' })).status).toBe(400);

    // A batch is accepted whole or rejected whole: one bad event keeps the good one out too.
    const bad = joiner('vale');
    (bad.data as any).dateOfBirth = 'yesterday';
    const batch = await l.post([joiner('vale'), bad], { 'content-type': 'application/cloudevents-batch+json' });
    expect(batch.status).toBe(422);
    expect(batch.body.errors).toEqual([{ eventId: bad.id, index: 1, path: '/data/dateOfBirth', message: 'must be a valid date' }]);

    expect(await messagesInKafka()).toBe(before);
  });

  it('publishes a valid event, so the witness above can see one', async () => {
    const before = await messagesInKafka();
    expect((await l.post(joiner('fen'))).status).toBe(202);
    expect(await messagesInKafka()).toBe(before + 1);
  });
});
