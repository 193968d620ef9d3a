import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { mapLeaverToPayroll, mapMoveToPayroll, mapPayChangeToPayroll } from './payroll-changes.mapper';
import { toPayrollCall } from './payroll.mapper';
import { sampleAssignment, samplePayChange } from '../testing/samples';
import { canonicalEvent, canonicalSchemas, schemaExample } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string, i = 0) => schemaExample(type, i);
const event = (type: string, data: Record<string, any>, tenant = 'fen'): CanonicalEvent => canonicalEvent(type, data, { tenant });

function mappingError(fn: () => unknown): PermanentDeliveryError | undefined {
  try {
    fn();
  } catch (e) {
    return e as PermanentDeliveryError;
  }
  return undefined;
}

describe('mapMoveToPayroll', () => {
  it('maps a promotion to an open-ended PRM assignment of the new position', () => {
    const data = example('hr.employee.moved.v1');
    // The bureau's assignment as its simulator's specs send it: the two sides agree on one record.
    expect(mapMoveToPayroll(event('hr.employee.moved.v1', data))).toEqual(sampleAssignment());
  });

  it('maps a secondment with its end date and host organisation', () => {
    const record = mapMoveToPayroll(event('hr.employee.moved.v1', example('hr.employee.moved.v1', 1), 'moor'));
    expect(record).toMatchObject({ forceCode: 'MOOR', reasonCode: 'SEC', endDate: '2028-01-02', hostOrganisation: 'North East Regional Organised Crime Unit' });
  });

  it.each([
    ['transfer', 'TRF'],
    ['temporary-promotion', 'TPR'],
    ['cost-centre-change', 'CCC'],
  ])('codes a %s as %s, and carries the reason of a correction', (moveType, code) => {
    const data = { ...example('hr.employee.moved.v1'), moveType, effectiveTo: '2027-07-31', corrects: { source: 's', id: 'x', reason: 'wrong unit' } };
    expect(mapMoveToPayroll(event('hr.employee.moved.v1', data))).toMatchObject({ reasonCode: code, correctionNote: 'wrong unit' });
  });
});

describe('mapLeaverToPayroll', () => {
  it("maps a retirement to the bureau's leaver record", () => {
    expect(mapLeaverToPayroll(event('hr.employee.left.v1', example('hr.employee.left.v1'), 'fen'))).toEqual({
      employeeRef: 'FEN-08811',
      forceCode: 'FEN',
      reasonCode: 'RET',
      lastWorkingDay: '2026-12-31',
      offPayrollFrom: '2027-01-01',
      correctionNote: null,
    });
  });

  it.each([
    ['resignation', 'RES'],
    ['dismissal', 'DSM'],
    ['transfer-out', 'TRO'],
    ['end-of-contract', 'EOC'],
    ['death-in-service', 'DIS'],
  ])('codes %s as %s', (reason, code) => {
    expect(mapLeaverToPayroll(event('hr.employee.left.v1', { ...example('hr.employee.left.v1'), reason })).reasonCode).toBe(code);
  });
});

describe('mapPayChangeToPayroll', () => {
  const payChange = (o: Record<string, any> = {}, i = 0) => event('payroll.pay-change.requested.v1', { ...example('payroll.pay-change.requested.v1', i), ...o });

  it('maps an increment to a change of BASIC pay in pounds with the new grade', () => {
    // The record its simulator's specs send: the two sides agree on one record.
    expect(mapPayChangeToPayroll(payChange())).toEqual(samplePayChange());
  });

  it('maps an allowance to its own pay element with its end date and authoriser', () => {
    expect(mapPayChangeToPayroll(payChange({}, 1))).toMatchObject({ changeType: 'ALW', payElement: 'DOG-HANDLER', amount: '2625.00', endDate: '2027-11-30', authorisedBy: 'MOOR-11873' });
  });

  it('maps the end of an allowance (amount 0) and a one-off payment', () => {
    expect(mapPayChangeToPayroll(payChange({ amount: { amountMinor: 0, currency: 'GBP' } }, 1)).amount).toBe('0.00');
    const oneOff = payChange({ changeType: 'one-off-payment', basis: 'one-off', amount: { amountMinor: 50005, currency: 'GBP' }, grade: undefined });
    expect(mapPayChangeToPayroll(oneOff)).toMatchObject({ changeType: 'ONE', payElement: 'ONE-OFF', rateBasis: 'O', amount: '500.05', payGrade: null });
  });

  it('maps a per-pay-period rate as basis P', () => {
    expect(mapPayChangeToPayroll(payChange({ basis: 'per-pay-period' })).rateBasis).toBe('P');
  });

  it('refuses an amount not in GBP as a mapping failure naming the field', () => {
    const err = mappingError(() => mapPayChangeToPayroll(payChange({ amount: { amountMinor: 100, currency: 'EUR' } })));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/amount/currency' });
  });

  it.each([
    ['a one-off basis on an increment', { basis: 'one-off' }],
    ['a one-off payment on an annual basis', { changeType: 'one-off-payment', basis: 'annual' }],
  ])('refuses %s, which the bureau would pay wrongly', (_, o) => {
    expect(mappingError(() => mapPayChangeToPayroll(payChange(o)))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/basis' });
  });
});

describe('toPayrollCall', () => {
  it.each([
    ['hr.employee.joined.v1', 'new-employee', '/api/v2/employees'],
    ['hr.employee.moved.v1', 'assignment', '/api/v2/employees/FEN-10234/assignments'],
    ['hr.employee.left.v1', 'leaver', '/api/v2/employees/FEN-08811/leavers'],
    ['payroll.pay-change.requested.v1', 'pay-change', '/api/v2/employees/FEN-10234/pay-changes'],
  ])('sends %s as a POST of a %s to %s', (type, kind, path) => {
    expect(toPayrollCall(event(type, example(type)))).toMatchObject({ kind, method: 'POST', path, body: expect.objectContaining({ forceCode: 'FEN' }) });
  });

  it('refuses a type it has no call for as unsupported', () => {
    expect(mappingError(() => toPayrollCall(event('hr.absence.recorded.v1', {})))).toMatchObject({ code: DeliveryErrorCode.UnsupportedEvent });
  });
});
