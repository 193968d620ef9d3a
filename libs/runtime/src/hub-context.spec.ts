import { join } from 'node:path';
import type { TargetConnector } from '@hub/connector-sdk';
import { loadHubContext } from './hub-context';

const root = join(__dirname, '..', '..', '..');
const env = { HUB_CONFIG: join(root, 'config', 'demo.json'), SCHEMAS_DIR: join(root, 'schemas'), LOG_LEVEL: 'silent' };
const landscape = {
  tenants: [{ code: 'fen', name: 'Fenland' }],
  sources: [],
  opsUsers: [],
  targets: [{ id: 'payroll-fen', tenant: 'fen', connector: 'payroll', endpoint: 'http://127.0.0.1:1', timeoutMs: 1000 }],
  routes: [{ tenant: 'fen', type: 'hr.employee.joined.v1', targets: ['payroll-fen'] }],
};

/** A target connector that takes the joiner only: all the landscape checks read of one is its manifest. */
const payroll = { manifest: { name: 'payroll', consumes: ['hr.employee.joined.v1'] } } as unknown as TargetConnector;

describe('loadHubContext (the connectors are handed in: this library imports none)', () => {
  it('checks the landscape against exactly the connectors given, and holds those', () => {
    const targets = new Map([['payroll', payroll]]);
    const ctx = loadHubContext({ targets, sources: new Map() }, { env, config: landscape });
    expect(ctx.connectors).toBe(targets);
    expect(ctx.config.targets.map((t) => t.connector)).toEqual(['payroll']);
  });

  it('refuses a landscape naming a connector it was not given', () => {
    expect(() => loadHubContext({ targets: new Map(), sources: new Map() }, { env, config: landscape })).toThrow(/target "payroll-fen" uses unknown connector "payroll"/);
  });
});
