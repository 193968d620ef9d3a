import { PermanentDeliveryError } from './errors/permanent-delivery.error';
import { minorUnitsIn, penceOf, poundsOf, unsignedPenceOf } from './money';

describe('pounds and pence', () => {
  it.each([
    ['1234.5', 123450],
    ['-12.07', -1207],
    ['0.29', 29],
    ['7', 700],
  ])('penceOf(%p) = %i and back', (text, pence) => {
    expect(penceOf(text)).toBe(pence);
    expect(penceOf(poundsOf(pence))).toBe(pence);
  });

  it.each(['', '1.234', '1,000', '£5', 'x'])('refuses %p', (text) => expect(() => penceOf(text)).toThrow(/not an amount/));
  it('writes negatives and small amounts', () => expect([poundsOf(-5), poundsOf(100005)]).toEqual(['-0.05', '1000.05']));
});

describe('unsignedPenceOf', () => {
  it('reads what penceOf reads, but a signed amount is not one', () => {
    expect(unsignedPenceOf('29961.1')).toBe(2996110);
    expect(() => unsignedPenceOf('-5.00')).toThrow(/not an amount: "-5.00"/);
  });
});

describe('minorUnitsIn', () => {
  it('gives the minor units of money in the one currency the system holds', () => {
    expect(minorUnitsIn({ amountMinor: 1250, currency: 'GBP' }, 'GBP', '/data/total', 'the ledger books')).toBe(1250);
  });

  it('refuses any other currency as a mapping failure naming the currency field', () => {
    let err: unknown;
    try {
      minorUnitsIn({ amountMinor: 1250, currency: 'EUR' }, 'GBP', '/data/total', 'the ledger books');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: 'mapping-failed', field: '/data/total/currency', message: 'the ledger books GBP only, /data/total is in EUR' });
  });
});
