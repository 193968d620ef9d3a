import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHubConfig } from '@hub/config';
import { domainStagesOf, flowsOf, landscapeDocFor, registryConsumes, renderLandscape } from './landscape-doc';

const root = join(__dirname, '..');
const demo = () => JSON.parse(readFileSync(join(root, 'config', 'demo.json'), 'utf8'));

describe('docs/landscape.md', () => {
  it('is what npm run docs:landscape writes from config/demo.json', () => {
    expect(readFileSync(join(root, 'docs', 'landscape.md'), 'utf8')).toBe(landscapeDocFor(root));
  });
});

describe('renderLandscape', () => {
  const config = parseHubConfig({
    tenants: [{ code: 'fen', name: 'Fen' }, { code: 'moor', name: 'Moor' }],
    sources: [{ id: 'hr-system', name: 'HR', tokenSha256: 'a'.repeat(64), tenants: ['fen', 'moor'], types: ['hr.*'] }],
    opsUsers: [],
    targets: ['fen', 'moor'].flatMap((t) => ['payroll', 'dms'].map((c) => ({ id: `${c}-${t}`, tenant: t, connector: c, endpoint: 'http://x' }))),
    routes: ['fen', 'moor'].flatMap((t) => [
      { tenant: t, type: 'hr.employee.joined.v1', targets: [`payroll-${t}`, `dms-${t}`] },
      { tenant: t, type: 'hr.employee.left.v1', targets: [`payroll-${t}`, `dms-${t}`] },
    ]),
    gateway: { webhooks: [{ path: 'hr', connector: 'hr', source: 'hr-system', tenants: ['fen', 'moor'], tokenRef: 'T' }], fileDrops: [] },
  });

  it('names the producing system by the connector that reads it', () => {
    expect(flowsOf(config).filter((f) => f.tenant === 'fen')).toEqual([
      { tenant: 'fen', type: 'hr.employee.joined.v1', from: 'hr', to: 'payroll', target: 'payroll-fen', role: 'primary' },
      { tenant: 'fen', type: 'hr.employee.joined.v1', from: 'hr', to: 'dms', target: 'dms-fen', role: 'primary' },
      { tenant: 'fen', type: 'hr.employee.left.v1', from: 'hr', to: 'payroll', target: 'payroll-fen', role: 'primary' },
      { tenant: 'fen', type: 'hr.employee.left.v1', from: 'hr', to: 'dms', target: 'dms-fen', role: 'primary' },
    ]);
  });

  it('counts one interface per pair of systems per force, against one connector per system', () => {
    const page = renderLandscape(config, 'x.json');
    expect(page).toContain('**4 interfaces**');
    expect(page).toContain('**3 connectors** (dms, hr, payroll)');
    expect(page).toContain('| fen | 2: hr → dms, hr → payroll | 4 |');
    expect(page).toContain('src_hr -- "hr.employee.joined.v1<br/>hr.employee.left.v1" --> hub');
    expect(page).toContain('Every force has the same routes');
  });
});

describe('the staged replacement per force and domain', () => {
  // Three forces replacing their payroll bureau by the cloud ERP for HR, each at another stage:
  // fen in a parallel run (a pattern route with a shadow), moor cut over with the bureau kept as a
  // shadow (exact routes), vale on its old system only; the duty-management system stays for all.
  const forces = ['fen', 'moor', 'vale'];
  const config = parseHubConfig({
    tenants: forces.map((code) => ({ code, name: code.toUpperCase() })),
    sources: [{ id: 'hr-system', name: 'HR', tokenSha256: 'a'.repeat(64), tenants: forces, types: ['hr.*', 'payroll.pay-change.requested.v1'] }],
    opsUsers: [],
    targets: forces.flatMap((t) => ['payroll', 'cloud-erp', 'dms'].map((c) => ({ id: `${c}-${t}`, tenant: t, connector: c, endpoint: 'http://x', ...(c === 'cloud-erp' ? { credentialRef: `ERP_${t.toUpperCase()}` } : {}) }))),
    routes: [
      { tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'fen', type: 'hr.employee.joined.v1', targets: ['payroll-fen', 'dms-fen'], shadow: ['cloud-erp-fen'] },
      { tenant: 'fen', type: 'payroll.pay-change.requested.v1', targets: ['payroll-fen'] },
      { tenant: 'moor', type: 'hr.employee.joined.v1', targets: ['cloud-erp-moor', 'dms-moor'], shadow: ['payroll-moor'] },
      { tenant: 'moor', type: 'hr.employee.left.v1', targets: ['cloud-erp-moor'], shadow: ['payroll-moor'] },
      { tenant: 'vale', type: 'hr.employee.joined.v1', targets: ['payroll-vale', 'dms-vale'] },
    ],
    migrations: forces.map((tenant) => ({ tenant, domain: 'hr', from: `payroll-${tenant}`, to: `cloud-erp-${tenant}` })),
    gateway: { webhooks: [{ path: 'hr', connector: 'hr', source: 'hr-system', tenants: forces, tokenRef: 'T' }], fileDrops: [] },
  });
  const flows = flowsOf(config, registryConsumes);
  const stages = domainStagesOf(config, flows);

  it('reads each step’s stage off the routes, with the old and new system and the targets it leaves alone', () => {
    expect(stages.filter((s) => s.domain === 'hr').map(({ tenant, stage, old, new: to, unchanged }) => ({ tenant, stage, old, new: to, unchanged }))).toEqual([
      { tenant: 'fen', stage: 'parallel run', old: ['payroll-fen'], new: ['cloud-erp-fen'], unchanged: ['dms-fen'] },
      { tenant: 'moor', stage: 'cut over (old system kept as a shadow)', old: ['payroll-moor'], new: ['cloud-erp-moor'], unchanged: ['dms-moor'] },
      { tenant: 'vale', stage: 'old system only', old: ['payroll-vale'], new: ['cloud-erp-vale'], unchanged: ['dms-vale'] },
    ]);
    // A domain without a step: on its old system, nothing planned.
    expect(stages.find((s) => s.tenant === 'fen' && s.domain === 'payroll')).toMatchObject({ stage: 'old system only', old: ['payroll-fen'], new: [], types: 1, interfaces: ['hr → payroll'] });
  });

  it('expands a pattern route to the types each target takes that no exact route decides, shadows apart', () => {
    const fen = flows.filter((f) => f.tenant === 'fen');
    expect(fen.filter((f) => f.role === 'primary').map((f) => `${f.type} → ${f.target}`)).toEqual([
      'hr.employee.joined.v2 → payroll-fen', 'hr.employee.left.v1 → payroll-fen', 'hr.employee.moved.v1 → payroll-fen',
      'hr.employee.joined.v1 → payroll-fen', 'hr.employee.joined.v1 → dms-fen',
      'payroll.pay-change.requested.v1 → payroll-fen',
    ]);
    expect(fen.filter((f) => f.role === 'shadow').map((f) => `${f.type} → ${f.target}`)).toEqual([
      'hr.employee.joined.v2 → cloud-erp-fen', 'hr.employee.left.v1 → cloud-erp-fen', 'hr.employee.moved.v1 → cloud-erp-fen', 'hr.employee.joined.v1 → cloud-erp-fen',
    ]);
    expect(stages.find((s) => s.tenant === 'fen' && s.domain === 'hr')).toMatchObject({ types: 4, interfaces: ['hr → dms', 'hr → payroll'] });
    // Cut over: the interface the hub replaced is now the one to the new system.
    expect(stages.find((s) => s.tenant === 'moor' && s.domain === 'hr')!.interfaces).toEqual(['hr → cloud-erp', 'hr → dms']);
  });

  it('shows a table per force with each domain’s stage, shadows marked, and counts no shadow as an interface', () => {
    const page = renderLandscape(config, 'x.json', registryConsumes);
    expect(page).toContain('### fen: FEN');
    expect(page).toContain('| hr | 4 | parallel run | payroll-fen | cloud-erp-fen | dms-fen | hr → dms, hr → payroll |');
    expect(page).toContain('| hr | 2 | cut over (old system kept as a shadow) | payroll-moor | cloud-erp-moor | dms-moor | hr → cloud-erp, hr → dms |');
    expect(page).toContain('| hr | 1 | old system only | payroll-vale | cloud-erp-vale | dms-vale | hr → dms, hr → payroll |');
    expect(page).toContain('| payroll | 1 | old system only | payroll-fen | none planned |  | hr → payroll |');
    expect(page).toContain('| fen | `hr.employee.moved.v1` | hr | cloud-erp-fen (shadow) |');
    expect(page).toContain('| fen | 2: hr → dms, hr → payroll | 6 |');
    expect(page).toContain('hub -.->|"hr.employee.joined.v1<br/>hr.employee.joined.v2<br/>hr.employee.left.v1<br/>hr.employee.moved.v1"| dst_cloud_erp');
    expect(page).toContain("the forces' routes differ");
  });
});

describe('the demo landscape in a parallel run', () => {
  // What config/demo.json becomes when Fenland's HR runs the cloud ERP beside its payroll bureau,
  // written either way a landscape can say it: a shadow on each exact route, or one pattern route.
  const withErp = (routes: (doc: { routes: { tenant: string; type: string; targets: string[]; shadow?: string[] }[] }) => void) => {
    // From the file's landscape without its parallel run (whatever stage the file is at), then the run.
    const doc = demo();
    doc.targets = doc.targets.filter((t: { id: string }) => t.id !== 'cloud-erp-fen');
    for (const r of doc.routes) delete r.shadow;
    doc.targets.push({ id: 'cloud-erp-fen', tenant: 'fen', connector: 'cloud-erp', endpoint: 'http://127.0.0.1:4131', credentialRef: 'CLOUD_ERP_TOKEN_FEN' });
    doc.migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }];
    routes(doc);
    const config = parseHubConfig(doc);
    return { config, page: renderLandscape(config, 'demo.json', registryConsumes) };
  };

  it.each([
    ['a shadow on each exact route', (doc: { routes: { tenant: string; type: string; targets: string[]; shadow?: string[] }[] }) => {
      for (const r of doc.routes) if (r.tenant === 'fen' && r.type.startsWith('hr.')) r.shadow = ['cloud-erp-fen'];
    }],
    ['one pattern route beside the exact ones', (doc: { routes: { tenant: string; type: string; targets: string[]; shadow?: string[] }[] }) => {
      doc.routes = doc.routes.filter((r) => !(r.tenant === 'fen' && r.type.startsWith('hr.') && r.targets.length === 1));
      for (const r of doc.routes) if (r.tenant === 'fen' && r.type.startsWith('hr.')) r.shadow = ['cloud-erp-fen'];
      doc.routes.push({ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] });
    }],
  ])('shows Fenland HR in a parallel run, the others on their old systems, and the same interfaces (%s)', (_, routes) => {
    const { page } = withErp(routes);
    expect(page).toContain('| hr | 4 | parallel run | payroll-fen | cloud-erp-fen | dms-fen, finance-fen | hr → dms, hr → finance, hr → payroll |');
    expect(page).toContain('| hr | 4 | old system only | payroll-moor, dms-moor, finance-moor | none planned |  | hr → dms, hr → finance, hr → payroll |');
    expect(page).toContain('| fen | 7: health-and-safety → hr, hr → dms, hr → finance, hr → payroll, payroll → finance, procurement-portal → finance, training → hr | 15 |');
    expect(page).toContain('**21 interfaces**');
    expect(page).toContain('**6 connectors** (cloud-erp, dms, finance, hr, payroll, training)');
    expect(page).toContain('and 4 more to the new systems of parallel runs, as shadows');
    expect(page).toContain('| fen | `hr.employee.left.v1` | hr | cloud-erp-fen (shadow) |');
  });
});
