// A parallel run on real Kafka, Redis and PostgreSQL: Fenland's payroll bureau (primary) and its new
// cloud ERP (shadow), each a real HTTP simulator, compared event by event by the worker's comparer;
// Moorside runs one too, to show tenants apart. Routing to a shadow is being built apart, so a
// test-only stand-in routes each event to the shadow the way the router will: recorded in the
// ledger with role shadow once the router has recorded the primary, then enqueued.
import { runCli } from '@apps/cli';
import { CloudErpSimulator } from '@connectors/cloud-erp';
import { DeliveryQueues } from '@hub/delivery';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { DeliveryLedger, DeliveryState } from '@hub/ledger';
import { joiner, validSamples, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

/** Short, so the shadow that is down goes past it within the test; long enough for a healthy delivery on a loaded machine. */
const PENDING_AFTER_MS = 8_000;
const ERP_TOKEN = 'cloud-erp-token';
const SHADOWS = { fen: 'cloud-erp-fen', moor: 'cloud-erp-moor' } as const;

interface ComparisonRow {
  agreed: boolean;
  reasons: string[];
  primary_target: string;
  shadow_target: string;
  primary_outcome: string;
  shadow_outcome: string;
  shadow_state: DeliveryState;
  shadow_error: { code: string; status?: number; field?: string; message?: string } | null;
  differing_paths: string[];
  /** NULL when nothing differs. */
  differing: { path: string; primary: unknown; shadow: unknown }[] | null;
  only_primary: string[];
  compared_at: Date;
}

describe('a parallel run: the payroll bureau as primary, the cloud ERP as shadow', () => {
  const erp = { fen: new CloudErpSimulator('fen', 0, '127.0.0.1', { token: ERP_TOKEN }), moor: new CloudErpSimulator('moor', 0, '127.0.0.1', { token: ERP_TOKEN }) };
  let l: TestLandscape;
  let ledger: DeliveryLedger;
  let queues: DeliveryQueues;
  const posted: { fen: CanonicalEvent[]; moor: CanonicalEvent[] } = { fen: [], moor: [] };
  let ok: CanonicalEvent[];
  let sc: CanonicalEvent;
  let fte: CanonicalEvent;
  let maryAnn: CanonicalEvent;
  let down: { joined: CanonicalEvent; moved: CanonicalEvent; primaryDeliveredWithin: number[] };
  let firstDay: string;
  const today = () => new Date().toISOString().slice(0, 10);

  /** A joiner the ERP's grade catalogue takes (the landscape's default grade, SO2, is not in it). */
  const erpJoiner = (force: 'fen' | 'moor', change: (data: Record<string, any>) => void = () => undefined) => {
    const e = joiner(force);
    (e.data as any).employment.grade = 'SO1';
    change(e.data as Record<string, any>);
    return e;
  };

  /** The test-only stand-in for a shadow route: the event to the force's shadow too, as the router records and enqueues. */
  async function routeToShadow(e: CanonicalEvent): Promise<void> {
    const eventKey = keyOfEvent(e);
    const primary = await waitFor(`the router to record ${e.id}`, async () => (await ledger.pool.query<{ order_key: string }>(`SELECT order_key FROM "${ledger.schema}".deliveries WHERE event_key = $1 AND role = 'primary'`, [eventKey])).rows[0]);
    const target = SHADOWS[e.tenant as 'fen' | 'moor'];
    const ordered = l.ctx.config.targets.find((t) => t.id === target)!.ordering === 'subject';
    const { queued } = await ledger.recordRouted([], [{ eventKey, target, tenant: e.tenant, subject: e.subject, orderKey: Number(primary.order_key), ordered, role: 'shadow', at: new Date() }]);
    await queues.enqueue(queued.map((k) => ({ target: k.target, data: { target: k.target, eventKey: k.eventKey, event: e } })));
  }

  async function post(e: CanonicalEvent): Promise<CanonicalEvent> {
    expect((await l.post(e)).status).toBe(202);
    posted[e.tenant as 'fen' | 'moor'].push(e);
    return e;
  }

  const deliveryState = async (e: CanonicalEvent, target: string) =>
    (await ledger.pool.query<{ state: DeliveryState }>(`SELECT state FROM "${ledger.schema}".deliveries WHERE event_key = $1 AND target = $2`, [keyOfEvent(e), target])).rows[0]?.state;
  const comparisonsOf = async (e: CanonicalEvent) => (await ledger.pool.query<ComparisonRow>(`SELECT * FROM "${ledger.schema}".parallel_run_comparisons WHERE event_key = $1`, [keyOfEvent(e)])).rows;
  const compared = (e: CanonicalEvent, timeoutMs = 30_000) => waitFor(`${e.id} compared`, async () => (await comparisonsOf(e))[0], timeoutMs);

  const report = (q: string, token = TOKENS.opsAdmin) => l.api('GET', `/v1/parallel-runs/report?${q}`, token);
  async function hub(args: string[], token: string = TOKENS.opsAdmin) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--url', l.hub.url!, ...args], { env: { HUB_TOKEN: token }, out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const metric = async (line: RegExp) => Number(line.exec((await l.api('GET', '/metrics', TOKENS.metrics)).body)?.[1] ?? NaN);

  beforeAll(async () => {
    await Promise.all(Object.values(erp).map((s) => s.start()));
    const retry = { attempts: 20, backoffMs: 100, maxBackoffMs: 400 };
    const breaker = { failures: 2, probeMs: 1_000, maxProbeMs: 2_000 };
    l = await TestLandscape.start({
      retry,
      breaker,
      targets: (['fen', 'moor'] as const).map((f) => ({ id: SHADOWS[f], tenant: f, connector: 'cloud-erp', endpoint: erp[f].url, credentialRef: 'CLOUD_ERP_TOKEN', timeoutMs: 2_000, retry, breaker })),
      env: { CLOUD_ERP_TOKEN: ERP_TOKEN, PARALLEL_RUN_COMPARE_INTERVAL_MS: '250', PARALLEL_RUN_PENDING_AFTER_MS: String(PENDING_AFTER_MS) },
    });
    ledger = l.hub.apps.api!.get(DeliveryLedger);
    queues = l.hub.apps.api!.get(DeliveryQueues);
    firstDay = today();

    // Both systems up: two joiners both take alike, the special constable the ERP's catalogue
    // refuses, an FTE the ERP holds to two decimals, a forename with a space the bureau splits.
    ok = [await post(erpJoiner('fen')), await post(erpJoiner('fen'))];
    const special = validSamples(l.ctx.registry, 'hr.employee.joined.v1').find((s) => s.name.includes('special-constable'))!.data as Record<string, any>;
    sc = await post({ ...erpJoiner('fen'), data: { ...structuredClone(special), employeeId: 'FEN-S00417' }, subject: 'FEN-S00417' });
    fte = await post(erpJoiner('fen', (d) => (d.employment.fte = 0.8333)));
    maryAnn = await post(erpJoiner('fen', (d) => (d.name = { forename: 'Mary Ann', middleNames: 'Grace', surname: 'Okafor' })));
    await post(erpJoiner('moor'));
    for (const e of [...posted.fen, ...posted.moor]) await routeToShadow(e);
    for (const e of [...posted.fen, ...posted.moor]) await compared(e);

    // The ERP goes down: a joiner and then a move of the same person. The bureau takes both, in
    // order, on time; the ERP's lane waits (its breaker holds it) until past the deadline.
    await erp.fen.stop();
    const joined = await post(erpJoiner('fen'));
    const moveData = { ...structuredClone(validSamples(l.ctx.registry, 'hr.employee.moved.v1').find((s) => s.name.includes('cost-centre-change'))!.data as Record<string, any>), employeeId: joined.subject };
    const moved = await post({ ...joined, id: `${joined.id}-moved`, type: 'hr.employee.moved.v1', data: moveData });
    for (const e of [joined, moved]) await routeToShadow(e);
    const primaryDeliveredWithin: number[] = [];
    for (const e of [joined, moved]) {
      const t = await l.waitForTrace(e, 'delivered', PENDING_AFTER_MS);
      primaryDeliveredWithin.push(Date.parse(t.targets.find((x: any) => x.target === 'payroll-fen').deliveredAt) - Date.parse(t.acceptedAt));
    }
    down = { joined, moved, primaryDeliveredWithin };
    for (const e of [joined, moved]) await compared(e, PENDING_AFTER_MS + 20_000);
  }, 120_000);

  afterAll(async () => {
    await l?.close();
    await Promise.all(Object.values(erp).map((s) => s.stop()));
  });

  it('agrees on the events both systems took and read back alike, each compared once', async () => {
    for (const e of ok) {
      const rows = await comparisonsOf(e);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ agreed: true, reasons: [], primary_target: 'payroll-fen', shadow_target: 'cloud-erp-fen', primary_outcome: 'acknowledged', shadow_outcome: 'acknowledged', differing_paths: [], differing: null });
      // What only one format holds is listed, never a disagreement.
      expect(rows[0].only_primary).toEqual(['/tenant']);
    }
    expect(erp.fen.workers.has(ok[0].subject)).toBe(true);
    expect(l.payroll.fen.employees.has(ok[0].subject)).toBe(true);
  });

  it("names the shadow's refusal of a special constable (the ERP's grade catalogue) as an outcome disagreement, and keeps it off the primary's books", async () => {
    const [c] = await comparisonsOf(sc);
    expect(c).toMatchObject({ agreed: false, reasons: ['outcome'], primary_outcome: 'acknowledged', shadow_outcome: 'rejected', shadow_state: 'dead-lettered' });
    expect(c.shadow_error).toMatchObject({ code: 'target-rejected', status: 422, field: '/data/employment/grade', message: expect.stringContaining('grade SC is not in the grade catalogue') });

    // The event is delivered as far as anyone asking is concerned; the shadow shows as a shadow.
    const trace = (await l.trace(sc)).body;
    expect(trace.status).toBe('delivered');
    expect(trace.targets.map((t: any) => [t.target, t.state, t.role])).toEqual([
      ['cloud-erp-fen', 'dead-lettered', 'shadow'],
      ['payroll-fen', 'delivered', undefined],
    ]);

    // Dead letters: the default views are the primaries'; the shadow's with role=shadow.
    const id = `cloud-erp-fen.${keyOfEvent(sc)}`;
    expect((await l.api('GET', '/v1/dead-letters?tenant=fen')).body.items.map((d: any) => d.id)).not.toContain(id);
    expect((await l.api('GET', '/v1/dead-letters/groups?tenant=fen')).body.items.filter((g: any) => g.target === 'cloud-erp-fen')).toEqual([]);
    expect((await l.api('GET', '/v1/dead-letters?tenant=fen&role=shadow')).body.items.map((d: any) => [d.id, d.role])).toEqual([[id, 'shadow']]);
    expect((await l.api('GET', '/v1/dead-letters/groups?role=shadow')).body.items).toEqual([expect.objectContaining({ fingerprint: 'target-rejected|cloud-erp-fen|/data/employment/grade', tenant: 'fen', role: 'shadow', count: 1 })]);
    expect((await l.api('GET', '/v1/dead-letters?role=both')).status).toBe(400);
    const cli = await hub(['dlq', 'list', '--role', 'shadow']);
    expect(cli.out).toMatch(new RegExp(`${id.replace('.', '\\.')}\\s+fen\\s+cloud-erp-fen`));

    // Metrics, and so the HubDeadLettersGrowing alert, see no dead letter of the primaries.
    expect(await metric(/^hub_dead_letters_open\{tenant="fen",target="cloud-erp-fen"\} (\d+)$/m)).toBeNaN();
    expect(await metric(/^hub_shadow_dead_letters_open\{tenant="fen",target="cloud-erp-fen"\} (\d+)$/m)).toBe(1);
  });

  it('finds the FTE the ERP rounds and the forenames the bureau joins, path by path, with both values', async () => {
    expect(await comparisonsOf(fte)).toEqual([expect.objectContaining({ reasons: ['fields'], primary_outcome: 'acknowledged', shadow_outcome: 'acknowledged', differing: [{ path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 }] })]);
    expect((await comparisonsOf(maryAnn))[0]).toMatchObject({ differing_paths: ['/data/name/forename', '/data/name/middleNames'] });
    expect((await comparisonsOf(maryAnn))[0].differing).toEqual([
      { path: '/data/name/forename', primary: 'Mary', shadow: 'Mary Ann' },
      { path: '/data/name/middleNames', primary: 'Ann Grace', shadow: 'Grace' },
    ]);
  });

  it('counts a shadow down past the deadline as pending, while the primary delivers both events of the person in order, on time', async () => {
    for (const e of [down.joined, down.moved]) {
      const [c] = await comparisonsOf(e);
      expect(c).toMatchObject({ agreed: false, reasons: ['pending'], primary_outcome: 'acknowledged', shadow_outcome: 'pending' });
      expect(['queued', 'retrying', 'held']).toContain(c.shadow_state);
    }
    // The bureau was never held by the ERP's outage: delivered well inside the deadline, breaker closed.
    for (const ms of down.primaryDeliveredWithin) expect(ms).toBeLessThan(PENDING_AFTER_MS);
    expect((await l.api('GET', '/v1/targets/payroll-fen')).body).toMatchObject({ state: 'closed', breaker: { state: 'closed' } });
    expect(l.payroll.fen.assignments.get(down.joined.subject)).toHaveLength(1);
    expect((await l.api('GET', '/v1/dead-letters?tenant=fen&state=all')).body.total).toBe(0);

    // Back up: the ERP catches up, and the comparison stays as it was written (once).
    const before = (await comparisonsOf(down.joined))[0];
    await erp.fen.start();
    await waitFor('the ERP to take the joiner it missed', async () => (await deliveryState(down.joined, 'cloud-erp-fen')) === 'delivered', 30_000);
    expect(await comparisonsOf(down.joined)).toEqual([before]);
  });

  it('reports per tenant, domain and day, and the CLI, the dashboard and the metrics say the same', async () => {
    const r = (await report(`tenant=fen&domain=hr&from=${firstDay}&to=${today()}`)).body;
    const fen = posted.fen.length;
    // From what was posted: two agreed; the special constable's outcome; the FTE and the forenames; the two while the ERP was down.
    expect(r).toMatchObject({ tenant: 'fen', domain: 'hr', compared: fen, agreed: ok.length, disagreed: fen - ok.length, byReason: { outcome: 1, pending: 2, fields: 2 } });
    expect(r.byField).toEqual(expect.arrayContaining([{ path: '/data/employment/fte', count: 1 }, { path: '/data/name/forename', count: 1 }, { path: '/data/name/middleNames', count: 1 }]));
    expect(r.pairs).toEqual([{ primary: 'payroll-fen', shadow: 'cloud-erp-fen', compared: fen, agreed: ok.length, disagreed: fen - ok.length }]);
    expect(r.examples.outcome.map((e: any) => [e.eventId, e.shadow.outcome, e.shadow.error.field])).toEqual([[sc.id, 'rejected', '/data/employment/grade']]);
    expect(r.examples.pending.map((e: any) => e.eventId).sort()).toEqual([down.joined.id, down.moved.id].sort());
    expect(r.onlyOneSide.primary).toEqual(expect.arrayContaining([{ path: '/tenant', count: fen }]));

    const day = (await report(`tenant=fen&domain=hr`)).body;
    const cliJson = JSON.parse((await hub(['--json', 'parallel', 'report', '--tenant', 'fen', '--domain', 'hr'])).out);
    expect({ ...cliJson, examples: undefined }).toEqual({ ...day, examples: undefined });
    const text = await hub(['parallel', 'report', '--tenant', 'fen', '--domain', 'hr']);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`compared ${day.compared}, agreed ${day.agreed} (${((100 * day.agreed) / day.compared).toFixed(1)}%), disagreed ${day.disagreed}`);
    expect(text.out).toMatch(new RegExp(`^outcome\\s+${day.byReason.outcome}\\s`, 'm'));
    expect(text.out).toMatch(/^\/data\/employment\/fte\s+evt-\S+\s+FEN-\d+\s+0\.8333\s+0\.83$/m);

    const page = await l.api('GET', '/ops/dashboard/parallel-runs', TOKENS.opsViewer);
    expect(page.status).toBe(200);
    const cell = (name: string) => Number(new RegExp(`data-run="fen/hr"[\\s\\S]*?class="num ${name}">(\\d+)<`).exec(page.body)?.[1]);
    expect({ compared: cell('compared'), agreed: cell('agreed'), disagreed: cell('disagreed'), outcome: cell('outcome'), pending: cell('pending'), fields: cell('fields') }).toEqual({
      compared: day.compared, agreed: day.agreed, disagreed: day.disagreed, outcome: day.byReason.outcome, pending: day.byReason.pending, fields: day.byReason.fields,
    });
    expect(page.body).toContain('<code>/data/employment/fte</code>');
    const list = await hub(['parallel', 'list']);
    expect(list.out).toMatch(new RegExp(`^fen/hr\\s+payroll-fen→cloud-erp-fen\\s+${day.compared}\\s+${day.agreed}\\s+${day.disagreed}`, 'm'));

    // Counted as written, once each.
    expect(await metric(/^hub_parallel_run_comparisons_total\{tenant="fen",domain="hr",result="agreed"\} (\d+)$/m)).toBe(r.agreed);
    expect(await metric(/^hub_parallel_run_comparisons_total\{tenant="fen",domain="hr",result="disagreed"\} (\d+)$/m)).toBe(r.disagreed);
    expect(await metric(/^hub_parallel_run_disagreements_total\{tenant="fen",domain="hr",reason="pending"\} (\d+)$/m)).toBe(r.byReason.pending);
  });

  it("masks personal values for a viewer, shows them to a pii-reader and audits that read", async () => {
    const q = `tenant=fen&domain=hr&from=${firstDay}&to=${today()}`;
    const masked = (await report(q, TOKENS.opsViewer)).body;
    const forename = (r: any) => r.examples.fields.find((e: any) => e.field.path === '/data/name/forename').field;
    expect(masked.masked).toBe(true);
    expect(forename(masked)).toEqual({ path: '/data/name/forename', primary: '***', shadow: '***' });
    expect(masked.examples.fields.find((e: any) => e.field.path === '/data/employment/fte').field).toEqual({ path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 });
    expect(JSON.stringify(masked)).not.toContain('Mary');
    expect((await hub(['parallel', 'report', '--tenant', 'fen', '--domain', 'hr', '--from', firstDay, '--to', today()], TOKENS.opsViewer)).out).toMatch(/^\/data\/name\/forename\s+\S+\s+\S+\s+"\*\*\*"\s+"\*\*\*"$/m);
    expect((await l.api('GET', '/v1/audit?action=parallel-run.read-personal-data', TOKENS.opsAdmin)).body.items.filter((a: any) => a.actor === 'ops-viewer')).toEqual([]);

    const shown = (await report(q, TOKENS.opsAdmin)).body;
    expect(shown.masked).toBe(false);
    expect(forename(shown)).toEqual({ path: '/data/name/forename', primary: 'Mary', shadow: 'Mary Ann' });
    const audit = await waitFor('the personal-data read in the audit log', async () => (await l.api('GET', '/v1/audit?action=parallel-run.read-personal-data')).body.items.find((a: any) => a.actor === 'ops-admin'));
    expect(audit).toMatchObject({ tenants: ['fen'], filter: { tenant: 'fen', domain: 'hr' }, detail: expect.stringContaining(keyOfEvent(maryAnn)) });
  });

  it("keeps each force to its own runs: a fen token sees Fenland's, never Moorside's", async () => {
    expect((await report('tenant=fen&domain=hr', TOKENS.fenOperator)).status).toBe(200);
    const moor = await report('tenant=moor&domain=hr', TOKENS.fenOperator);
    expect(moor.status).toBe(404);
    expect(JSON.stringify(moor.body)).not.toContain('parallel run in');
    expect((await report('tenant=moor&domain=hr', TOKENS.opsViewer)).body).toMatchObject({ compared: posted.moor.length, agreed: posted.moor.length });
    expect((await l.api('GET', '/v1/parallel-runs', TOKENS.fenOperator)).body.items.map((r: any) => `${r.tenant}/${r.domain}`)).toEqual(['fen/hr']);
    expect((await l.api('GET', '/v1/parallel-runs', TOKENS.opsViewer)).body.items.map((r: any) => `${r.tenant}/${r.domain}`)).toEqual(['fen/hr', 'moor/hr']);
    const page = (await l.api('GET', '/ops/dashboard/parallel-runs', TOKENS.fenOperator)).body as string;
    expect(page).toContain('data-run="fen/hr"');
    expect(page).not.toContain('data-run="moor/hr"');
  });

  it.each([
    ['an unknown tenant', 404, 'tenant=zzz&domain=hr', TOKENS.opsAdmin, undefined],
    ['a domain with no parallel run', 404, 'tenant=fen&domain=payroll', TOKENS.opsAdmin, undefined],
    ['a force with no parallel run', 404, 'tenant=vale&domain=hr', TOKENS.opsAdmin, undefined],
    ['from after to', 400, 'tenant=fen&domain=hr&from=2026-11-24&to=2026-11-23', TOKENS.opsAdmin, '/from'],
    ['a bad date', 400, 'tenant=fen&domain=hr&from=23/11/2026', TOKENS.opsAdmin, '/from'],
    ['a day the calendar does not have', 400, 'tenant=fen&domain=hr&to=2026-02-30', TOKENS.opsAdmin, '/to'],
    ['no domain', 400, 'tenant=fen', TOKENS.opsAdmin, '/domain'],
    ['no tenant', 400, 'domain=hr', TOKENS.opsAdmin, '/tenant'],
    ['a repeated parameter', 400, 'tenant=fen&tenant=moor&domain=hr', TOKENS.opsAdmin, '/tenant'],
    ['no credential', 401, 'tenant=fen&domain=hr', null, undefined],
    ['a scrape credential', 403, 'tenant=fen&domain=hr', TOKENS.metrics, undefined],
    ["a source system's credential", 403, 'tenant=fen&domain=hr', TOKENS.hr, undefined],
  ] as const)('answers %s with a %i problem', async (_, status, q, token, path) => {
    const res = await fetch(`${l.hub.url}/v1/parallel-runs/report?${q}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { status: number; errors: { path: string }[] };
    expect(body).toMatchObject({ status, type: expect.stringContaining('/problems/') });
    if (path) expect(body.errors.map((e) => e.path)).toEqual([path]);
  });

  it('refuses the dashboard page without an ops login', async () => {
    const res = await fetch(`${l.hub.url}/ops/dashboard/parallel-runs`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });
});
