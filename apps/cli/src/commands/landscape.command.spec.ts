import { describeCutover, describeLandscape, versionRows } from './landscape.command';

const routes = [{ type: 'hr.*', before: { targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] }, after: { targets: ['cloud-erp-fen'], shadow: ['payroll-fen'] } }];
const migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen', stage: 'cut-over' }];

describe('landscape commands', () => {
  it('tell a dry run from a cutover, with the routes before and after and the stages', () => {
    expect(describeCutover({ dryRun: true, basedOn: 2, tenant: 'fen', domain: 'hr', routes, migrations }).split('\n')).toEqual([
      'dry run: cutting fen/hr over would change 1 route(s) of landscape version 2 (nothing stored)',
      '  fen/hr.*: targets payroll-fen → cloud-erp-fen; shadow cloud-erp-fen → payroll-fen',
      'migration plan:',
      '  fen/hr: payroll-fen → cloud-erp-fen: cut-over',
    ]);
    expect(describeCutover({ version: 3, basedOn: 2, tenant: 'fen', domain: 'hr', routes, migrations: [] }).split('\n')[0]).toBe('cut over fen/hr: landscape version 3 (was 2); events accepted from now on go to the new primaries');
  });

  it('show the version with who made it, and one line per version with its first change', () => {
    const shown = describeLandscape({ version: 3, createdAt: '2026-12-01T09:00:00.000Z', actor: 'fen-operator', reason: 'HR go-live', migrations, landscape: { routes: [{ tenant: 'fen', type: 'hr.*', targets: ['cloud-erp-fen'] }] } }).split('\n');
    expect(shown.slice(0, 3)).toEqual(['landscape version 3, by fen-operator at 2026-12-01 09:00:00Z: HR go-live', 'migration plan:', '  fen/hr: payroll-fen → cloud-erp-fen: cut-over']);
    expect(shown[5]).toMatch(/^fen\s+hr\.\*\s+cloud-erp-fen$/);
    expect(versionRows([{ version: 2, createdAt: '2026-12-01T08:00:00.000Z', actor: 'landscape-admin', reason: 'parallel run', change: { kind: 'document', summary: ['target cloud-erp-fen added', 'route fen/hr.* added'] } }])).toEqual([
      { version: 2, at: '2026-12-01 08:00:00Z', actor: 'landscape-admin', kind: 'document', reason: 'parallel run', changes: 'target cloud-erp-fen added (+1 more)' },
    ]);
  });
});
