import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { mapJoinerToPayroll } from './payroll.mapper';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = () => structuredClone((registry.get('hr.employee.joined.v1')!.schema.examples as Record<string, any>[])[0]);

const joiner = (data: Record<string, any>, tenant = 'fen'): CanonicalEvent => ({
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:erp-hub:source:hr',
  type: 'hr.employee.joined.v1',
  subject: data.employeeId,
  tenant,
  data,
});

describe('mapJoinerToPayroll', () => {
  it("maps the schema's own example to the bureau's employee record", () => {
    const data = example();
    expect(mapJoinerToPayroll(joiner(data))).toEqual({
      employeeRef: data.employeeId,
      forceCode: 'FEN',
      forenames: data.name.forename,
      surname: data.name.surname,
      knownAs: null,
      dateOfBirth: data.dateOfBirth,
      nino: data.niNumber,
      startDate: data.effectiveFrom,
      payGrade: data.employment.grade,
      costCentre: data.employment.costCentre,
      hoursFte: data.employment.fte,
      annualSalary: '29961.00',
      currency: 'GBP',
      payFrequency: 'M',
    });
  });

  it('maps v2: the legal name is paid, the preferred name travels as knownAs', () => {
    const data = structuredClone((registry.get('hr.employee.joined.v2')!.schema.examples as Record<string, any>[])[0]);
    const record = mapJoinerToPayroll({ ...joiner(data), type: 'hr.employee.joined.v2' });
    expect(record).toMatchObject({
      forenames: `${data.legalName.forename} ${data.legalName.middleNames}`,
      surname: data.legalName.surname,
      knownAs: data.preferredName.forename,
      annualSalary: '29961.00',
    });
  });

  it('writes pence as pounds with two decimals', () => {
    const data = example();
    data.employment.annualSalary.amountMinor = 7;
    expect(mapJoinerToPayroll(joiner(data)).annualSalary).toBe('0.07');
    data.employment.annualSalary.amountMinor = 2996110;
    expect(mapJoinerToPayroll(joiner(data)).annualSalary).toBe('29961.10');
  });

  it('joins middle names into forenames and sends a missing NI number as null', () => {
    const data = example();
    data.name.middleNames = 'Grace Ada';
    delete data.niNumber;
    expect(mapJoinerToPayroll(joiner(data, 'moor'))).toMatchObject({ forenames: 'Amira Grace Ada', nino: null, forceCode: 'MOOR' });
  });

  it('refuses a salary not in GBP as a permanent mapping failure naming the field', () => {
    const data = example();
    data.employment.annualSalary.currency = 'EUR';
    let err: unknown;
    try {
      mapJoinerToPayroll(joiner(data));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/employment/annualSalary/currency' });
    expect((err as Error).message).toContain('EUR');
  });
});
