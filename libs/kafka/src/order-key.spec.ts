import { nextOrderKey, ORDER_KEY_HEADER, orderKeyOf } from './order-key';

describe('acceptance order keys', () => {
  it('are microseconds of wall time, strictly increasing within the process even within one microsecond', () => {
    const before = Date.now() * 1000;
    const keys = Array.from({ length: 1000 }, () => nextOrderKey());
    expect(keys[0]).toBeGreaterThanOrEqual(before - 1000);
    for (let i = 1; i < keys.length; i++) expect(keys[i]).toBeGreaterThan(keys[i - 1]);
    expect(nextOrderKey(5)).toBeGreaterThan(keys[keys.length - 1]);
  });

  it("read back from the header, else from the record's millisecond timestamp", () => {
    expect(orderKeyOf({ [ORDER_KEY_HEADER]: '1796123282175123' }, '1796123282175')).toBe(1796123282175123);
    expect(orderKeyOf({}, '1796123282175')).toBe(1796123282175000);
    expect(orderKeyOf({ [ORDER_KEY_HEADER]: 'not-a-number' }, '7')).toBe(7000);
  });
});
