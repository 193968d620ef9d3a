import { HubConfigError } from '@hub/config';
import { landscapeProblems, scopeChange, scopeDocument } from './landscape-view';

const doc = {
  tenants: [{ code: 'fen', name: 'Fenland' }, { code: 'moor', name: 'Moorside' }],
  sources: [{ id: 'hr', tokenSha256: 'a'.repeat(64), tenants: ['fen', 'moor'], types: ['hr.*'] }],
  opsUsers: [{ id: 'admin', tokenSha256: 'b'.repeat(64), roles: ['viewer'], tenants: ['*'] }],
  targets: [{ id: 'payroll-fen', tenant: 'fen' }, { id: 'payroll-moor', tenant: 'moor' }],
  routes: [{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'] }, { tenant: 'moor', type: 'hr.*', targets: ['payroll-moor'] }],
  migrations: [{ tenant: 'moor', domain: 'hr', from: 'payroll-moor', to: 'cloud-erp-moor' }],
  gateway: { webhooks: [{ path: 'hr', tenants: ['fen', 'moor'] }] },
};

describe('scopeDocument', () => {
  it('shows all of it to tenants * but the token hashes', () => {
    const all = scopeDocument(doc, '*');
    expect(JSON.stringify(all)).not.toMatch(/tokenSha256|aaaa|bbbb/);
    expect(all).toMatchObject({ tenants: doc.tenants, targets: doc.targets, routes: doc.routes, gateway: doc.gateway, sources: [{ id: 'hr' }], opsUsers: [{ id: 'admin' }] });
  });

  it("shows a force's operator its own tenants, targets, routes and steps, and nothing that spans forces", () => {
    expect(scopeDocument(doc, ['fen'])).toEqual({ tenants: [doc.tenants[0]], targets: [doc.targets[0]], routes: [doc.routes[0]], migrations: [] });
  });
});

describe('scopeChange', () => {
  const change = {
    kind: 'cutover', tenant: 'moor', domain: 'hr', keepOldAsShadow: false, routes: [],
    diff: [{ change: 'changed', entity: 'route', id: 'moor/hr.*', tenant: 'moor', fields: ['targets'], before: { targets: ['payroll-moor'], shadow: [] }, after: { targets: ['cloud-erp-moor'], shadow: [] } }, { change: 'changed', entity: 'source', id: 'hr', fields: ['tokenSha256'] }],
  };
  it("gives another force's operator nothing of it but its kind", () => {
    expect(scopeChange(change, ['fen'])).toEqual({ kind: 'cutover', changes: [], summary: [] });
  });
  it('gives the force its cutover and its entries, and tenants * every entry with a line each', () => {
    expect(scopeChange(change, ['moor'])).toMatchObject({ kind: 'cutover', tenant: 'moor', domain: 'hr', summary: ['route moor/hr.*: targets payroll-moor → cloud-erp-moor'] });
    expect(scopeChange(change, '*').summary).toEqual(['route moor/hr.*: targets payroll-moor → cloud-erp-moor', 'source hr changed: tokenSha256']);
  });
});

describe('landscapeProblems', () => {
  it("answers each boot problem as an entry, with ajv's pointer into the document as its path", () => {
    const err = new HubConfigError(['/routes/0/type must match pattern "^x$"', 'route fen/hr.* sends to unknown target "x"', '/ must have required property \'tenants\'']);
    expect(landscapeProblems(err)).toEqual([
      { path: '/landscape/routes/0/type', message: 'must match pattern "^x$"' },
      { path: '/landscape', message: 'route fen/hr.* sends to unknown target "x"' },
      { path: '/landscape', message: "must have required property 'tenants'" },
    ]);
  });
});
