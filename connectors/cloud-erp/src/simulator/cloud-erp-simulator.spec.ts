import { CloudErpSimulator } from './cloud-erp-simulator';
import { sampleHire as hire } from '../testing/samples';
import { DEFAULT_GRADE_CATALOGUE } from './grade-catalogue';

describe('CloudErpSimulator', () => {
  let sim: CloudErpSimulator;
  let keys = 0;
  beforeEach(async () => {
    sim = await new CloudErpSimulator('fen').start();
  });
  afterEach(() => sim.stop());

  async function post(body: unknown, o: { key?: string | null; token?: string | null; path?: string } = {}) {
    const key = o.key === undefined ? `key-${++keys}` : o.key;
    const token = o.token === undefined ? 'cloud-erp-token' : o.token;
    const res = await fetch(`${sim.url}${o.path ?? '/api/v1/workers'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any>, headers: res.headers };
  }

  it('hires a worker and answers 201 with its id', async () => {
    const answer = await post(hire());
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: 'wrk_fen_000001' });
    expect(sim.workers.get('FEN-10234')).toEqual({ ...hire(), id: 'wrk_fen_000001' });
  });

  it('requires the bearer token it was started with (401), and takes nothing without it', async () => {
    expect((await post(hire(), { token: null })).status).toBe(401);
    const wrong = await post(hire(), { token: 'another-forces-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect(sim.workers.size).toBe(0);

    const own = await new CloudErpSimulator('moor', 0, '127.0.0.1', { token: 'moor-token' }).start();
    try {
      const res = await fetch(`${own.url}/api/v1/workers`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k', authorization: 'Bearer moor-token' }, body: JSON.stringify(hire({ workerNumber: 'MOOR-1' })) });
      expect(res.status).toBe(201);
    } finally {
      await own.stop();
    }
  });

  it('requires an Idempotency-Key, answers a repeat with the first answer, and a key reused for another body with 409', async () => {
    expect(await post(hire(), { key: null })).toMatchObject({ status: 400, body: { errors: [{ field: 'Idempotency-Key', code: 'required' }] } });
    const first = await post(hire(), { key: 'hire-1' });
    const again = await post(hire(), { key: 'hire-1' });
    const other = await post(hire({ hireDate: '2027-01-04' }), { key: 'hire-1' });

    expect(again.body).toEqual(first.body);
    expect(again.status).toBe(201);
    expect(sim.repeats).toBe(1);
    expect(other).toMatchObject({ status: 409, body: { status: 409, errors: [{ field: 'Idempotency-Key', code: 'conflict' }] } });
    expect(sim.workers.get('FEN-10234')!.hireDate).toBe('2026-12-01');
  });

  it('lists every field at fault in a 422 problem: missing, malformed, and what the tenant does not take', async () => {
    const { birthDate: _, ...noBirthDate } = hire();
    const answer = await post({
      ...noBirthDate,
      category: 'VOLUNTEER',
      hireDate: '2026-13-01',
      position: { ...hire().position, gradeCode: 'XX-9' },
      compensation: { annualBase: { amountMinor: 2996100.5, currency: 'EUR' }, fte: 0.333 },
    });
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'https://cloud-erp.example/problems/validation', status: 422 });
    expect(answer.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      'birthDate required',
      'category invalid',
      'hireDate invalid',
      'compensation.annualBase.amountMinor invalid',
      'compensation.fte invalid',
      'position.gradeCode unknown',
      'compensation.annualBase.currency unsupported',
    ]);
    expect(sim.workers.size).toBe(0);
  });

  it('refuses a grade its catalogue does not hold, naming position.gradeCode, and takes it once the grade is added', async () => {
    expect(sim.grades).toEqual(new Set(DEFAULT_GRADE_CATALOGUE));
    const refused = await post(hire({ position: { ...hire().position, gradeCode: 'SC' } }), { key: 'sc-1' });
    expect(refused).toMatchObject({ status: 422, body: { errors: [{ field: 'position.gradeCode', code: 'unknown', detail: 'grade SC is not in the grade catalogue' }] } });

    sim.grades.add('SC');
    // A refusal is not remembered against its key: the replay of the same delivery goes through.
    expect((await post(hire({ position: { ...hire().position, gradeCode: 'SC' } }), { key: 'sc-1' })).status).toBe(201);
  });

  it('takes the grade catalogue and currency it is configured with', async () => {
    const own = await new CloudErpSimulator('fen', 0, '127.0.0.1', { grades: ['SPECIAL'], currency: 'EUR' }).start();
    try {
      const send = (body: unknown) => fetch(`${own.url}/api/v1/workers`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k-${++keys}`, authorization: 'Bearer cloud-erp-token' }, body: JSON.stringify(body) });
      expect((await send(hire())).status).toBe(422);
      expect((await send(hire({ position: { ...hire().position, gradeCode: 'SPECIAL' }, compensation: { annualBase: { amountMinor: 1, currency: 'EUR' }, fte: 1 } }))).status).toBe(201);
      expect(own.snapshot()).toMatchObject({ gradeCatalogue: ['SPECIAL'], currency: 'EUR' });
    } finally {
      await own.stop();
    }
  });

  it('refuses a second hire of a worker number (409), and lets a correction restate it (200, same id)', async () => {
    const first = await post(hire());
    expect(await post(hire({ hireDate: '2027-01-04' }))).toMatchObject({ status: 409, body: { errors: [{ field: 'workerNumber', code: 'duplicate' }] } });
    const corrected = await post(hire({ hireDate: '2027-01-04', correction: { reason: 'start date moved' } }));
    expect(corrected).toMatchObject({ status: 200, body: first.body });
    expect(sim.workers.get('FEN-10234')).toMatchObject({ hireDate: '2027-01-04', id: first.body.id });
  });

  it('answers 404 for a path it does not serve, and 400 for a body that is not an object', async () => {
    expect((await post(hire(), { path: '/api/v2/employees' })).status).toBe(404);
    expect((await post([hire()])).status).toBe(400);
  });

  it('fails the next calls it is told to, with Retry-After, then recovers', async () => {
    sim.setFaults({ failNext: 1, failStatus: 429, retryAfter: '7' });
    const limited = await post(hire());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await post(hire())).status).toBe(201);
    expect(sim.calls.map((c) => c.status)).toEqual([429, 201]);
  });

  it('refuses connections while stopped and serves again on the same port after start', async () => {
    const url = sim.url;
    await sim.stop();
    await expect(fetch(`${url}/api/v1/workers`, { method: 'POST' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await sim.start();
    expect(sim.url).toBe(url);
    expect((await post(hire())).status).toBe(201);
  });

  it('shows what it holds over /_sim/state, and forgets it on reset', async () => {
    await post(hire());
    const state = await (await fetch(`${sim.url}/_sim/state`)).json();
    expect(state).toEqual({
      workers: [{ ...hire(), id: 'wrk_fen_000001' }],
      jobChanges: [],
      terminations: [],
      compensationChanges: [],
      gradeCatalogue: [...DEFAULT_GRADE_CATALOGUE].sort(),
      currency: 'GBP',
      repeats: 0,
    });
    expect((await fetch(`${sim.url}/_sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.snapshot()).toMatchObject({ workers: [], repeats: 0 });
  });
});
