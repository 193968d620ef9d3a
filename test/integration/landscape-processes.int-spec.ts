// A new landscape version reaches a router and a worker running as their own OS processes while
// they run: told by PostgreSQL NOTIFY (their polling is set to 10 minutes, so nothing else could
// tell them in time), they route to and deliver to a target that did not exist when they started.
import { CloudErpSimulator, DEFAULT_GRADE_CATALOGUE } from '@connectors/cloud-erp';
import { keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { RoleProcess, TestLandscape, TOKENS } from '@test/support';

const CLOUD_ERP_TOKEN = 'cloud-erp-token';

describe('a new landscape version in separate router and worker processes', () => {
  let l: TestLandscape;
  let router: RoleProcess;
  let worker: RoleProcess;
  const erp = new CloudErpSimulator('fen', 0, '127.0.0.1', { token: CLOUD_ERP_TOKEN, grades: [...DEFAULT_GRADE_CATALOGUE, 'SO2'] });

  beforeAll(async () => {
    await erp.start();
    l = await TestLandscape.start({ roles: ['api'], env: { CLOUD_ERP_TOKEN_FEN: CLOUD_ERP_TOKEN, LANDSCAPE_POLL_MS: '600000' } });
    [router, worker] = await Promise.all([l.startProcess('router'), l.startProcess('worker')]);
  }, 180_000);
  afterAll(async () => {
    await l?.close();
    await erp.stop();
  });

  /** The landscape version a process runs on, from its own /metrics. */
  async function versionOf(p: RoleProcess): Promise<number> {
    const text = await (await fetch(`${p.opsUrl}/metrics`, { headers: { authorization: `Bearer ${TOKENS.metrics}` } })).text();
    return Number(/^hub_landscape_version (\d+)$/m.exec(text)?.[1]);
  }

  it('routes to and delivers to a target and a route added through the API, without restarting either process', async () => {
    expect([await versionOf(router), await versionOf(worker)]).toEqual([1, 1]);
    const doc = (await l.api('GET', '/v1/landscape', TOKENS.landscapeAdmin)).body.landscape;
    doc.targets.push({ id: 'cloud-erp-fen', tenant: 'fen', connector: 'cloud-erp', endpoint: erp.url, credentialRef: 'CLOUD_ERP_TOKEN_FEN', rateLimit: { max: 500, perMs: 1000 } });
    doc.routes = doc.routes.filter((r: { tenant: string; type: string }) => !(r.tenant === 'fen' && r.type === 'hr.employee.left.v1'));
    doc.routes.push({ tenant: 'fen', type: 'hr.employee.left.v1', targets: ['cloud-erp-fen'] });
    const put = await l.api('PUT', '/v1/landscape', TOKENS.landscapeAdmin, { landscape: doc, reason: 'Fenland leavers to the ERP' });
    expect(put.status).toBe(201);

    await waitFor('both processes on version 2', async () => (await versionOf(router)) === 2 && (await versionOf(worker)) === 2, 10_000);

    // The ERP takes a leaver only for a worker it holds: it shadows joiners too (version 3).
    const hire = joiner('fen');
    doc.routes.find((r: { tenant: string; type: string }) => r.tenant === 'fen' && r.type === 'hr.employee.joined.v1').shadow = ['cloud-erp-fen'];
    expect((await l.api('PUT', '/v1/landscape', TOKENS.landscapeAdmin, { landscape: doc, reason: 'and the ERP shadows joiners' })).status).toBe(201);
    await waitFor('both processes on version 3', async () => (await versionOf(router)) === 3 && (await versionOf(worker)) === 3, 10_000);
    expect((await l.post(hire)).body.accepted[0].landscapeVersion).toBe(3);
    const hired = await l.waitForTrace(hire, 'delivered');
    expect(hired.targets.map((t: { target: string; role?: string }) => `${t.target}${t.role ? ` (${t.role})` : ''}`)).toEqual(['cloud-erp-fen (shadow)', 'payroll-fen']);

    const leaver = { ...joiner('fen'), type: 'hr.employee.left.v1', subject: hire.subject, data: { employeeId: hire.subject, reason: 'resignation', lastWorkingDay: '2027-03-31', effectiveFrom: '2027-04-01' } };
    const posted = await l.post(leaver);
    expect(posted.status).toBe(202);
    const left = await l.waitForTrace(leaver, 'delivered');
    expect(left.targets).toEqual([expect.objectContaining({ target: 'cloud-erp-fen', state: 'delivered', landscapeVersion: 3 })]);
    expect(erp.calls.map((c) => c.request.headers['idempotency-key'])).toEqual([`cloud-erp-fen.${keyOfEvent(hire)}`, `cloud-erp-fen.${keyOfEvent(leaver)}`]);
    expect(erp.terminations.has(hire.subject)).toBe(true);
  });

  it('routes an event by the version it was accepted under, however late the router reads it', async () => {
    await router.kill();
    const before = joiner('fen');
    expect((await l.post(before)).body.accepted[0].landscapeVersion).toBe(3);
    // While nobody routes: Fenland's joiners go to the ERP only from now on.
    const doc = (await l.api('GET', '/v1/landscape', TOKENS.landscapeAdmin)).body.landscape;
    const joined = doc.routes.find((r: { tenant: string; type: string }) => r.tenant === 'fen' && r.type === 'hr.employee.joined.v1');
    joined.targets = ['cloud-erp-fen'];
    delete joined.shadow;
    expect((await l.api('PUT', '/v1/landscape', TOKENS.landscapeAdmin, { landscape: doc, reason: 'joiners to the ERP' })).status).toBe(201);
    const after = joiner('fen');
    expect((await l.post(after)).body.accepted[0].landscapeVersion).toBe(4);

    router = await l.startProcess('router');
    const [b, a] = [await l.waitForTrace(before, 'delivered'), await l.waitForTrace(after, 'delivered')];
    expect(b.targets.map((t: { target: string; landscapeVersion: number }) => [t.target, t.landscapeVersion])).toEqual([['cloud-erp-fen', 3], ['payroll-fen', 3]]);
    expect(a.targets.map((t: { target: string; landscapeVersion: number }) => [t.target, t.landscapeVersion])).toEqual([['cloud-erp-fen', 4]]);
    expect(l.payroll.fen.employees.has(before.subject)).toBe(true);
    expect(l.payroll.fen.employees.has(after.subject)).toBe(false);
  });
});
