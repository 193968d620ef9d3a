import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor';

describe('page cursors', () => {
  it('round-trips a sort key', () => {
    const key = ['2025-01-01T10:00:00.123456+00:00', 'ab12', 'payroll-fen'];
    expect(decodeCursor(encodeCursor(key), 3)).toEqual(key);
  });

  it('refuses a cursor that is not one of ours', () => {
    expect(() => decodeCursor('not-a-cursor', 3)).toThrow(InvalidLedgerInputError);
    expect(() => decodeCursor(encodeCursor(['1']), 3)).toThrow(InvalidLedgerInputError);
    expect(() => decodeCursor(Buffer.from('[1,2,3]').toString('base64url'), 3)).toThrow(InvalidLedgerInputError);
  });

  it('defaults the limit to 100, caps it at 1000 and refuses nonsense', () => {
    expect(pageLimit({})).toBe(100);
    expect(pageLimit({ limit: 5000 })).toBe(1000);
    expect(() => pageLimit({ limit: 0 })).toThrow(InvalidLedgerInputError);
    expect(() => pageLimit({ limit: 2.5 })).toThrow(InvalidLedgerInputError);
  });
});
