import { ProblemException } from '@hub/http-problem';
import { narrowsDeadLetters, readFilter, readTimestamp, toLedgerFilter } from './dead-letter-query';

describe('readTimestamp', () => {
  it.each([
    ['2026-11-23T00:00:00Z', '2026-11-23T00:00:00.000Z'],
    ['2026-11-23T01:30:00.5+01:30', '2026-11-23T00:00:00.500Z'],
    ['2026-11-23', '2026-11-23T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('reads %s as %s, in UTC', (raw, iso) => {
    expect(readTimestamp('from', raw)).toBe(iso);
  });

  it.each(['yesterday', '2026', '1 January 2026', '2026-11-23T00:00:00', '2026-02-30', '2026-13-01', '0000-01-01', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-11-23T25:00:00Z'])(
    'refuses %p, which PostgreSQL would refuse or read otherwise',
    (raw) => {
      expect(() => readTimestamp('to', raw)).toThrow(ProblemException);
      try {
        readTimestamp('to', raw);
      } catch (err) {
        expect((err as ProblemException).errors).toEqual([{ path: '/to', message: expect.stringContaining('RFC 3339') }]);
      }
    },
  );

  it('is what readFilter applies to from and to', () => {
    expect(readFilter({ tenant: 'fen', from: '2026-11-23' })).toEqual({ tenant: 'fen', from: '2026-11-23T00:00:00.000Z' });
    expect(() => readFilter({ from: '2026' })).toThrow(ProblemException);
  });
});

describe('role', () => {
  it("lists a primary's dead letters unless a shadow's are asked for", () => {
    expect(toLedgerFilter(readFilter({ tenant: 'fen' }), '*', ['dead-lettered'])).toMatchObject({ tenant: 'fen', role: 'primary' });
    expect(toLedgerFilter(readFilter({ tenant: 'fen', role: 'shadow' }), '*', ['dead-lettered'])).toMatchObject({ tenant: 'fen', role: 'shadow' });
  });

  it('refuses a role that is neither, naming the parameter', () => {
    try {
      readFilter({ role: 'both' });
      throw new Error('not refused');
    } catch (err) {
      expect(err).toBeInstanceOf(ProblemException);
      expect((err as ProblemException).errors).toEqual([{ path: '/role', message: expect.stringContaining('primary or shadow') }]);
    }
  });

  it('does not count as a filter that narrows a bulk replay', () => {
    expect(narrowsDeadLetters(readFilter({ role: 'shadow' }))).toBe(false);
    expect(narrowsDeadLetters(readFilter({ role: 'shadow', target: 'cloud-erp-fen' }))).toBe(true);
  });
});
