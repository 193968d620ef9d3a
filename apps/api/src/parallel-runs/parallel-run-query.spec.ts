import { ProblemException } from '@hub/http-problem';
import { dayOf, MAX_REPORT_DAYS, readDay, readReportQuery } from './parallel-run-query';

const NOW = Date.parse('2026-11-23T22:30:00Z');

/** The problem's one entry: its path and message. */
function refusal(q: Record<string, unknown>): { path: string; message: string } {
  try {
    readReportQuery(q, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).status).toBe(400);
    return (err as ProblemException).errors[0];
  }
  throw new Error(`not refused: ${JSON.stringify(q)}`);
}

describe('readReportQuery', () => {
  it("reads today's report (UTC) when no day is given, and one day when only one is", () => {
    expect(readReportQuery({ tenant: 'fen', domain: 'hr' }, NOW)).toEqual({ tenant: 'fen', domain: 'hr', from: '2026-11-23', to: '2026-11-23' });
    expect(readReportQuery({ tenant: 'fen', domain: 'hr', from: '2026-11-01' }, NOW)).toMatchObject({ from: '2026-11-01', to: '2026-11-01' });
    expect(readReportQuery({ tenant: 'fen', domain: 'hr', to: '2026-11-02' }, NOW)).toMatchObject({ from: '2026-11-02', to: '2026-11-02' });
    expect(readReportQuery({ tenant: 'fen', domain: 'hr', from: '2026-11-01', to: '2026-11-30' }, NOW)).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(dayOf(Date.parse('2026-11-23T23:59:59.999Z'))).toBe('2026-11-23');
  });

  it.each([
    [{ domain: 'hr' }, '/tenant', 'required'],
    [{ tenant: 'fen' }, '/domain', 'required'],
    [{ tenant: 'FEN; drop', domain: 'hr' }, '/tenant', 'force code'],
    [{ tenant: 'fen', domain: 'hr.employee' }, '/domain', 'first part of an event type'],
    [{ tenant: 'fen', domain: 'hr', from: '2026-11-24', to: '2026-11-23' }, '/from', 'must not be after to'],
    [{ tenant: 'fen', domain: 'hr', from: 'yesterday' }, '/from', 'YYYY-MM-DD'],
    [{ tenant: 'fen', domain: 'hr', to: '2026-02-30' }, '/to', 'YYYY-MM-DD'],
    [{ tenant: 'fen', domain: 'hr', from: '2026-11-23T00:00:00Z' }, '/from', 'YYYY-MM-DD'],
    [{ tenant: 'fen', domain: 'hr', from: '0000-01-01' }, '/from', 'YYYY-MM-DD'],
    [{ tenant: 'fen', domain: 'hr', from: '2025-01-01', to: '2026-11-23' }, '/to', `at most ${MAX_REPORT_DAYS} days`],
    [{ tenant: 'fen', domain: 'hr', day: '2026-11-23' }, '/day', 'unknown parameter'],
    [{ tenant: ['fen', 'moor'], domain: 'hr' }, '/tenant', 'must be a string'],
  ])('refuses %j at %s', (q, path, message) => {
    expect(refusal(q)).toEqual({ path, message: expect.stringContaining(message) });
  });

  it('takes every day the calendar has, and no other', () => {
    expect(readDay('from', '2024-02-29')).toBe('2024-02-29');
    expect(() => readDay('from', '2026-02-29')).toThrow(ProblemException);
    expect(() => readDay('from', '2026-13-01')).toThrow(ProblemException);
  });
});
