import { join } from 'node:path';
import { HubConfigError } from '@hub/config';
import { loadHubContext } from './hub-context';

const root = join(__dirname, '..', '..', '..');
const env = (config: string) => ({ HUB_CONFIG: join(root, 'config', config), SCHEMAS_DIR: join(root, 'schemas'), LOG_LEVEL: 'silent' });

describe('loadHubContext', () => {
  it.each(['demo.json', 'compose.json'])('boots the shipped landscape %s against the real schemas and connectors', (file) => {
    const ctx = loadHubContext({ env: env(file) });
    expect(ctx.config.tenants.map((t) => t.code)).toEqual(['fen', 'moor', 'vale']);
    expect(ctx.registry.has('hr.employee.joined.v2')).toBe(true);
  });

  it('refuses a route whose target connector does not take the routed type', () => {
    const ctx = loadHubContext({ env: env('demo.json') });
    const raw = structuredClone(ctx.config) as unknown as { routes: { tenant: string; type: string; targets: string[] }[] };
    raw.routes.push({ tenant: 'fen', type: 'hr.employee.left.v1', targets: ['payroll-fen'] });
    expect(() => loadHubContext({ env: env('demo.json'), config: raw })).toThrow(HubConfigError);
    expect(() => loadHubContext({ env: env('demo.json'), config: raw })).toThrow(/connector "payroll" does not take that type/);
  });
});
