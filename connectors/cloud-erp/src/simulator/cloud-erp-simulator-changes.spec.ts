import { CloudErpSimulator } from './cloud-erp-simulator';
import { sampleCompensationChange as compensationChange, sampleHire, sampleJobChange as jobChange, sampleTermination as termination } from '../testing/samples';

describe('CloudErpSimulator: changes to a worker', () => {
  let sim: CloudErpSimulator;
  let keys = 0;
  beforeEach(async () => {
    sim = await new CloudErpSimulator('fen').start();
    expect((await post('/api/v1/workers', sampleHire())).status).toBe(201);
  });
  afterEach(() => sim.stop());

  async function post(path: string, body: unknown, key = `key-${++keys}`) {
    const res = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: 'Bearer cloud-erp-token' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const to = (kind: 'job-changes' | 'terminations', worker = 'FEN-10234') => `/api/v1/workers/${worker}/${kind}`;
  const fields = (answer: { body: Record<string, any> }) => (answer.body.errors ?? []).map((e: { field: string; code: string }) => `${e.field} ${e.code}`);

  it('stores a job change once per idempotency key and answers its id', async () => {
    const first = await post(to('job-changes'), jobChange(), 'move-1');
    const again = await post(to('job-changes'), jobChange(), 'move-1');

    expect(first).toEqual({ status: 201, body: { id: expect.stringMatching(/^jch_fen_\d{6}$/) } });
    expect(again).toEqual(first);
    expect(sim.repeats).toBe(1);
    expect(sim.jobChanges.get('FEN-10234')).toEqual([{ ...jobChange(), id: first.body.id, workerNumber: 'FEN-10234' }]);
  });

  it.each([
    ['job-changes', jobChange()],
    ['terminations', termination()],
  ] as const)('answers 404 naming workerNumber to %s of a worker it does not hold, and keeps nothing', async (kind, record) => {
    const answer = await post(to(kind, 'FEN-99999'), record);
    expect(answer).toMatchObject({ status: 404, body: { title: 'Worker FEN-99999 does not exist', errors: [{ field: 'workerNumber', code: 'not-found' }] } });
    expect(sim.jobChanges.size + sim.terminations.size).toBe(0);
  });

  it('refuses a compensation change for a worker it does not hold with 422 naming workerNumber', async () => {
    expect(fields(await post('/api/v1/compensation-changes', compensationChange({ workerNumber: 'FEN-99999' })))).toEqual(['workerNumber unknown']);
  });

  it('validates a job change: required fields, codes, the catalogue, and the end date of a temporary change', async () => {
    const { costCentre: _, ...noCostCentre } = jobChange().position;
    expect(fields(await post(to('job-changes'), jobChange({ position: noCostCentre as never, reason: 'ACTING_UP' as never })))).toEqual(['position.costCentre required', 'reason invalid']);
    expect(fields(await post(to('job-changes'), jobChange({ position: { ...jobChange().position, gradeCode: 'SC' } })))).toEqual(['position.gradeCode unknown']);
    expect(fields(await post(to('job-changes'), jobChange({ reason: 'SECONDMENT', temporary: true })))).toEqual(['endDate required']);
    expect(fields(await post(to('job-changes'), jobChange({ endDate: '2027-01-01' })))).toEqual(['endDate invalid']);
    expect(fields(await post(to('job-changes'), jobChange({ temporary: 'yes' as never })))).toEqual(['temporary invalid']);
    expect(sim.jobChanges.size).toBe(0);
  });

  it('validates a compensation change: codes, whole minor units, its currency, the plan of an allowance, the catalogue', async () => {
    const comp = '/api/v1/compensation-changes';
    expect(fields(await post(comp, compensationChange({ frequency: 'MONTHLY' as never, amount: { amountMinor: -5, currency: 'GBP' } })))).toEqual(['frequency invalid', 'amount.amountMinor invalid']);
    expect(fields(await post(comp, compensationChange({ amount: { amountMinor: 100, currency: 'USD' } })))).toEqual(['amount.currency unsupported']);
    expect(fields(await post(comp, compensationChange({ changeType: 'ALLOWANCE', allowanceCode: null })))).toEqual(['allowanceCode required']);
    expect(fields(await post(comp, compensationChange({ gradeCode: 'XX-1' })))).toEqual(['gradeCode unknown']);
    expect((await post(comp, compensationChange({ gradeCode: null }))).status).toBe(201);
  });

  it('keeps one termination per worker: a second is a conflict, a correction restates it with the same id', async () => {
    const first = await post(to('terminations'), termination());
    expect(await post(to('terminations'), termination({ reason: 'RETIREMENT' }))).toMatchObject({ status: 409, body: { errors: [{ field: 'workerNumber', code: 'duplicate' }] } });
    const corrected = await post(to('terminations'), termination({ reason: 'RETIREMENT', correction: { reason: 'retired, not resigned' } }));

    expect(corrected).toEqual({ status: 200, body: first.body });
    expect(sim.terminations.get('FEN-10234')).toMatchObject({ reason: 'RETIREMENT', id: first.body.id });
  });

  it('refuses a termination that ends before the hire or was worked past, and any change after it', async () => {
    expect(fields(await post(to('terminations'), termination({ terminationDate: '2026-11-30', lastDayWorked: '2026-11-30' })))).toEqual(['terminationDate invalid']);
    expect(fields(await post(to('terminations'), termination({ lastDayWorked: '2027-04-02' })))).toEqual(['lastDayWorked invalid']);
    await post(to('terminations'), termination({ terminationDate: '2027-03-31' }));
    expect((await post('/api/v1/compensation-changes', compensationChange({ effectiveDate: '2027-03-31' }))).status).toBe(201);
    expect(await post(to('job-changes'), jobChange({ effectiveDate: '2027-04-01' }))).toMatchObject({ status: 422, body: { errors: [{ field: 'effectiveDate', code: 'conflict', detail: 'worker FEN-10234 is terminated on 2027-03-31' }] } });
  });

  it('keeps one compensation change per requestReference: a second is a conflict, a correction replaces it', async () => {
    const first = await post('/api/v1/compensation-changes', compensationChange());
    expect(fields(await post('/api/v1/compensation-changes', compensationChange({ amount: { amountMinor: 3120000, currency: 'GBP' } })))).toEqual(['requestReference duplicate']);
    const corrected = await post('/api/v1/compensation-changes', compensationChange({ amount: { amountMinor: 3120000, currency: 'GBP' }, correction: { reason: 'award rate was wrong' } }));

    expect(corrected).toEqual({ status: 200, body: first.body });
    expect(sim.compensationChanges.size).toBe(1);
    expect(sim.compensationChanges.get('FEN-PCR-2026-00318')).toMatchObject({ amount: { amountMinor: 3120000 }, id: first.body.id });
  });

  it('shows every change in its state', async () => {
    await post(to('job-changes'), jobChange());
    await post('/api/v1/compensation-changes', compensationChange());
    await post(to('terminations'), termination());
    expect(sim.snapshot()).toMatchObject({
      jobChanges: [expect.objectContaining({ reason: 'PROMOTION', workerNumber: 'FEN-10234' })],
      terminations: [expect.objectContaining({ reason: 'RESIGNATION', workerNumber: 'FEN-10234' })],
      compensationChanges: [expect.objectContaining({ changeType: 'INCREMENT' })],
    });
  });
});
