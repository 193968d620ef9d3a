import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import { CURSOR_PARTS, decodeCursor, encodeCursor, pageLimit } from './page-cursor';

const deadLetterKey = [CURSOR_PARTS.timestamp, CURSOR_PARTS.eventKey, CURSOR_PARTS.text];

describe('page cursors', () => {
  it('round-trips a sort key', () => {
    const key = ['2025-01-01T10:00:00.123456+00:00', 'ab12'.repeat(8), 'payroll-fen'];
    expect(decodeCursor(encodeCursor(key), deadLetterKey)).toEqual(key);
    expect(decodeCursor(encodeCursor(['12345']), [CURSOR_PARTS.serial])).toEqual(['12345']);
  });

  it('refuses a cursor that is not one of ours', () => {
    expect(() => decodeCursor('not-a-cursor', deadLetterKey)).toThrow(InvalidLedgerInputError);
    expect(() => decodeCursor(encodeCursor(['1']), deadLetterKey)).toThrow(InvalidLedgerInputError);
    expect(() => decodeCursor(Buffer.from('[1,2,3]').toString('base64url'), deadLetterKey)).toThrow(InvalidLedgerInputError);
  });

  it.each([
    ['a timestamp PostgreSQL would refuse', ['yesterday', 'ab12'.repeat(8), 'payroll-fen']],
    ['an event key that is not one', ['2025-01-01T10:00:00+00:00', 'x', 'payroll-fen']],
    ['a NUL, which PostgreSQL text cannot hold', ['2025-01-01T10:00:00+00:00', 'ab12'.repeat(8), 'payroll\u0000']],
  ])('refuses a forged cursor with %s, before PostgreSQL sees it', (_, key) => {
    expect(() => decodeCursor(encodeCursor(key), deadLetterKey)).toThrow(InvalidLedgerInputError);
  });

  it('refuses an audit cursor past what a bigint holds', () => {
    expect(() => decodeCursor(encodeCursor(['99999999999999999999']), [CURSOR_PARTS.serial])).toThrow(InvalidLedgerInputError);
  });

  it('defaults the limit to 100, caps it at 1000 and refuses nonsense', () => {
    expect(pageLimit({})).toBe(100);
    expect(pageLimit({ limit: 5000 })).toBe(1000);
    expect(() => pageLimit({ limit: 0 })).toThrow(InvalidLedgerInputError);
    expect(() => pageLimit({ limit: 2.5 })).toThrow(InvalidLedgerInputError);
  });
});
