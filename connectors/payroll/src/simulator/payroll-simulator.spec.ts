import { sampleEmployee as record } from '../testing/samples';
import { PayrollSimulator } from './payroll-simulator';

describe('PayrollSimulator', () => {
  let sim: PayrollSimulator;
  beforeEach(async () => {
    sim = await new PayrollSimulator('fen').start();
  });
  afterEach(() => sim.stop());

  async function post(body: unknown, key: string | null = 'key-1') {
    const res = await fetch(`${sim.url}/api/v2/employees`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('stores a valid record once and answers a repeated idempotency key with the first answer', async () => {
    const first = await post(record());
    const again = await post(record());

    expect(first.status).toBe(201);
    expect(first.body.payrollId).toEqual(expect.any(String));
    expect(again).toEqual(first);
    expect(sim.employees.size).toBe(1);
    expect(sim.repeats).toBe(1);
  });

  it('refuses a call without an idempotency key', async () => {
    expect((await post(record(), null)).status).toBe(400);
    expect(sim.employees.size).toBe(0);
  });

  it("refuses another force's record with 422", async () => {
    const answer = await post(record({ forceCode: 'MOOR' }));
    expect(answer.status).toBe(422);
    expect(sim.employees.size).toBe(0);
  });

  it('names the missing fields of an incomplete record', async () => {
    const { surname: _, ...incomplete } = record();
    const answer = await post(incomplete);
    expect(answer).toEqual({ status: 422, body: expect.objectContaining({ missing: ['surname'] }) });
  });

  it('fails the next calls it is told to, then recovers', async () => {
    sim.setFaults({ failNext: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(record())).status);

    expect(statuses).toEqual([503, 503, 201]);
    expect(sim.calls.map((c) => c.status)).toEqual([503, 503, 201]);
    expect(sim.employees.size).toBe(1);
  });

  it('refuses connections while stopped and serves again on the same port after start', async () => {
    const url = sim.url;
    await sim.stop();
    await expect(fetch(`${url}/api/v2/employees`, { method: 'POST' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });

    await sim.start();
    expect(sim.url).toBe(url);
    expect((await post(record())).status).toBe(201);
  });

  it('takes faults and shows its state over the control API', async () => {
    const faults = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failNext: 1, failStatus: 500 }) });
    expect(faults.status).toBe(200);
    expect((await post(record())).status).toBe(500);
    expect((await post(record())).status).toBe(201);

    const state = await fetch(`${sim.url}/_sim/state`);
    expect(state.status).toBe(200);
    expect(await state.json()).toEqual({ employees: [expect.objectContaining({ employeeRef: 'FEN-10234', forceCode: 'FEN' })], assignments: [], leavers: [], payChanges: [], repeats: 0 });
  });
});
