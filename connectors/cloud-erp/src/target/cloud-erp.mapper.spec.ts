import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { thrown } from '@hub/testing';
import { erpFte, mapJoinerToCloudErp, toCloudErpCall } from './cloud-erp.mapper';
import { canonicalEvent, canonicalSchemas, schemaExample } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string, i = 0) => schemaExample(type, i);
const event = (type: string, data: Record<string, any>): CanonicalEvent => canonicalEvent(type, data);

describe('mapJoinerToCloudErp', () => {
  it("maps the v1 example to the ERP's hire: the name in its parts, position, compensation in minor units", () => {
    expect(mapJoinerToCloudErp(event('hr.employee.joined.v1', example('hr.employee.joined.v1')))).toEqual({
      workerNumber: 'FEN-10234',
      legalName: { title: null, givenName: 'Amira', middleNames: null, familyName: 'Okafor' },
      preferredName: null,
      birthDate: '1994-03-17',
      nationalInsuranceNumber: 'QQ123456C',
      workEmail: 'amira.okafor@example.police.uk',
      hireDate: '2026-12-01',
      category: 'POLICE_OFFICER',
      position: { title: 'Police Constable', rank: 'Constable', gradeCode: 'PC-1', orgUnitCode: 'NPT-03', costCentre: 'FEN4410' },
      compensation: { annualBase: { amountMinor: 2996100, currency: 'GBP' }, fte: 1 },
      correction: null,
    });
  });

  it('maps v2: the legal name with its middle names, the preferred name beside it', () => {
    const record = mapJoinerToCloudErp(event('hr.employee.joined.v2', example('hr.employee.joined.v2')));
    expect(record.legalName).toEqual({ title: null, givenName: 'Amirah', middleNames: 'Ngozi', familyName: 'Okafor' });
    expect(record.preferredName).toEqual({ givenName: 'Amira', familyName: null });
  });

  it('carries a title, a staff category, a missing NI number and e-mail as null, and a correction', () => {
    const data = example('hr.employee.joined.v1');
    data.name.title = 'Dr';
    data.employment.workerType = 'special-constable';
    delete data.niNumber;
    delete data.email;
    data.corrects = { source: 's', id: 'x', reason: 'wrong start date' };
    expect(mapJoinerToCloudErp(event('hr.employee.joined.v1', data))).toMatchObject({
      legalName: { title: 'Dr' },
      category: 'SPECIAL_CONSTABLE',
      nationalInsuranceNumber: null,
      workEmail: null,
      correction: { reason: 'wrong start date' },
    });
  });

  it('takes any ISO currency as given: the tenant decides which it pays (its simulator refuses others)', () => {
    const data = example('hr.employee.joined.v1');
    data.employment.annualSalary = { amountMinor: 3500000, currency: 'EUR' };
    expect(mapJoinerToCloudErp(event('hr.employee.joined.v1', data)).compensation.annualBase).toEqual({ amountMinor: 3500000, currency: 'EUR' });
  });
});

describe('erpFte', () => {
  it.each([
    [1, 1],
    [0.6, 0.6],
    [0.1, 0.1],
    [0.8333, 0.83],
    [0.285, 0.29],
    [0.005, 0.01],
  ])('holds %p as %p (two decimals, half up on the decimal value)', (fte, held) => {
    expect(erpFte(fte)).toBe(held);
  });

  it('refuses an FTE that would round to 0.00 as a mapping failure naming the field', () => {
    const data = example('hr.employee.joined.v1');
    data.employment.fte = 0.004;
    const err = thrown(() => mapJoinerToCloudErp(event('hr.employee.joined.v1', data)), PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/employment/fte' });
  });
});

describe('toCloudErpCall', () => {
  it.each([
    ['hr.employee.joined.v1', 'worker', '/api/v1/workers', 'FEN-10234'],
    ['hr.employee.joined.v2', 'worker', '/api/v1/workers', 'FEN-10234'],
    ['hr.employee.moved.v1', 'job-change', '/api/v1/workers/FEN-10234/job-changes', 'FEN-10234'],
    ['hr.employee.left.v1', 'termination', '/api/v1/workers/FEN-08811/terminations', 'FEN-08811'],
    ['payroll.pay-change.requested.v1', 'compensation-change', '/api/v1/compensation-changes', 'FEN-10234'],
  ])('sends %s as a POST of a %s to %s', (type, kind, path, workerNumber) => {
    expect(toCloudErpCall(event(type, example(type)))).toMatchObject({ kind, method: 'POST', path, workerNumber });
  });

  it('escapes the worker number in the path', () => {
    expect(toCloudErpCall(event('hr.employee.left.v1', { ...example('hr.employee.left.v1'), employeeId: 'FEN 1/2' })).path).toBe('/api/v1/workers/FEN%201%2F2/terminations');
  });

  it('refuses a type it has no call for as unsupported', () => {
    expect(thrown(() => toCloudErpCall(event('hr.absence.recorded.v1', {})), PermanentDeliveryError)).toMatchObject({ code: DeliveryErrorCode.UnsupportedEvent });
  });
});
