import { HR_SOURCE } from '../hr.manifest';
import { HrSourceConnector, toMinorUnits } from './hr-webhook.source';
import { hired as webhook } from '../testing/samples';
import { sourceRefusal } from '@hub/connector-sdk/testing';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();

describe('toMinorUnits', () => {
  it.each([
    ['29961.1', 2996110],
    ['29961.10', 2996110],
    ['0.07', 7],
    ['0.29', 29],
    ['1.15', 115],
    ['12', 1200],
    [' 45.5 ', 4550],
  ])('reads %p as %i pence, without float rounding', (amount, pence) => {
    expect(toMinorUnits(amount)).toBe(pence);
  });

  it.each(['', '-1.00', '1.234', '1,000.00', '12.', '.50', '£12', 'abc'])('refuses %p', (amount) => {
    expect(() => toMinorUnits(amount)).toThrow(/not an amount/);
  });
});

describe('HrSourceConnector.toEvents', () => {
  const hr = new HrSourceConnector();
  const ctx = { tenant: 'fen', source: HR_SOURCE };

  it('turns a hire into a joiner event whose data passes the canonical schema', () => {
    const [event] = hr.toEvents(webhook(), ctx);
    expect(event).toMatchObject({ specversion: '1.0', id: 'wh-FEN-10234-1', source: HR_SOURCE, type: 'hr.employee.joined.v1', subject: 'FEN-10234', tenant: 'fen', time: '2026-11-20T10:15:00Z' });
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });

  it('carries the salary in pence and the worker type in the canonical vocabulary', () => {
    const [event] = hr.toEvents(webhook(), ctx);
    const employment = (event.data as { employment: Record<string, unknown> }).employment;
    expect(employment.annualSalary).toEqual({ amountMinor: 2996110, currency: 'GBP' });
    expect(employment.workerType).toBe('officer');
  });

  it.each(['POLICE_STAFF', 'SPECIAL_CONSTABLE'] as const)('maps a %s without the optional fields to valid data', (category) => {
    const [event] = hr.toEvents(webhook({ category, rank: undefined, middleNames: undefined, nationalInsurance: undefined, workEmail: undefined }), ctx);
    expect(registry.validate(event.type, event.data)).toEqual([]);
    expect(event.data).not.toHaveProperty('niNumber');
  });

  it('refuses a hire whose salary is not an amount, naming the field', () => {
    const err = sourceRefusal(() => hr.toEvents(webhook({ annualSalaryGBP: '29,961.10' }), ctx));
    expect(err).toMatchObject({ field: '/worker/annualSalaryGBP', message: expect.stringContaining('not an amount') });
  });

  it('refuses a worker category it has no canonical worker type for', () => {
    const err = sourceRefusal(() => hr.toEvents(webhook({ category: 'VOLUNTEER' as never }), ctx));
    expect(err).toMatchObject({ field: '/worker/category', message: expect.stringContaining('POLICE_OFFICER, POLICE_STAFF, SPECIAL_CONSTABLE') });
  });
});

describe('HrSourceConnector envelope checks', () => {
  const hr = new HrSourceConnector();
  const ctx = { tenant: 'fen', source: HR_SOURCE };

  it.each([
    ['a body that is not an object', '[]', '', /is not an object/],
    ['an unknown eventType', { ...webhook(), eventType: 'worker.promoted' }, '/eventType', /"worker\.promoted" is not a webhook this connector reads/],
    ['no eventType', { ...webhook(), eventType: undefined }, '/eventType', /\/eventType is missing/],
    ['no eventId', { ...webhook(), eventId: '' }, '/eventId', /\/eventId is missing/],
    ['an occurredAt without its offset', { ...webhook(), occurredAt: '2026-11-20T10:15:00' }, '/occurredAt', /not a date-time/],
  ])('refuses %s', (_, input, field, reason) => {
    const err = sourceRefusal(() => hr.toEvents(input === '[]' ? [] : input, ctx));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(reason);
  });

  it("refuses a webhook of another force, whatever the tenant it came in for: no force's data reaches another", () => {
    expect(sourceRefusal(() => hr.toEvents({ ...webhook(), organisation: 'MOOR' }, ctx))).toMatchObject({ field: '/organisation', message: expect.stringContaining('MOOR is not FEN') });
    expect(sourceRefusal(() => hr.toEvents(webhook(), { tenant: 'moor', source: HR_SOURCE }))).toMatchObject({ field: '/organisation' });
  });

  it('refuses a worker number of another force inside a webhook of this one', () => {
    const err = sourceRefusal(() => hr.toEvents(webhook({ workerNumber: 'MOOR-20417' }), ctx));
    expect(err).toMatchObject({ field: '/worker/workerNumber', message: expect.stringContaining('MOOR-20417 is not a worker of FEN') });
  });

  it('reads the same webhook for the tenant it names, in that tenant', () => {
    const moor = { ...webhook({ workerNumber: 'MOOR-20417', costCentre: 'MOOR4410' }), organisation: 'MOOR' };
    const [event] = hr.toEvents(moor, { tenant: 'moor', source: HR_SOURCE });
    expect(event).toMatchObject({ tenant: 'moor', subject: 'MOOR-20417' });
  });

  it('gives the webhook id as the event id, the same on every read', () => {
    expect(hr.toEvents(webhook(), ctx).map((e) => e.id)).toEqual(['wh-FEN-10234-1']);
    expect(hr.toEvents(webhook(), ctx)).toEqual(hr.toEvents(webhook(), ctx));
  });
});
