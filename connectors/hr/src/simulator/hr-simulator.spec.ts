import { sampleIncidentRecord as incident, sampleTrainingRecord as training } from '../testing/samples';
import { HrSimulator } from './hr-simulator';

describe('HrSimulator', () => {
  let sim: HrSimulator;
  beforeEach(async () => {
    sim = await new HrSimulator('fen').start();
  });
  afterEach(() => sim.stop());

  async function post(path: string, body: unknown, o: { key?: string | null; token?: string | null } = {}) {
    const key = o.key === undefined ? 'key-1' : o.key;
    const token = o.token === undefined ? 'hr-api-token' : o.token;
    const res = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const trainingPath = (worker = 'FEN-10234') => `/api/v1/workers/${worker}/training-records`;
  const incidentPath = (worker = 'FEN-10234') => `/api/v1/workers/${worker}/incident-records`;

  it("files a training record on the worker's file once, and answers a repeated key with the first answer", async () => {
    const first = await post(trainingPath(), training());
    const again = await post(trainingPath(), training());

    expect(first).toEqual({ status: 201, body: { recordId: 'HR-FEN-TRN-000001' } });
    expect(again).toEqual(first);
    expect(sim.trainingRecords.get('FEN-10234')).toEqual([{ ...training(), recordId: 'HR-FEN-TRN-000001' }]);
    expect(sim.repeats).toBe(1);
  });

  it('files incident records per worker, and updates the record it holds under the same external reference', async () => {
    expect((await post(incidentPath('FEN-10234'), incident(), { key: 'k-a' })).status).toBe(201);
    expect((await post(incidentPath('FEN-20001'), incident({ role: 'WITNESS', injury: null }), { key: 'k-b' })).status).toBe(201);
    const update = await post(incidentPath('FEN-10234'), incident({ riddorReportable: true }), { key: 'k-c' });

    expect(update).toEqual({ status: 200, body: { recordId: 'HR-FEN-INC-000001', updated: true } });
    expect(sim.incidentRecords.get('FEN-10234')).toEqual([{ ...incident({ riddorReportable: true }), recordId: 'HR-FEN-INC-000001' }]);
    expect(sim.incidentRecords.get('FEN-20001')).toEqual([expect.objectContaining({ role: 'WITNESS' })]);
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'guessed'],
  ])('refuses a call with %s (401) and stores nothing', async (_, token) => {
    const answer = await post(trainingPath(), training(), { token });
    expect(answer.status).toBe(401);
    expect(sim.trainingRecords.size).toBe(0);
  });

  it('takes its token from the constructor', async () => {
    const other = await new HrSimulator('fen', 0, '127.0.0.1', 'fen-secret').start();
    try {
      const res = await fetch(`${other.url}${trainingPath()}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k', authorization: 'Bearer fen-secret' }, body: JSON.stringify(training()) });
      expect(res.status).toBe(201);
    } finally {
      await other.stop();
    }
  });

  it('refuses a call without an idempotency key (400)', async () => {
    expect((await post(trainingPath(), training(), { key: null })).status).toBe(400);
    expect(sim.trainingRecords.size).toBe(0);
  });

  it('refuses a key reused for another request (422) instead of answering it with the first answer', async () => {
    await post(incidentPath('FEN-10234'), incident(), { key: 'same' });
    const reused = await post(incidentPath('FEN-20001'), incident(), { key: 'same' });
    expect(reused).toEqual({ status: 422, body: { error: expect.stringContaining('used for another request') } });
    expect(sim.incidentRecords.has('FEN-20001')).toBe(false);
  });

  it('names the missing fields and unknown codes of a record (422)', async () => {
    const { courseTitle: _, ...incomplete } = training();
    expect(await post(trainingPath(), { ...incomplete, outcome: 'PASS' })).toEqual({ status: 422, body: expect.objectContaining({ missing: ['courseTitle'], invalid: ['outcome'] }) });
    expect(await post(trainingPath(), training({ expiryDate: null }), { key: 'k-2' })).toEqual({ status: 422, body: expect.objectContaining({ missing: ['expiryDate'] }) });
    expect(await post(incidentPath(), incident({ role: 'BYSTANDER' as never }), { key: 'k-3' })).toEqual({ status: 422, body: expect.objectContaining({ invalid: ['role'] }) });
    expect(sim.trainingRecords.size + sim.incidentRecords.size).toBe(0);
  });

  it("refuses another force's record and another force's worker (422)", async () => {
    expect(await post(trainingPath(), training({ organisation: 'MOOR' }), { key: 'k-1' })).toEqual({ status: 422, body: { error: expect.stringContaining('not MOOR') } });
    expect(await post(trainingPath('MOOR-20417'), training(), { key: 'k-2' })).toEqual({ status: 422, body: { error: 'MOOR-20417 is not a worker of FEN' } });
    expect(sim.trainingRecords.size).toBe(0);
  });

  it('answers 404 for an endpoint it does not have', async () => {
    expect((await post('/api/v1/workers/FEN-10234/payslips', {})).status).toBe(404);
  });

  it('fails the next calls it is told to, then recovers', async () => {
    sim.setFaults({ failNext: 1 });
    expect((await post(trainingPath(), training())).status).toBe(503);
    expect((await post(trainingPath(), training())).status).toBe(201);
    expect(sim.calls.map((c) => c.status)).toEqual([503, 201]);
  });

  it('refuses connections while stopped and serves again on the same port after start', async () => {
    const url = sim.url;
    await sim.stop();
    await expect(fetch(`${url}${trainingPath()}`, { method: 'POST' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await sim.start();
    expect(sim.url).toBe(url);
    expect((await post(trainingPath(), training())).status).toBe(201);
  });

  it('shows what it holds in snapshot() and over the control API', async () => {
    await post(trainingPath(), training());
    await post(incidentPath(), incident(), { key: 'key-2' });
    const expected = {
      trainingRecords: { 'FEN-10234': [expect.objectContaining({ courseCode: 'OST-REFRESH', recordId: 'HR-FEN-TRN-000001' })] },
      incidentRecords: { 'FEN-10234': [expect.objectContaining({ incidentType: 'SLIP_TRIP_FALL', recordId: 'HR-FEN-INC-000002' })] },
      repeats: 0,
    };
    expect(sim.snapshot()).toEqual(expected);
    const state = await fetch(`${sim.url}/_sim/state`);
    expect(await state.json()).toEqual(expected);

    await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
    expect(sim.snapshot()).toEqual({ trainingRecords: {}, incidentRecords: {}, repeats: 0 });
  });
});
