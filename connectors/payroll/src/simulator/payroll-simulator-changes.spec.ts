import { sampleAssignment as assignment, sampleLeaver as leaver, samplePayChange as payChange } from '../testing/samples';
import { PayrollSimulator } from './payroll-simulator';

describe('PayrollSimulator: changes to an employee', () => {
  let sim: PayrollSimulator;
  let keys = 0;
  beforeEach(async () => {
    sim = await new PayrollSimulator('fen').start();
    const joined = await post('/api/v2/employees', { employeeRef: 'FEN-10234', forceCode: 'FEN', forenames: 'Amira', surname: 'Okafor', knownAs: null, dateOfBirth: '1994-03-17', nino: null, startDate: '2026-12-01', payGrade: 'PC-1', costCentre: 'FEN4410', hoursFte: 1, annualSalary: '29961.00', currency: 'GBP', payFrequency: 'M' });
    expect(joined.status).toBe(201);
  });
  afterEach(() => sim.stop());

  async function post(path: string, body: unknown, key = `key-${++keys}`) {
    const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const to = (kind: string, ref = 'FEN-10234') => `/api/v2/employees/${ref}/${kind}`;

  it('stores an assignment once per idempotency key and answers its reference', async () => {
    const first = await post(to('assignments'), assignment(), 'move-1');
    const again = await post(to('assignments'), assignment(), 'move-1');

    expect(first).toEqual({ status: 201, body: { reference: expect.stringMatching(/^ASG-FEN-\d{6}$/) } });
    expect(again).toEqual(first);
    expect(sim.repeats).toBe(1);
    expect(sim.assignments.get('FEN-10234')).toEqual([{ ...assignment(), reference: first.body.reference }]);
  });

  it.each([
    ['assignments', assignment({ employeeRef: 'FEN-99999' })],
    ['leavers', leaver({ employeeRef: 'FEN-99999' })],
    ['pay-changes', payChange({ employeeRef: 'FEN-99999' })],
  ])('answers 404 to %s of an employee it does not know, and keeps nothing', async (kind, record) => {
    const answer = await post(to(kind, 'FEN-99999'), record);
    expect(answer).toEqual({ status: 404, body: { error: 'employee FEN-99999 is not on this payroll' } });
    expect([sim.assignments.size, sim.leavers.size, sim.payChanges.size]).toEqual([0, 0, 0]);
  });

  it('names the missing fields, an end date included for a temporary assignment', async () => {
    const { costCentre: _, ...noCostCentre } = assignment();
    expect(await post(to('assignments'), noCostCentre)).toEqual({ status: 422, body: { error: 'invalid assignments record', missing: ['costCentre'] } });
    expect((await post(to('assignments'), assignment({ reasonCode: 'SEC', endDate: null }))).body.missing).toEqual(['endDate']);
    const { amount: __, ...noAmount } = payChange();
    expect((await post(to('pay-changes'), noAmount)).body.missing).toEqual(['amount']);
    expect(sim.assignments.size + sim.payChanges.size).toBe(0);
  });

  it('refuses codes, dates and amounts not in its format with 422 naming them', async () => {
    expect((await post(to('leavers'), leaver({ reasonCode: 'QUIT' as never, lastWorkingDay: '31/03/2027' }))).body).toMatchObject({ invalid: ['reasonCode', 'lastWorkingDay'] });
    expect((await post(to('pay-changes'), payChange({ amount: '31164' }))).body).toMatchObject({ invalid: ['amount'] });
    expect((await post(to('assignments'), assignment({ endDate: '2027-01-01' }))).body.error).toMatch(/endDate 2027-01-01 is before effectiveDate 2027-02-01/);
  });

  it("refuses another force's record, and a record for another employee than the path, with 422", async () => {
    expect(await post(to('pay-changes'), payChange({ forceCode: 'MOOR' }))).toEqual({ status: 422, body: { error: 'this payroll serves force FEN, not MOOR' } });
    expect((await post(to('assignments'), assignment({ employeeRef: 'FEN-10235' }))).status).toBe(422);
    expect(sim.assignments.size + sim.payChanges.size).toBe(0);
  });

  it('keeps one leaver per employee: a second is a conflict, a correction replaces it', async () => {
    const first = await post(to('leavers'), leaver());
    expect((await post(to('leavers'), leaver({ reasonCode: 'RET' }))).status).toBe(409);
    const corrected = await post(to('leavers'), leaver({ reasonCode: 'RET', correctionNote: 'retired, not resigned' }));

    expect(corrected).toEqual(first);
    expect(sim.leavers.get('FEN-10234')).toMatchObject({ reasonCode: 'RET', reference: first.body.reference });
  });

  it('takes no change effective once the employee is off payroll', async () => {
    await post(to('leavers'), leaver({ offPayrollFrom: '2027-04-01' }));
    expect((await post(to('pay-changes'), payChange({ effectiveDate: '2027-03-01' }))).status).toBe(201);
    expect(await post(to('assignments'), assignment({ effectiveDate: '2027-04-01' }))).toEqual({ status: 422, body: { error: 'employee FEN-10234 is off payroll from 2027-04-01' } });
  });

  it('keeps one pay change per changeRef: a second is a conflict, a correction replaces it', async () => {
    const first = await post(to('pay-changes'), payChange());
    expect((await post(to('pay-changes'), payChange({ amount: '31200.00' }))).status).toBe(409);
    expect((await post(to('pay-changes'), payChange({ amount: '31200.00', correctionNote: 'award rate was wrong' }))).status).toBe(201);

    expect(sim.payChanges.size).toBe(1);
    expect(sim.payChanges.get('FEN-PCR-2026-00318')).toMatchObject({ amount: '31200.00', reference: first.body.reference });
  });

  it('shows every change in its state, and forgets them on reset', async () => {
    await post(to('assignments'), assignment());
    await post(to('pay-changes'), payChange());
    await post(to('leavers'), leaver());
    expect(sim.snapshot()).toMatchObject({ assignments: [expect.objectContaining({ reasonCode: 'PRM' })], leavers: [expect.objectContaining({ reasonCode: 'RES' })], payChanges: [expect.objectContaining({ changeType: 'INC' })] });

    sim.reset();
    expect(sim.snapshot()).toEqual({ employees: [], assignments: [], leavers: [], payChanges: [], repeats: 0 });
  });
});
