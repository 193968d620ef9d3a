import type { TargetConfig } from '@hub/config';
import { ProblemException } from '@hub/http-problem';
import { BackfillRequestContext, expandTypes, readBackfillRequest } from './backfill-request';

const ERP = ['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.moved.v1', 'hr.employee.left.v1', 'payroll.pay-change.requested.v1'];
const target = (id: string, tenant: string, connector = 'cloud-erp') => ({ id, tenant, connector }) as TargetConfig;

function ctx(over: Partial<BackfillRequestContext> = {}): BackfillRequestContext {
  return {
    visible: () => true,
    tenants: new Set(['fen', 'moor']),
    targets: new Map([['erp-fen', target('erp-fen', 'fen')], ['erp-moor', target('erp-moor', 'moor')]]),
    consumes: () => ERP,
    known: (t) => ERP.includes(t) || t === 'dms.shift.rostered.v1',
    defaultRate: 100,
    maxRate: 5_000,
    now: new Date('2026-11-23T12:00:00Z'),
    ...over,
  };
}

/** The problem a request gets: status and each entry's path and message. */
function refusal(body: unknown, c = ctx()) {
  try {
    readBackfillRequest(body, c);
  } catch (err) {
    if (err instanceof ProblemException) return { status: err.status, title: err.title, detail: err.detail, errors: err.errors };
    throw err;
  }
  throw new Error('accepted');
}

describe('readBackfillRequest', () => {
  it('reads a request: types expanded against the connector, the window in UTC, the default rate', () => {
    expect(readBackfillRequest({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], from: '2026-09-01', to: '2026-10-01T00:00:00+01:00' }, ctx())).toEqual({
      tenant: 'fen',
      target: 'erp-fen',
      types: ['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.left.v1', 'hr.employee.moved.v1'],
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-09-30T23:00:00.000Z',
      rate: 100,
      dryRun: false,
      filter: { types: ['hr.*'], from: '2026-09-01T00:00:00.000Z', to: '2026-09-30T23:00:00.000Z' },
    });
  });

  it('ends the window at the latest now, and takes every type of the connector when only a window is given', () => {
    const c = readBackfillRequest({ tenant: 'fen', target: 'erp-fen', from: '2026-11-01', to: '2027-01-01', rate: 5_000, dryRun: true, reason: 'seed the ERP, CHG-3001' }, ctx());
    expect(c).toMatchObject({ types: [...ERP].sort(), to: '2026-11-23T12:00:00.000Z', rate: 5_000, dryRun: true, reason: 'seed the ERP, CHG-3001', filter: { from: '2026-11-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' } });
  });

  it('requires a filter: tenant and target alone would be all of a force\'s history', () => {
    expect(refusal({ tenant: 'fen', target: 'erp-fen' })).toMatchObject({ status: 400, title: 'Filter required' });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', rate: 10 })).toMatchObject({ status: 400, title: 'Filter required' });
  });

  it('answers an unknown tenant or target, and one outside the caller\'s tenants, alike: 404', () => {
    expect(refusal({ tenant: 'nowhere', target: 'erp-fen', types: ['hr.*'] })).toMatchObject({ status: 404, detail: 'no tenant "nowhere" within your tenants' });
    expect(refusal({ tenant: 'fen', target: 'erp-nowhere', types: ['hr.*'] })).toMatchObject({ status: 404, detail: 'no target "erp-nowhere" within your tenants' });
    const fenOnly = ctx({ visible: (t) => t === 'fen' });
    expect(refusal({ tenant: 'moor', target: 'erp-moor', types: ['hr.*'] }, fenOnly)).toMatchObject({ status: 404, detail: 'no tenant "moor" within your tenants' });
    expect(refusal({ tenant: 'fen', target: 'erp-moor', types: ['hr.*'] }, fenOnly)).toMatchObject({ status: 404, detail: 'no target "erp-moor" within your tenants' });
  });

  it("refuses a target of another force when the caller sees both", () => {
    expect(refusal({ tenant: 'fen', target: 'erp-moor', types: ['hr.*'] })).toMatchObject({ status: 400, errors: [{ path: '/target', message: expect.stringContaining('erp-moor is a target of moor, not of fen') }] });
  });

  it('refuses a window with from after to, a from in the future, and times that are not RFC 3339', () => {
    expect(refusal({ tenant: 'fen', target: 'erp-fen', from: '2026-10-02', to: '2026-10-01' })).toMatchObject({ status: 400, errors: [{ path: '/from', message: expect.stringContaining('is after to') }] });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', from: '2026-12-01' })).toMatchObject({ status: 400, errors: [{ path: '/from', message: expect.stringContaining('in the future') }] });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', to: 'yesterday' })).toMatchObject({ status: 400, errors: [{ path: '/to' }] });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', from: '2026-02-30' })).toMatchObject({ status: 400, errors: [{ path: '/from' }] });
  });

  it('refuses a rate above the maximum, or not a whole number from 1', () => {
    for (const rate of [5_001, 0, 1.5, '100', -3]) expect(refusal({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], rate })).toMatchObject({ status: 400, errors: [{ path: '/rate', message: expect.stringContaining('from 1 to 5000') }] });
  });

  it('refuses unknown fields (a typo must not widen the selection), a bad dryRun, a short reason, control characters', () => {
    expect(refusal({ tenant: 'fen', target: 'erp-fen', from: '2026-11-01', type: 'hr.employee.left.v1' })).toMatchObject({ status: 400, errors: [{ path: '/type', message: expect.stringContaining('unknown field') }] });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], dryRun: 'yes' })).toMatchObject({ errors: [{ path: '/dryRun' }] });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', types: ['hr.*'], reason: 'x' })).toMatchObject({ errors: [{ path: '/reason' }] });
    expect(refusal({ tenant: 'fen', target: 'erp-fen', subject: 'FEN-1\n' })).toMatchObject({ errors: [{ path: '/subject' }] });
    expect(refusal({ tenant: 7, target: 'erp-fen', types: ['hr.*'] })).toMatchObject({ errors: [{ path: '/tenant' }] });
    expect(refusal([])).toMatchObject({ status: 400, errors: [{ path: '', message: 'the body must be a JSON object' }] });
    expect(refusal({ target: 'erp-fen', types: ['hr.*'] })).toMatchObject({ errors: [{ path: '/tenant', message: 'required' }] });
  });
});

describe('expandTypes', () => {
  const known = (t: string) => ERP.includes(t) || t === 'dms.shift.rostered.v1';

  it('keeps exact types and expands patterns to what the connector takes, once each', () => {
    expect(expandTypes(['hr.employee.left.v1', 'hr.employee.*', 'payroll.*'], 'cloud-erp', ERP, known)).toEqual(['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.left.v1', 'hr.employee.moved.v1', 'payroll.pay-change.requested.v1']);
  });

  it('refuses, each with its own entry, a type the connector does not take, an unknown type, a pattern matching none of its types, and * alone', () => {
    try {
      expandTypes(['dms.shift.rostered.v1', 'hr.employee.flew.v1', 'dms.*', '*', 3], 'cloud-erp', ERP, known);
      throw new Error('accepted');
    } catch (err) {
      expect((err as ProblemException).errors).toEqual([
        { path: '/types/0', message: expect.stringContaining('the cloud-erp connector does not take dms.shift.rostered.v1') },
        { path: '/types/1', message: 'unknown event type "hr.employee.flew.v1"' },
        { path: '/types/2', message: expect.stringContaining('the cloud-erp connector takes no dms.* type') },
        { path: '/types/3', message: expect.stringContaining('* alone would be everything') },
        { path: '/types/4', message: 'must be an event type or a pattern such as hr.*' },
      ]);
    }
  });

  it('refuses an empty list or one that is not a list', () => {
    for (const raw of [[], 'hr.*', {}]) expect(() => expandTypes(raw, 'cloud-erp', ERP, known)).toThrow(ProblemException);
  });
});
