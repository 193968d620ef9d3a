import { ProblemException } from '@hub/http-problem';
import { daysIn, readDay, readWindow, WindowContext } from './reconciliation-query';

const ctx = (over: Partial<WindowContext> = {}): WindowContext => ({
  tenants: new Set(['fen', 'moor']),
  scope: '*',
  targetsOf: (t) => (t === 'fen' ? ['finance-fen', 'payroll-fen'] : ['finance-moor']),
  types: new Set(['finance.journal.posted.v1']),
  maxDays: 92,
  ...over,
});

function problem(f: () => unknown): { status: number; path: string; message: string } {
  try {
    f();
  } catch (err) {
    if (err instanceof ProblemException) return { status: err.status, path: err.errors[0]?.path, message: err.errors[0]?.message };
    throw err;
  }
  throw new Error('no problem');
}

describe('reading a reconciliation window', () => {
  it('takes a tenant, two days and optionally a type and a target of that tenant', () => {
    expect(readWindow({ tenant: 'fen', from: '2026-11-01', to: '2026-11-30' }, ctx())).toEqual({ tenant: 'fen', from: '2026-11-01', to: '2026-11-30' });
    expect(readWindow({ tenant: 'fen', from: '2026-11-01', to: '2026-11-01', type: 'finance.journal.posted.v1', target: 'finance-fen' }, ctx())).toEqual({
      tenant: 'fen', from: '2026-11-01', to: '2026-11-01', type: 'finance.journal.posted.v1', target: 'finance-fen',
    });
  });

  it("answers 404 alike for a tenant that does not exist and one outside the caller's tenants", () => {
    expect(problem(() => readWindow({ tenant: 'nowhere', from: '2026-11-01', to: '2026-11-02' }, ctx()))).toMatchObject({ status: 404, path: '/tenant' });
    const other = problem(() => readWindow({ tenant: 'moor', from: '2026-11-01', to: '2026-11-02' }, ctx({ scope: ['fen'] })));
    expect(other).toEqual(problem(() => readWindow({ tenant: 'moor', from: '2026-11-01', to: '2026-11-02' }, ctx({ scope: ['fen'], tenants: new Set(['fen']) }))));
    expect(other.status).toBe(404);
  });

  it.each([
    ['no tenant', { from: '2026-11-01', to: '2026-11-02' }, '/tenant', /required/],
    ['no from', { tenant: 'fen', to: '2026-11-02' }, '/from', /required/],
    ['a time, not a day', { tenant: 'fen', from: '2026-11-01T00:00:00Z', to: '2026-11-02' }, '/from', /YYYY-MM-DD/],
    ['a day the month does not have', { tenant: 'fen', from: '2026-02-30', to: '2026-03-02' }, '/from', /exists/],
    ['a word', { tenant: 'fen', from: 'yesterday', to: '2026-11-02' }, '/from', /exists/],
    ['from after to', { tenant: 'fen', from: '2026-11-30', to: '2026-11-01' }, '/from', /after/],
    ['93 days', { tenant: 'fen', from: '2026-01-01', to: '2026-04-03' }, '/to', /93 days: at most 92/],
    ['an unknown type', { tenant: 'fen', from: '2026-11-01', to: '2026-11-02', type: 'finance.journal.posted.v9' }, '/type', /unknown event type/],
    ["another tenant's target", { tenant: 'fen', from: '2026-11-01', to: '2026-11-02', target: 'finance-moor' }, '/target', /no target "finance-moor" of tenant fen/],
    ['a parameter given twice', { tenant: 'fen', from: '2026-11-01', to: '2026-11-02', type: ['a', 'b'] }, '/type', /once/],
  ])('refuses %s with 400 naming the parameter', (_, q, path, message) => {
    const p = problem(() => readWindow(q as Record<string, unknown>, ctx()));
    expect(p).toMatchObject({ status: 400, path });
    expect(p.message).toMatch(message);
  });

  it('takes exactly the longest window, counting both ends', () => {
    expect(daysIn('2026-01-01', '2026-04-02')).toBe(92);
    expect(readWindow({ tenant: 'fen', from: '2026-01-01', to: '2026-04-02' }, ctx()).to).toBe('2026-04-02');
    expect(daysIn('2026-03-29', '2026-03-29')).toBe(1);
    // Across the clocks going forward: days are UTC, every one 24 h.
    expect(daysIn('2026-03-28', '2026-03-30')).toBe(3);
    expect(readDay('from', '2028-02-29')).toBe('2028-02-29');
  });
});
