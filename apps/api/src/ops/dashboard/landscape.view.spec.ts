import { renderLandscape } from './landscape.view';

describe('renderLandscape', () => {
  it('shows the version, who made it and each migration step with its stage, escaped', () => {
    const html = renderLandscape({ version: 3, actor: 'fen-operator', createdAt: '2026-12-01T09:00:00.000Z', reason: 'go-live <CHG-3301>', migrations: [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen', stage: 'parallel-run' }] });
    expect(html).toContain('<h2>Landscape version 3</h2>');
    expect(html).toContain('by <b>fen-operator</b> at 2026-12-01T09:00:00.000Z: go-live &lt;CHG-3301&gt;');
    expect(html).toContain('<td>payroll-fen → cloud-erp-fen</td><td class="stage-parallel-run">parallel run (new system as shadow)</td>');
    expect(renderLandscape({ version: 1, migrations: [] })).toContain('No staged replacement within your tenants.');
  });
});
