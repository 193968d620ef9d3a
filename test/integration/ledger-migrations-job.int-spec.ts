// Migrations once: the migration Job (node dist/apps/hub/src/migrate.js) brings a fresh ledger up to
// date and exits 0, or exits 1 saying why; roles with LEDGER_MIGRATIONS=external never migrate and
// answer /health/ready 503 (live all the while) until the Job has run, then become ready by
// themselves; with the default (boot) a role migrates at start, as before.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { knownLedgerMigrations, pendingLedgerMigrations } from '@hub/ledger';
import { waitFor } from '@hub/testing';
import { ensureHubBuilt } from '../support/hub-build';
import { HubRun } from '../support/hub-run';

const MIGRATE = join(__dirname, '..', '..', 'dist', 'apps', 'hub', 'src', 'migrate.js');

/** Runs the migration Job to its end. */
function migrateJob(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MIGRATE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b));
    child.stderr.on('data', (b: Buffer) => (output += b));
    child.once('error', reject).once('exit', (code) => resolve({ code, output }));
  });
}

async function health(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  return { status: res.status, body: await res.json() };
}

describe('ledger migrations run once, by the migration Job', () => {
  const runs: HubRun[] = [];
  const run = (env: Record<string, string> = {}) => {
    const r = new HubRun([{ id: 'payroll-fen', url: 'http://127.0.0.1:9' }], { LEDGER_MIGRATIONS: 'external', ...env });
    runs.push(r);
    return r;
  };

  beforeAll(() => ensureHubBuilt(), 180_000);
  afterAll(async () => {
    for (const r of runs) await r.close();
  }, 60_000);

  it('migrates a fresh ledger and exits 0; run again, finds nothing to do and exits 0', async () => {
    const r = run();
    const first = await migrateJob({ ...r.env, LOG_LEVEL: 'info' });
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toContain(`ran ${knownLedgerMigrations().length} migration(s)`);
    expect(await pendingLedgerMigrations(r.env.DATABASE_URL, { schema: r.env.LEDGER_SCHEMA })).toEqual([]);
    const second = await migrateJob({ ...r.env, LOG_LEVEL: 'info' });
    expect(second).toMatchObject({ code: 0 });
    expect(second.output).toContain('the schema was current already');
  }, 30_000);

  it('exits 1 with the reason when PostgreSQL cannot be reached or the settings are wrong', async () => {
    const away = await migrateJob({ ...run().env, DATABASE_URL: 'postgres://hub:hub@127.0.0.1:1/hub' });
    expect(away.code).toBe(1);
    expect(away.output).toMatch(/^ledger migrations failed: .*ECONNREFUSED/m);
    const wrong = await migrateJob({ ...run().env, LEDGER_SCHEMA: 'Not A Name' });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('ledger migrations failed: LEDGER_SCHEMA must be a lower-case SQL name');
  }, 30_000);

  it('keeps external roles not ready, saying why, without migrating, until the Job has run; then they are ready', async () => {
    const r = run();
    const [api, worker] = [await r.role('api'), await r.role('worker')];
    api.start();
    worker.start();
    const waiting = (url: string) =>
      waitFor(`${url} to say it waits for the migrations`, async () => {
        const h = await health(url).catch(() => undefined);
        return h?.status === 503 && h.body.error?.['ledger-migrations']?.message?.includes(`lacks ${knownLedgerMigrations().length} migration(s)`) ? h : undefined;
      }, 30_000, 200);
    for (const p of [api, worker]) {
      const h = await waiting(p.readyUrl);
      expect(h.body.error['ledger-migrations'].message).toContain('run the migration Job');
      expect((await health(p.readyUrl.replace('/ready', '/live'))).status).toBe(200);
    }
    // Two readiness answers later, still nothing migrated: the roles only look.
    await waiting(api.readyUrl);
    expect(await pendingLedgerMigrations(r.env.DATABASE_URL, { schema: r.env.LEDGER_SCHEMA })).toEqual(knownLedgerMigrations());

    expect((await migrateJob(r.env)).code).toBe(0);
    await Promise.all([api.ready(30_000), worker.ready(30_000)]);
    expect(r.exits).toEqual([]);
  }, 90_000);

  it('migrates at start by default (LEDGER_MIGRATIONS=boot)', async () => {
    const r = run({ LEDGER_MIGRATIONS: 'boot' });
    const worker = await r.role('worker');
    worker.start();
    await worker.ready(60_000);
    expect(await pendingLedgerMigrations(r.env.DATABASE_URL, { schema: r.env.LEDGER_SCHEMA })).toEqual([]);
  }, 90_000);
});
