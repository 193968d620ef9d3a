import { join } from 'node:path';
import { HubConfigError } from '@hub/config';
import { demoEnv } from '@test/support';
import { hubContext } from './composition';

const root = join(__dirname, '..', '..', '..');
const env = (config: string): Record<string, string> => ({ ...demoEnv(), HUB_CONFIG: join(root, 'config', config), SCHEMAS_DIR: join(root, 'schemas'), LOG_LEVEL: 'silent' });

describe('hubContext (the composition root: the shipped connectors)', () => {
  it.each(['demo.json', 'compose.json'])('boots the shipped landscape %s against the real schemas and connectors', (file) => {
    const ctx = hubContext({ env: env(file) });
    expect(ctx.config.tenants.map((t) => t.code)).toEqual(['fen', 'moor', 'vale']);
    expect(ctx.registry.has('hr.employee.joined.v2')).toBe(true);
  });

  it('refuses a route whose target connector does not take the routed type', () => {
    const ctx = hubContext({ env: env('demo.json') });
    const raw = structuredClone(ctx.config) as unknown as { routes: { tenant: string; type: string; targets: string[] }[] };
    raw.routes.find((r) => r.tenant === 'fen' && r.type === 'training.course.completed.v1')!.targets.push('payroll-fen');
    expect(() => hubContext({ env: env('demo.json'), config: raw })).toThrow(HubConfigError);
    expect(() => hubContext({ env: env('demo.json'), config: raw })).toThrow(/connector "payroll" does not take that type/);
  });

  it("takes each target's credential from the variable it names, and never boots without it", () => {
    const ctx = hubContext({ env: env('demo.json') });
    expect(ctx.credentials.get('hr-fen')).toBe(demoEnv().HR_API_TOKEN_FEN);
    expect(ctx.credentials.has('payroll-fen')).toBe(false);
    const { HR_API_TOKEN_MOOR: _, ...without } = env('demo.json');
    expect(() => hubContext({ env: without })).toThrow(/target "hr-moor" names credential HR_API_TOKEN_MOOR, which is not set/);
  });

  it('refuses a target whose connector requires a credential when it names none', () => {
    const raw = structuredClone(hubContext({ env: env('demo.json') }).config) as unknown as { targets: { id: string; credentialRef?: string }[] };
    delete raw.targets.find((t) => t.id === 'finance-vale')!.credentialRef;
    expect(() => hubContext({ env: env('demo.json'), config: raw })).toThrow(/target "finance-vale" needs a credential/);
  });

  it("gives a target its connector's defaults under what the target sets itself", () => {
    const ctx = hubContext({ env: env('demo.json') });
    const dms = ctx.config.targets.find((t) => t.id === 'dms-fen')!;
    const payroll = ctx.config.targets.find((t) => t.id === 'payroll-fen')!;
    const finance = ctx.config.targets.find((t) => t.id === 'finance-fen')!;
    // The legacy importer takes one file at a time and is slow to pick up: its manifest says so.
    expect(dms).toMatchObject({ concurrency: 1, timeoutMs: 30_000 });
    expect(finance.rateLimit).toEqual(ctx.connectors.get('finance')!.manifest.defaults!.rateLimit);
    // demo.json sets payroll's own retry policy, which wins over every default.
    expect(payroll.retry).toEqual({ attempts: 5, backoffMs: 500, maxBackoffMs: 10_000 });
  });
});
