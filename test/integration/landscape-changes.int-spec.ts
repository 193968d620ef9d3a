// The landscape as versioned data, changed through the API while the hub runs: a target and a shadow
// route added, a cutover, the checks and refusals, and the record of who changed what.
import fc from 'fast-check';
import { runCli } from '@apps/cli';
import { hashToken, HubConfigError } from '@hub/config';
import { CloudErpSimulator, DEFAULT_GRADE_CATALOGUE } from '@connectors/cloud-erp';
import { keyOfEvent } from '@hub/events';
import { joiner } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const CLOUD_ERP_TOKEN = 'cloud-erp-token';

describe('changing the landscape through the API', () => {
  let l: TestLandscape;
  const erp = new CloudErpSimulator('fen', 0, '127.0.0.1', { token: CLOUD_ERP_TOKEN, grades: [...DEFAULT_GRADE_CATALOGUE, 'SO2'] });

  beforeAll(async () => {
    await erp.start();
    l = await TestLandscape.start({ env: { CLOUD_ERP_TOKEN_FEN: CLOUD_ERP_TOKEN } });
  });
  afterAll(async () => {
    await l?.close();
    await erp.stop();
  });

  /** `hub …` with a token; answers the exit code and what it printed (errors included). */
  async function hub(args: string[], token: string = TOKENS.fenOperator) {
    const out: string[] = [];
    const code = await runCli(['--url', l.hub.url!, ...args], { env: { HUB_TOKEN: token }, out: (s) => out.push(s), err: (s) => out.push(s) });
    return { code, out: out.join('\n') };
  }
  const admin = (method: string, path: string, body?: unknown) => l.api(method, path, TOKENS.landscapeAdmin, body);
  /** The whole document as GET /v1/landscape gives it to an admin: no token hashes. */
  const documentNow = async () => (await admin('GET', '/v1/landscape')).body.landscape;
  const cloudErpTarget = () => ({ id: 'cloud-erp-fen', tenant: 'fen', connector: 'cloud-erp', endpoint: erp.url, credentialRef: 'CLOUD_ERP_TOKEN_FEN', rateLimit: { max: 500, perMs: 1000 } });

  it('starts from its file as version 1, shown within the caller’s tenants and never with a token hash', async () => {
    const all = await l.api('GET', '/v1/landscape', TOKENS.opsViewer);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ version: 1, actor: 'boot', change: { kind: 'file', path: '(inline)' } });
    expect(all.body.landscape.targets.map((t: { id: string }) => t.id)).toEqual(['payroll-fen', 'payroll-moor', 'payroll-vale']);
    const hashes = Object.values(TOKENS).map(hashToken);
    expect(JSON.stringify(all.body)).not.toContain('tokenSha256');
    for (const h of hashes) expect(JSON.stringify(all.body)).not.toContain(h);
    const fen = await l.api('GET', '/v1/landscape', TOKENS.fenOperator);
    expect(fen.body.landscape).toEqual({
      tenants: [{ code: 'fen', name: 'fen police' }],
      targets: [expect.objectContaining({ id: 'payroll-fen' })],
      routes: expect.arrayContaining([{ tenant: 'fen', type: 'hr.employee.joined.v1', targets: ['payroll-fen'] }]),
      migrations: [],
    });
    expect(JSON.stringify(fen.body)).not.toMatch(/moor|vale/);
  });

  it('adds a target and a shadow route through the API, and delivers to it at once, as a shadow', async () => {
    const doc = await documentNow();
    doc.targets.push(cloudErpTarget());
    doc.routes = doc.routes.filter((r: { tenant: string }) => r.tenant !== 'fen');
    doc.routes.push({ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] });
    doc.migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }];
    const put = await admin('PUT', '/v1/landscape', { landscape: doc, reason: 'parallel run of the ERP for Fenland HR, CHG-3300' });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ version: 2, basedOn: 1 });
    expect(put.body.summary).toEqual(expect.arrayContaining(['target cloud-erp-fen added', 'route fen/hr.* added: targets payroll-fen, shadow cloud-erp-fen', 'route fen/hr.employee.joined.v1 removed (was: targets payroll-fen)']));
    expect(l.landscapeVersion).toBe(2);

    const e = joiner('fen');
    const posted = await l.post(e);
    expect(posted.body.accepted).toEqual([{ id: e.id, type: e.type, duplicate: false, landscapeVersion: 2 }]);
    const trace = await l.waitForTrace(e, 'delivered');
    expect(trace.targets).toEqual([
      expect.objectContaining({ target: 'cloud-erp-fen', state: 'delivered', role: 'shadow', landscapeVersion: 2 }),
      expect.objectContaining({ target: 'payroll-fen', state: 'delivered', landscapeVersion: 2 }),
    ]);
    expect(trace.targets[1].role).toBeUndefined();
    // One call, under the shadow delivery's own key.
    expect(erp.calls.map((c) => c.request.headers['idempotency-key'])).toEqual([`cloud-erp-fen.${keyOfEvent(e)}`]);
    expect(l.payroll.fen.employees.has(e.subject)).toBe(true);

    const stages = (await l.api('GET', '/v1/landscape', TOKENS.fenOperator)).body.migrations;
    expect(stages).toEqual([{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen', stage: 'parallel-run' }]);
    // The new target's queue is shown, and only to its force.
    expect((await l.api('GET', '/v1/targets/cloud-erp-fen', TOKENS.fenOperator)).status).toBe(200);
    expect((await l.api('GET', '/v1/targets/cloud-erp-fen', TOKENS.opsViewer)).body.id).toBe('cloud-erp-fen');
  });

  it('refuses a landscape that fails the boot checks with the boot’s own messages, and changes nothing', async () => {
    const doc = await documentNow();
    doc.routes.push({ tenant: 'moor', type: 'hr.*', targets: ['payroll-fen'] }, { tenant: 'fen', type: 'hrx.*', targets: ['payroll-fen'] });
    const put = await admin('PUT', '/v1/landscape', { landscape: doc, reason: 'a bad one' });
    expect(put.status).toBe(422);
    expect(put.body.type).toBe('/problems/invalid-landscape');
    // Exactly what the landscape file would have stopped the hub with.
    const full = structuredClone(doc);
    const known = l.ctx.landscape.current().document as { sources: { id: string; tokenSha256: string }[]; opsUsers: { id: string; tokenSha256: string }[] };
    full.sources = known.sources;
    full.opsUsers = known.opsUsers;
    let boot: string[] = [];
    try {
      l.ctx.validate(full);
    } catch (err) {
      boot = [...(err as HubConfigError).problems];
    }
    expect(boot).toEqual([
      'route moor/hr.* sends to target "payroll-fen" of another tenant ("fen")',
      'route fen/hrx.* covers no known event type',
      'route fen/hrx.* sends to target "payroll-fen", whose connector "payroll" takes no type that hrx.* covers',
    ]);
    expect(put.body.errors).toEqual(boot.map((message) => ({ path: '/landscape', message })));
    expect(l.landscapeVersion).toBe(2);

    // Credentials by reference: the variable must be set in the environment, as at boot.
    const noCredential = await documentNow();
    noCredential.targets.push({ id: 'cloud-erp-vale', tenant: 'vale', connector: 'cloud-erp', endpoint: 'http://127.0.0.1:1', credentialRef: 'CLOUD_ERP_TOKEN_VALE' });
    const unset = await admin('PUT', '/v1/landscape', { landscape: noCredential, reason: 'Vale ERP' });
    expect(unset).toMatchObject({ status: 422, body: { errors: [{ path: '/landscape', message: 'target "cloud-erp-vale" names credential CLOUD_ERP_TOKEN_VALE, which is not set in the environment' }] } });

    const shape = await admin('PUT', '/v1/landscape', { landscape: { ...doc, routes: 'all of them' }, reason: 'bad shape' });
    expect(shape.status).toBe(422);
    expect(shape.body.errors).toEqual(expect.arrayContaining([{ path: '/landscape/routes', message: 'must be array' }]));
  });

  it('refuses a change of nothing, one based on an older version, one that strands deliveries, and one without the role or for some tenants only', async () => {
    const doc = await documentNow();
    expect((await admin('PUT', '/v1/landscape', { landscape: doc, reason: 'no change' })).status).toBe(409);
    doc.tenants[0].name = 'Fenland Constabulary';
    const stale = await admin('PUT', '/v1/landscape', { landscape: doc, reason: 'rename', basedOn: 1 });
    expect(stale).toMatchObject({ status: 409, body: { errors: [{ path: '/basedOn', message: expect.stringContaining('is at version 2') }] } });
    expect((await l.api('PUT', '/v1/landscape', TOKENS.opsAdmin, { landscape: doc, reason: 'rename' })).status).toBe(403);
    expect((await admin('PUT', '/v1/landscape', { landscape: doc })).status).toBe(400);
    expect((await admin('PUT', '/v1/landscape', [doc])).status).toBe(400);

    // A target that still has a delivery to make cannot go.
    l.payroll.vale.setFaults({ rejectNext: 1, rejectStatus: 422 });
    const e = joiner('vale');
    await l.post(e);
    await l.waitForTrace(e, 'dead-lettered');
    const without = structuredClone(doc);
    without.targets = without.targets.filter((t: { id: string }) => t.id !== 'payroll-vale');
    without.routes = without.routes.filter((r: { tenant: string }) => r.tenant !== 'vale');
    const stranded = await admin('PUT', '/v1/landscape', { landscape: without, reason: 'Vale leaves' });
    expect(stranded).toMatchObject({ status: 409, body: { errors: [{ message: expect.stringContaining('target "payroll-vale" has 1 deliveries not yet done') }] } });

    const dry = await admin('PUT', '/v1/landscape', { landscape: doc, reason: 'rename, dry run', dryRun: true });
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, summary: ['tenant fen changed: name'] } });
    expect(l.landscapeVersion).toBe(2);
  });

  it("cuts one force's domain over: dry run first, then the shadow is the primary for every event accepted after", async () => {
    const before = joiner('fen');
    await l.post(before);
    await l.waitForTrace(before, 'delivered');

    // With the ops CLI, as the runbook says: a dry run first, then the cutover.
    const dry = await hub(['cutover', '--tenant', 'fen', '--domain', 'hr', '--dry-run', '--reason', 'rehearsal']);
    expect(dry).toEqual({
      code: 0,
      out: [
        'dry run: cutting fen/hr over would change 1 route(s) of landscape version 2 (nothing stored)',
        '  fen/hr.*: targets payroll-fen → cloud-erp-fen; shadow cloud-erp-fen → (none)',
        'migration plan:',
        '  fen/hr: payroll-fen → cloud-erp-fen: cut-over',
      ].join('\n'),
    });
    expect(l.landscapeVersion).toBe(2);
    expect(await hub(['cutover', '--tenant', 'fen', '--domain', 'hr', '--reason', 'viewers may not'], TOKENS.opsViewer)).toMatchObject({ code: 1, out: expect.stringContaining('403') });

    const cut = await hub(['--json', 'cutover', '--tenant', 'fen', '--domain', 'hr', '--reason', 'Fenland HR go-live, CHG-3301']);
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.out)).toMatchObject({ version: 3, basedOn: 2, summary: ['route fen/hr.*: targets payroll-fen → cloud-erp-fen; shadow cloud-erp-fen → (none)'], migrations: [{ stage: 'cut-over' }] });
    expect((await hub(['landscape', 'show'], TOKENS.fenOperator)).out.split('\n')[0]).toMatch(/^landscape version 3, by fen-operator at .*: Fenland HR go-live, CHG-3301$/);

    const after = joiner('fen');
    expect((await l.post(after)).body.accepted[0].landscapeVersion).toBe(3);
    const trace = await l.waitForTrace(after, 'delivered');
    expect(trace.targets).toEqual([expect.objectContaining({ target: 'cloud-erp-fen', landscapeVersion: 3 })]);
    expect(trace.targets[0].role).toBeUndefined();
    expect(l.payroll.fen.employees.has(after.subject)).toBe(false);
    expect(l.payroll.fen.employees.has(before.subject)).toBe(true);

    // Again: nothing left to cut over.
    const again = await l.api('POST', '/v1/landscape/cutovers', TOKENS.fenOperator, { tenant: 'fen', domain: 'hr', dryRun: true, reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { errors: [{ message: expect.stringContaining('nothing to change') }] } });
  });

  it('refuses a cutover of an unknown or another force’s tenant, to another force’s target, without a route, by a viewer, or without a reason', async () => {
    const cutover = (body: unknown, token: string = TOKENS.fenOperator) => l.api('POST', '/v1/landscape/cutovers', token, body);
    expect((await cutover({ tenant: 'gwent', domain: 'hr', reason: 'x-ray' }, TOKENS.opsAdmin)).status).toBe(404);
    const other = await cutover({ tenant: 'moor', domain: 'hr', reason: 'not ours' });
    expect(other).toMatchObject({ status: 404, body: { errors: [{ path: '/tenant', message: 'no tenant "moor" within your tenants' }] } });
    const foreign = await cutover({ tenant: 'fen', domain: 'hr', to: 'payroll-moor', reason: 'wrong force' });
    expect(foreign).toMatchObject({ status: 422, body: { errors: [{ path: '/to', message: 'no target "payroll-moor" of tenant fen' }] } });
    expect((await cutover({ tenant: 'fen', domain: 'procurement', reason: 'no routes' })).status).toBe(404);
    expect((await cutover({ tenant: 'fen', domain: 'hr', reason: 'viewer' }, TOKENS.opsViewer)).status).toBe(403);
    expect((await cutover({ tenant: 'fen', domain: 'hr' })).status).toBe(400);
    expect((await cutover({ tenant: 'fen', domain: 'hr', reason: 'typo', keepOldAsShadow: 'yes' })).status).toBe(400);
    expect(l.landscapeVersion).toBe(3);
  });

  it('keeps the record: each version with who, when, why and what changed, and every change and dry run in the audit log', async () => {
    const versions = await l.api('GET', '/v1/landscape/versions', TOKENS.opsViewer);
    expect(versions.body.items.map((v: { version: number; actor: string; change: { kind: string } }) => [v.version, v.actor, v.change.kind])).toEqual([
      [3, 'fen-operator', 'cutover'],
      [2, 'landscape-admin', 'document'],
      [1, 'boot', 'file'],
    ]);
    expect(versions.body.items[0]).toMatchObject({ reason: 'Fenland HR go-live, CHG-3301', change: { tenant: 'fen', domain: 'hr', summary: ['route fen/hr.*: targets payroll-fen → cloud-erp-fen; shadow cloud-erp-fen → (none)'] } });
    const page = await l.api('GET', '/v1/landscape/versions?limit=1', TOKENS.opsViewer);
    expect(page.body).toMatchObject({ items: [{ version: 3 }], next: 3 });
    expect((await l.api('GET', '/v1/landscape/versions?before=3&limit=1', TOKENS.opsViewer)).body.items.map((v: { version: number }) => v.version)).toEqual([2]);
    expect((await l.api('GET', '/v1/landscape/versions?limit=0', TOKENS.opsViewer)).status).toBe(400);
    expect((await l.api('GET', '/v1/landscape/versions/2', TOKENS.opsViewer)).body.landscape.targets.map((t: { id: string }) => t.id)).toContain('cloud-erp-fen');
    expect((await l.api('GET', '/v1/landscape/versions/99', TOKENS.opsViewer)).status).toBe(404);
    expect((await l.api('GET', '/v1/landscape/versions/two', TOKENS.opsViewer)).status).toBe(400);

    const audit = await l.api('GET', '/v1/audit', TOKENS.opsViewer);
    const landscape = audit.body.items.filter((a: { action: string }) => a.action.startsWith('landscape.'));
    expect(landscape.map((a: { action: string; actor: string }) => `${a.action} by ${a.actor}`)).toEqual([
      'landscape.cutover by fen-operator',
      'landscape.cutover-dry-run by fen-operator',
      'landscape.change-dry-run by landscape-admin',
      'landscape.change by landscape-admin',
    ]);
    expect(landscape[0]).toMatchObject({ tenants: ['fen'], filter: { tenant: 'fen', domain: 'hr', keepOldAsShadow: false }, counts: { version: 3, routes: 1 }, detail: 'Fenland HR go-live, CHG-3301' });
    expect((await l.api('GET', '/v1/audit?action=landscape.cutover', TOKENS.fenOperator)).body.items).toHaveLength(1);
    // Fenland's operator sees the versions that changed Fenland, and only Fenland's part of them.
    const fen = await l.api('GET', '/v1/landscape/versions', TOKENS.fenOperator);
    expect(fen.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(JSON.stringify(fen.body)).not.toMatch(/moor|vale|landscape-admin added/);
  });

  it('answers any other body with a 4xx problem, never a 5xx, and a mutated document in a dry run with its checks', async () => {
    const versionBefore = l.landscapeVersion;
    const answerOf = async (method: string, path: string, body: unknown, token = TOKENS.landscapeAdmin) => {
      const res = await fetch(`${l.hub.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, problem: type.startsWith('application/problem+json') };
    };
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('/v1/landscape/cutovers', '/v1/landscape'), async (body, path) => {
        const a = await answerOf(path === '/v1/landscape' ? 'PUT' : 'POST', path, body, path === '/v1/landscape' ? TOKENS.landscapeAdmin : TOKENS.fenOperator);
        expect(a).toEqual({ status: expect.any(Number), problem: true });
        expect(a.status >= 400 && a.status < 500).toBe(true);
      }),
      { seed: 1414, numRuns: 150 },
    );
    const doc = await documentNow();
    const paths = ['tenants', 'targets', 'routes', 'migrations', 'sources', 'opsUsers'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.nat(5), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), async (list, index, field, value) => {
        const mutated = structuredClone(doc);
        const entries = mutated[list] ?? [];
        if (entries.length) entries[index % entries.length][field || 'id'] = value;
        else mutated[list] = value;
        const a = await answerOf('PUT', '/v1/landscape', { landscape: mutated, reason: 'fuzz', dryRun: true });
        expect([200, 409, 422]).toContain(a.status);
      }),
      { seed: 1415, numRuns: 150 },
    );
    expect(l.landscapeVersion).toBe(versionBefore);
  });
});
