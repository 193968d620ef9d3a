import { Envelope, envelopeProblems, normalise, withoutUnset } from './envelope';

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

describe('envelopeProblems: what the hub can carry', () => {
  it.each(['id', 'source', 'type', 'subject', 'tenant', 'time', 'dataschema'])('refuses control characters in %s, naming it', (name) => {
    const problems = envelopeProblems({ ...valid(), [name]: 'FEN\r\n1' });
    expect(problems).toContainEqual(expect.objectContaining({ path: `/${name}` }));
    expect(problems.filter((p) => p.path === `/${name}`)).toHaveLength(1);
  });

  it('names a control character the envelope schema itself would let through', () => {
    expect(envelopeProblems({ ...valid(), subject: 'FEN\u00001' })).toEqual([{ eventId: 'e-1', path: '/subject', message: expect.stringContaining('found U+0000 at 3') }]);
    expect(envelopeProblems({ ...valid(), subject: 'FEN\ud8001' })).toEqual([{ eventId: 'e-1', path: '/subject', message: expect.stringContaining('U+D800') }]);
  });

  it('does not echo back an id that is itself refused', () => {
    expect(envelopeProblems({ ...valid(), id: 'e\u001b[31m' })).toEqual([{ path: '/id', message: expect.stringContaining('U+001B') }]);
  });

  it.each([[{ nested: true }], [['a']], [1.5], [2 ** 31], [null]])('refuses an extension attribute of %p unless it is null (unset)', (value) => {
    const problems = envelopeProblems(withoutUnset({ ...valid(), ext: value }));
    if (value === null) expect(problems).toEqual([]);
    else expect(problems).toEqual([{ eventId: 'e-1', path: '/ext', message: expect.stringContaining('must be a string, a boolean or an integer') }]);
  });

  it('takes extension attributes of the CloudEvents types', () => {
    expect(envelopeProblems({ ...valid(), traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', sampled: false, attempt: 3 })).toEqual([]);
  });

  it('refuses a traceparent extension that is not W3C Trace Context, naming it', () => {
    expect(envelopeProblems({ ...valid(), traceparent: '00-abc-01' })).toEqual([{ eventId: 'e-1', path: '/traceparent', message: expect.stringContaining('must be a W3C traceparent') }]);
  });

  it.each(['Foo', 'foo_bar', 'constructor', 'prototype'])('refuses the attribute name %p, naming it', (name) => {
    expect(envelopeProblems({ ...valid(), [name]: 'x' })).toEqual([{ eventId: 'e-1', path: `/${name}`, message: expect.any(String) }]);
  });

  it('refuses data_base64: the hub carries JSON data', () => {
    expect(envelopeProblems({ ...valid(), data_base64: 'AAAA' })).toEqual([{ eventId: 'e-1', path: '/data_base64', message: expect.stringContaining('JSON data') }]);
  });
});

describe('withoutUnset', () => {
  it('treats a null attribute as unset, as the JSON Event Format says', () => {
    const e = { ...valid(), time: null, dataschema: null, traceparent: null };
    const { time: _time, ...rest } = valid();
    expect(withoutUnset(e)).toEqual(rest);
    expect(envelopeProblems(withoutUnset(e))).toEqual([]);
  });

  it('so a required attribute given as null is missing, and null data stays (data is not an attribute)', () => {
    expect(envelopeProblems(withoutUnset({ ...valid(), subject: null }))).toEqual([{ eventId: 'e-1', path: '/subject', message: 'is required' }]);
    expect(envelopeProblems(withoutUnset({ ...valid(), data: null }))).toEqual([{ eventId: 'e-1', path: '/data', message: 'must be object' }]);
  });

  it('answers the same object when nothing is null', () => {
    const e = valid();
    expect(withoutUnset(e)).toBe(e);
  });
});

describe('normalise', () => {
  it('carries every extension attribute, in its canonical string form, and none in place of a modelled attribute', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const e = { ...valid(), traceparent, partitionkey: 'x', sampled: true, priority: -3, comexampleextensionattribute: 'long name' } as unknown as Envelope;
    const n = normalise(e);
    expect(n.extensions).toEqual({ traceparent, partitionkey: 'x', sampled: 'true', priority: '-3', comexampleextensionattribute: 'long name' });
    expect(n).not.toHaveProperty('traceparent');
    expect(n).toMatchObject({ ...valid(), datacontenttype: 'application/json' });
  });

  it('adds no extensions when the source sent none', () => {
    expect(normalise(valid() as unknown as Envelope)).not.toHaveProperty('extensions');
  });

  it('adds no empty optional attributes', () => {
    const e = valid();
    delete e.time;
    expect(Object.keys(normalise(e as unknown as Envelope))).not.toContain('time');
    expect(Object.keys(normalise(e as unknown as Envelope))).not.toContain('dataschema');
  });
});
