import { describeDiffEntry, diffLandscapes } from './landscape-diff';

const v1 = {
  tenants: [{ code: 'fen', name: 'Fenland' }],
  sources: [{ id: 'hr', tokenSha256: 'a'.repeat(64), tenants: ['fen'], types: ['hr.*'] }],
  opsUsers: [],
  targets: [{ id: 'payroll-fen', tenant: 'fen', connector: 'payroll', endpoint: 'http://a' }],
  routes: [{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] }],
};

describe('diffLandscapes', () => {
  it('lists every entity of a first version as added', () => {
    expect(diffLandscapes(undefined, v1).map(describeDiffEntry)).toEqual(['tenant fen added', 'source hr added', 'target payroll-fen added', 'route fen/hr.* added: targets payroll-fen, shadow cloud-erp-fen']);
  });

  it('says what changed, entity by entity, with routes before and after and only field names for the rest', () => {
    const v2 = structuredClone(v1) as typeof v1 & { migrations: unknown[] };
    v2.routes[0] = { tenant: 'fen', type: 'hr.*', targets: ['cloud-erp-fen'], shadow: [] };
    v2.routes.push({ tenant: 'fen', type: 'payroll.*', targets: ['payroll-fen'], shadow: [] });
    v2.targets[0].endpoint = 'http://b';
    v2.sources[0].tokenSha256 = 'b'.repeat(64);
    v2.tenants.push({ code: 'moor', name: 'Moorside' });
    v2.migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }];
    const diff = diffLandscapes(v1, v2);
    expect(diff.map(describeDiffEntry)).toEqual([
      'tenant moor added',
      'source hr changed: tokenSha256',
      'target payroll-fen changed: endpoint',
      'route fen/hr.*: targets payroll-fen → cloud-erp-fen; shadow cloud-erp-fen → (none)',
      'route fen/payroll.* added: targets payroll-fen',
      'migration fen/hr payroll-fen → cloud-erp-fen added',
    ]);
    expect(JSON.stringify(diff)).not.toContain('b'.repeat(64));
    expect(diff.find((e) => e.entity === 'route' && e.change === 'changed')).toMatchObject({ tenant: 'fen', before: { targets: ['payroll-fen'] }, after: { targets: ['cloud-erp-fen'] } });
    expect(diff.find((e) => e.entity === 'source')!.tenant).toBeUndefined();
  });

  it('finds nothing between equal documents, whatever their key order', () => {
    const reordered = JSON.parse(JSON.stringify({ routes: v1.routes, targets: v1.targets.map((t) => ({ endpoint: t.endpoint, connector: t.connector, tenant: t.tenant, id: t.id })), opsUsers: [], sources: v1.sources, tenants: v1.tenants }));
    expect(diffLandscapes(v1, reordered)).toEqual([]);
    expect(diffLandscapes(v1, { ...v1, routes: [] }).map(describeDiffEntry)).toEqual(['route fen/hr.* removed (was: targets payroll-fen, shadow cloud-erp-fen)']);
  });
});
