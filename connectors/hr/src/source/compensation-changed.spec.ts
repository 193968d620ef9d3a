import { read, readOne } from './webhook.spec-support';
import { compensation } from '../testing/samples';
import { sourceRefusal } from '@hub/connector-sdk/testing';

describe('compensation.changed → payroll.pay-change.requested.v1', () => {
  it('asks payroll for the change in pence, with the allowance, approver and end date', () => {
    const e = readOne(compensation());
    expect(e).toMatchObject({ type: 'payroll.pay-change.requested.v1', subject: 'FEN-10234', id: 'wh-FEN-PCR-2026-00318' });
    expect(e.data).toEqual({
      requestId: 'FEN-PCR-2026-00318',
      employeeId: 'FEN-10234',
      changeType: 'allowance',
      amount: { amountMinor: 262500, currency: 'GBP' },
      basis: 'annual',
      allowanceCode: 'DOG-HANDLER',
      authorisedBy: { employeeId: 'FEN-11873', forename: 'Gareth', surname: 'Pryce' },
      effectiveFrom: '2026-12-01',
      effectiveTo: '2027-11-30',
    });
  });

  it('carries an increment with the pay point reached', () => {
    const e = readOne(compensation({ changeKind: 'INCREMENT', amountGBP: '31164', allowanceCode: undefined, newPayGrade: 'PC-2', approvedBy: undefined, endDate: undefined }));
    expect(e.data).toMatchObject({ changeType: 'increment', amount: { amountMinor: 3116400, currency: 'GBP' }, grade: 'PC-2' });
    expect(e.data).not.toHaveProperty('allowanceCode');
  });

  it('carries a one-off payment and an allowance ending at 0.00', () => {
    expect(readOne(compensation({ changeKind: 'ONE_OFF_PAYMENT', frequency: 'ONE_OFF', amountGBP: '250.5', allowanceCode: undefined })).data).toMatchObject({ changeType: 'one-off-payment', basis: 'one-off', amount: { amountMinor: 25050 } });
    expect(readOne(compensation({ amountGBP: '0.00', frequency: 'PER_PAY_PERIOD' })).data).toMatchObject({ basis: 'per-pay-period', amount: { amountMinor: 0 } });
  });

  it.each([
    ['a malformed amount', { amountGBP: '2,625.00' }, '/compensation/amountGBP', /not an amount/],
    ['a negative amount', { amountGBP: '-10.00' }, '/compensation/amountGBP', /not an amount/],
    ['an amount as a number, not text', { amountGBP: 2625 }, '/compensation/amountGBP', /must be text/],
    ['an allowance without its code', { allowanceCode: undefined }, '/compensation/allowanceCode', /missing/],
    ['an allowance code not in the canonical form', { allowanceCode: 'dog handler' }, '/compensation/allowanceCode', /expected form/],
    ['an unknown frequency', { frequency: 'WEEKLY' }, '/compensation/frequency', /ANNUAL, PER_PAY_PERIOD, ONE_OFF/],
  ])('refuses %s, naming the field', (_, c, field, reason) => {
    const err = sourceRefusal(() => read(compensation(c as never)));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(reason);
  });
});
