import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { thrown } from '@hub/testing';
import { mapLeaverToCloudErp, mapMoveToCloudErp, mapPayChangeToCloudErp } from './cloud-erp-changes.mapper';
import { sampleCompensationChange, sampleJobChange } from '../testing/samples';
import { canonicalEvent, canonicalSchemas, schemaExample } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string, i = 0) => schemaExample(type, i);
const event = (type: string, data: Record<string, any>): CanonicalEvent => canonicalEvent(type, data);

describe('mapMoveToCloudErp', () => {
  it('maps a promotion to an open-ended job change of the new position', () => {
    // The ERP's job change as its simulator's specs send it: the two sides agree on one record.
    expect(mapMoveToCloudErp(event('hr.employee.moved.v1', example('hr.employee.moved.v1')))).toEqual({ workerNumber: 'FEN-10234', body: sampleJobChange() });
  });

  it('maps a secondment to a temporary change with its end date and host organisation', () => {
    expect(mapMoveToCloudErp(event('hr.employee.moved.v1', example('hr.employee.moved.v1', 1))).body).toMatchObject({
      reason: 'SECONDMENT',
      temporary: true,
      endDate: '2028-01-02',
      hostOrganisation: 'North East Regional Organised Crime Unit',
    });
  });

  it.each([
    ['transfer', 'TRANSFER', false],
    ['temporary-promotion', 'PROMOTION', true],
    ['cost-centre-change', 'COST_CENTRE_CHANGE', false],
  ])('codes a %s as %s (temporary: %p), and carries the reason of a correction', (moveType, reason, temporary) => {
    const data = { ...example('hr.employee.moved.v1'), moveType, effectiveTo: '2027-07-31', corrects: { source: 's', id: 'x', reason: 'wrong unit' } };
    expect(mapMoveToCloudErp(event('hr.employee.moved.v1', data)).body).toMatchObject({ reason, temporary, endDate: '2027-07-31', correction: { reason: 'wrong unit' } });
  });

  it('sends no title or rank the move does not give (the ERP keeps the ones it has)', () => {
    const data = example('hr.employee.moved.v1');
    delete data.to.jobTitle;
    delete data.to.rank;
    expect(mapMoveToCloudErp(event('hr.employee.moved.v1', data)).body.position).toEqual({ title: null, rank: null, gradeCode: 'PS-1', orgUnitCode: 'RP-01', costCentre: 'FEN4520' });
  });
});

describe('mapLeaverToCloudErp', () => {
  it('maps a retirement to a termination dated the last day employed, the day before the canonical effectiveFrom', () => {
    expect(mapLeaverToCloudErp(event('hr.employee.left.v1', example('hr.employee.left.v1')))).toEqual({
      workerNumber: 'FEN-08811',
      body: { reason: 'RETIREMENT', lastDayWorked: '2026-12-31', terminationDate: '2026-12-31', correction: null },
    });
  });

  it('keeps garden leave: worked until one day, employed until another', () => {
    const data = { ...example('hr.employee.left.v1'), reason: 'resignation', lastWorkingDay: '2027-02-28', effectiveFrom: '2027-04-01' };
    expect(mapLeaverToCloudErp(event('hr.employee.left.v1', data)).body).toMatchObject({ reason: 'RESIGNATION', lastDayWorked: '2027-02-28', terminationDate: '2027-03-31' });
  });

  it.each([
    ['dismissal', 'DISMISSAL'],
    ['transfer-out', 'TRANSFER_OUT'],
    ['end-of-contract', 'END_OF_CONTRACT'],
    ['death-in-service', 'DEATH_IN_SERVICE'],
  ])('codes %s as %s', (reason, code) => {
    expect(mapLeaverToCloudErp(event('hr.employee.left.v1', { ...example('hr.employee.left.v1'), reason })).body.reason).toBe(code);
  });
});

describe('mapPayChangeToCloudErp', () => {
  const payChange = (o: Record<string, any> = {}, i = 0) => event('payroll.pay-change.requested.v1', { ...example('payroll.pay-change.requested.v1', i), ...o });

  it('maps an increment to a change of base pay in minor units with the grade reached', () => {
    // The record its simulator's specs send: the two sides agree on one record.
    expect(mapPayChangeToCloudErp(payChange())).toEqual(sampleCompensationChange());
  });

  it('maps an allowance with its plan, end date and approver', () => {
    expect(mapPayChangeToCloudErp(payChange({}, 1))).toMatchObject({ changeType: 'ALLOWANCE', allowanceCode: 'DOG-HANDLER', amount: { amountMinor: 262500 }, endDate: '2027-11-30', approvedBy: 'MOOR-11873' });
  });

  it('maps a one-time payment, a pay award per pay period, and drops an allowance code on what is not an allowance', () => {
    const oneOff = payChange({ changeType: 'one-off-payment', basis: 'one-off', amount: { amountMinor: 50005, currency: 'GBP' }, grade: undefined });
    expect(mapPayChangeToCloudErp(oneOff)).toMatchObject({ changeType: 'ONE_TIME_PAYMENT', frequency: 'ONE_TIME', amount: { amountMinor: 50005 }, gradeCode: null });
    expect(mapPayChangeToCloudErp(payChange({ changeType: 'pay-award', basis: 'per-pay-period', allowanceCode: 'ON-CALL' }))).toMatchObject({ changeType: 'PAY_AWARD', frequency: 'PER_PAY_PERIOD', allowanceCode: null });
  });

  it.each([
    ['a one-off basis on an increment', { basis: 'one-off' }, '/data/basis'],
    ['a one-off payment on an annual basis', { changeType: 'one-off-payment', basis: 'annual' }, '/data/basis'],
    ['an allowance without its code', { changeType: 'allowance', allowanceCode: undefined }, '/data/allowanceCode'],
  ])('refuses %s as a mapping failure naming the field', (_, o, field) => {
    expect(thrown(() => mapPayChangeToCloudErp(payChange(o)), PermanentDeliveryError)).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field });
  });
});
