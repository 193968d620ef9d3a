import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHubConfig } from '@hub/config';
import { flowsOf, landscapeDocFor, renderLandscape } from './landscape-doc';

const root = join(__dirname, '..');

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
      { tenant: 'fen', type: 'hr.employee.joined.v1', from: 'hr', to: 'payroll' },
      { tenant: 'fen', type: 'hr.employee.joined.v1', from: 'hr', to: 'dms' },
      { tenant: 'fen', type: 'hr.employee.left.v1', from: 'hr', to: 'payroll' },
      { tenant: 'fen', type: 'hr.employee.left.v1', from: 'hr', to: 'dms' },
    ]);
  });

  it('counts one interface per pair of systems per force, against one connector per system', () => {
    const page = renderLandscape(config, 'x.json');
    expect(page).toContain('**4 interfaces**');
    expect(page).toContain('**3 connectors** (dms, hr, payroll)');
    expect(page).toContain('| fen | 2: hr → dms, hr → payroll | 4 |');
    expect(page).toContain('src_hr -- "hr.employee.joined.v1<br/>hr.employee.left.v1" --> hub');
  });
});
