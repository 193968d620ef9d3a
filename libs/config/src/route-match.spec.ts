import { domainOf, isTypePattern, resolveRoute, routeCovers } from './route-match';

const JOINED = 'hr.employee.joined.v1';

describe('route matching', () => {
  it('tells exact types from patterns, and what a pattern covers', () => {
    expect(isTypePattern('hr.*')).toBe(true);
    expect(isTypePattern(JOINED)).toBe(false);
    expect(routeCovers('hr.*', JOINED)).toBe(true);
    expect(routeCovers('hr.employee.*', JOINED)).toBe(true);
    expect(routeCovers('hr.*', 'hrx.employee.joined.v1')).toBe(false);
    expect(routeCovers('hr.absence.*', JOINED)).toBe(false);
    expect(routeCovers(JOINED, JOINED)).toBe(true);
    expect(routeCovers(JOINED, 'hr.employee.joined.v2')).toBe(false);
    expect(domainOf(JOINED)).toBe('hr');
    expect(domainOf('hr.*')).toBe('hr');
  });

  it("resolves a tenant's exact route before any pattern, then the most specific pattern, never another tenant's", () => {
    const routes = [
      { tenant: 'fen', type: 'hr.*', n: 1 },
      { tenant: 'fen', type: 'hr.employee.*', n: 2 },
      { tenant: 'fen', type: 'hr.employee.left.v1', n: 3 },
      { tenant: 'moor', type: JOINED, n: 4 },
    ];
    expect(resolveRoute(routes, 'fen', 'hr.employee.left.v1')?.n).toBe(3);
    expect(resolveRoute(routes, 'fen', JOINED)?.n).toBe(2);
    expect(resolveRoute(routes, 'fen', 'hr.absence.recorded.v1')?.n).toBe(1);
    expect(resolveRoute(routes, 'fen', 'payroll.pay-change.requested.v1')).toBeUndefined();
    expect(resolveRoute(routes, 'moor', 'hr.employee.left.v1')).toBeUndefined();
    expect(resolveRoute(routes, 'vale', JOINED)).toBeUndefined();
    // Order in the file does not matter.
    expect(resolveRoute([...routes].reverse(), 'fen', JOINED)?.n).toBe(2);
  });
});
