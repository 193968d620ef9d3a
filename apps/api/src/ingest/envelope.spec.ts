import { Envelope, envelopeProblems, normalise } from './envelope';

const valid = (): Record<string, unknown> => ({
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:erp-hub:source:hr',
  type: 'hr.employee.joined.v1',
  subject: 'FEN-1',
  tenant: 'fen',
  time: '2026-01-01T09:00:00Z',
  data: { employeeId: 'FEN-1' },
});

describe('envelopeProblems', () => {
  it('finds nothing wrong with a complete envelope', () => {
    expect(envelopeProblems(valid())).toEqual([]);
  });

  it('names missing subject and tenant, with the event id', () => {
    const e = valid();
    delete e.subject;
    delete e.tenant;
    expect(envelopeProblems(e)).toEqual(
      expect.arrayContaining([
        { eventId: 'e-1', path: '/subject', message: 'is required' },
        { eventId: 'e-1', path: '/tenant', message: 'is required' },
      ]),
    );
  });

  it('refuses CloudEvents 0.3', () => {
    expect(envelopeProblems({ ...valid(), specversion: '0.3' })).toEqual([expect.objectContaining({ path: '/specversion' })]);
  });

  it.each(['FEN', 'f', 'fen_1', '*', '1fen'])('refuses tenant %p', (tenant) => {
    expect(envelopeProblems({ ...valid(), tenant })).toEqual([expect.objectContaining({ path: '/tenant' })]);
  });

  it.each([[[1, 2]], ['text'], [null], [42]])('refuses data %p that is not an object', (data) => {
    expect(envelopeProblems({ ...valid(), data })).toEqual([expect.objectContaining({ path: '/data' })]);
  });

  it.each([[null], ['event'], [[]], [7]])('refuses a candidate %p that is not an object', (candidate) => {
    expect(envelopeProblems(candidate)).toEqual([{ path: '', message: expect.stringContaining('JSON object') }]);
  });

  it('leaves the event id out when there is none to name', () => {
    const e = valid();
    delete e.id;
    const problems = envelopeProblems(e);
    expect(problems).toEqual([{ path: '/id', message: 'is required' }]);
  });
});

describe('normalise', () => {
  it('keeps the attributes the hub carries and drops unknown extensions', () => {
    const e = { ...valid(), traceparent: '00-abc', partitionkey: 'x' } as unknown as Envelope;
    const n = normalise(e);
    expect(n).not.toHaveProperty('traceparent');
    expect(n).not.toHaveProperty('partitionkey');
    expect(n).toMatchObject({ ...valid(), datacontenttype: 'application/json' });
  });

  it('adds no empty optional attributes', () => {
    const e = valid();
    delete e.time;
    expect(Object.keys(normalise(e as unknown as Envelope))).not.toContain('time');
    expect(Object.keys(normalise(e as unknown as Envelope))).not.toContain('dataschema');
  });
});
