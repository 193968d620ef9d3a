import { CutoverRefused, planCutover } from './cutover';

const targets = ['payroll-fen', 'cloud-erp-fen', 'dms-fen', 'finance-fen'].map((id) => ({ id, tenant: 'fen', connector: id.replace(/-fen$/, '') }));
function landscape(o: { routes?: unknown[]; migrations?: unknown[] } = {}) {
  return {
    tenants: [{ code: 'fen', name: 'Fenland' }, { code: 'moor', name: 'Moorside' }],
    targets: [...targets, { id: 'cloud-erp-moor', tenant: 'moor', connector: 'cloud-erp' }],
    routes: o.routes ?? [
      { tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'fen', type: 'hr.employee.left.v1', targets: ['payroll-fen', 'dms-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'fen', type: 'payroll.pay-change.requested.v1', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'moor', type: 'hr.*', targets: ['cloud-erp-moor'] },
    ],
    migrations: o.migrations ?? [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }],
  };
}
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CutoverRefused);
    return { refusal: (err as CutoverRefused).refusal, field: (err as CutoverRefused).field, message: (err as Error).message };
  }
  throw new Error('the cutover was planned');
};

describe('planCutover', () => {
  it("makes the domain's shadow the primary in place of the old one, and leaves other domains and forces alone", () => {
    const before = landscape();
    const { document, routes } = planCutover(before, { tenant: 'fen', domain: 'hr' });
    expect(document.routes).toEqual([
      { tenant: 'fen', type: 'hr.*', targets: ['cloud-erp-fen'] },
      { tenant: 'fen', type: 'hr.employee.left.v1', targets: ['cloud-erp-fen', 'dms-fen'] },
      { tenant: 'fen', type: 'payroll.pay-change.requested.v1', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'moor', type: 'hr.*', targets: ['cloud-erp-moor'] },
    ]);
    expect(routes).toEqual([
      { tenant: 'fen', type: 'hr.*', before: { targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] }, after: { targets: ['cloud-erp-fen'], shadow: [] }, promoted: [{ to: 'cloud-erp-fen', from: 'payroll-fen' }] },
      { tenant: 'fen', type: 'hr.employee.left.v1', before: { targets: ['payroll-fen', 'dms-fen'], shadow: ['cloud-erp-fen'] }, after: { targets: ['cloud-erp-fen', 'dms-fen'], shadow: [] }, promoted: [{ to: 'cloud-erp-fen', from: 'payroll-fen' }] },
    ]);
    // The input is not changed.
    expect(before.routes[0]).toEqual({ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] });
  });

  it('keeps the old primary as a shadow when asked', () => {
    const { document } = planCutover(landscape(), { tenant: 'fen', domain: 'hr', keepOldAsShadow: true });
    expect((document.routes as unknown[]).slice(0, 2)).toEqual([
      { tenant: 'fen', type: 'hr.*', targets: ['cloud-erp-fen'], shadow: ['payroll-fen'] },
      { tenant: 'fen', type: 'hr.employee.left.v1', targets: ['cloud-erp-fen', 'dms-fen'], shadow: ['payroll-fen'] },
    ]);
  });

  it('goes back after a cutover that kept the old primary as a shadow, when told which way', () => {
    const cut = planCutover(landscape(), { tenant: 'fen', domain: 'hr', keepOldAsShadow: true }).document;
    expect(refusal(() => planCutover(cut, { tenant: 'fen', domain: 'hr' })).refusal).toBe('nothing-to-change');
    const back = planCutover(cut, { tenant: 'fen', domain: 'hr', to: 'payroll-fen', from: 'cloud-erp-fen', keepOldAsShadow: true }).document;
    expect((back.routes as unknown[]).slice(0, 2)).toEqual([
      { tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'fen', type: 'hr.employee.left.v1', targets: ['payroll-fen', 'dms-fen'], shadow: ['cloud-erp-fen'] },
    ]);
  });

  it('without a plan, pairs a shadow with its route’s one primary, and needs "from" where a route has several', () => {
    const routes = [{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] }];
    expect(planCutover(landscape({ routes, migrations: [] }), { tenant: 'fen', domain: 'hr' }).document.routes).toEqual([{ tenant: 'fen', type: 'hr.*', targets: ['cloud-erp-fen'] }]);
    const two = [{ tenant: 'fen', type: 'hr.employee.left.v1', targets: ['payroll-fen', 'dms-fen'], shadow: ['cloud-erp-fen'] }];
    expect(refusal(() => planCutover(landscape({ routes: two, migrations: [] }), { tenant: 'fen', domain: 'hr' }))).toMatchObject({ refusal: 'ambiguous', field: 'from', message: expect.stringContaining('2 primaries (payroll-fen, dms-fen)') });
    expect(planCutover(landscape({ routes: two, migrations: [] }), { tenant: 'fen', domain: 'hr', from: 'dms-fen' }).document.routes).toEqual([{ tenant: 'fen', type: 'hr.employee.left.v1', targets: ['payroll-fen', 'cloud-erp-fen'] }]);
  });

  it('promotes only the shadow the plan names when it has steps for the domain', () => {
    const routes = [{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen', 'finance-fen'] }];
    const { document } = planCutover(landscape({ routes }), { tenant: 'fen', domain: 'hr' });
    expect(document.routes).toEqual([{ tenant: 'fen', type: 'hr.*', targets: ['cloud-erp-fen'], shadow: ['finance-fen'] }]);
  });

  it('refuses an unknown tenant, a target of another force, a domain without routes, and a cutover with nothing to change', () => {
    expect(refusal(() => planCutover(landscape(), { tenant: 'vale', domain: 'hr' }))).toMatchObject({ refusal: 'unknown-tenant', field: 'tenant' });
    expect(refusal(() => planCutover(landscape(), { tenant: 'fen', domain: 'hr', to: 'cloud-erp-moor' }))).toMatchObject({ refusal: 'unknown-target', field: 'to', message: 'no target "cloud-erp-moor" of tenant fen' });
    expect(refusal(() => planCutover(landscape(), { tenant: 'fen', domain: 'hr', to: 'cloud-erp-nowhere' }))).toMatchObject({ refusal: 'unknown-target', field: 'to' });
    expect(refusal(() => planCutover(landscape(), { tenant: 'fen', domain: 'procurement' }))).toMatchObject({ refusal: 'no-route', field: 'domain' });
    const done = planCutover(landscape(), { tenant: 'fen', domain: 'hr' }).document;
    expect(refusal(() => planCutover(done, { tenant: 'fen', domain: 'hr' }))).toMatchObject({ refusal: 'nothing-to-change', message: expect.stringContaining('no route of fen in hr has a shadow') });
    expect(refusal(() => planCutover(landscape(), { tenant: 'fen', domain: 'hr', to: 'dms-fen' }))).toMatchObject({ refusal: 'nothing-to-change', message: expect.stringContaining('"dms-fen" is not a shadow') });
  });
});
