// A cutover under a steady load: Fenland's HR domain moves from the payroll bureau to the cloud ERP
// (run beside it as a shadow until then) while 50 events a second are posted for 10 seconds. Every
// event accepted before the switch reaches the bureau exactly once, every one accepted after never
// does, the ERP gets each event exactly once (as a shadow before, as the primary after), Moorside is
// untouched, and nothing is missing: counted by Idempotency-Key at the simulators themselves. The
// router is held back for the second around the switch (stopped, then started again), so a backlog
// of events accepted before the cutover is routed after it: they must still go where the route sent
// them when they were accepted.
import { Pool } from 'pg';
import { CloudErpSimulator, DEFAULT_GRADE_CATALOGUE } from '@connectors/cloud-erp';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const RATE_PER_SECOND = 50;
const SECONDS = 10;
const TOTAL = RATE_PER_SECOND * SECONDS;
const CLOUD_ERP_TOKEN = 'cloud-erp-token';

interface Posted {
  event: CanonicalEvent;
  sentAt: number;
  answeredAt: number;
  status: number;
  landscapeVersion?: number;
}

const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - Date.now())));

/** Idempotency-Key → how many calls carried it. */
function keyCounts(calls: readonly { request: { headers: Record<string, unknown> } }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const key = String(c.request.headers['idempotency-key']);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const once = (keys: string[]) => new Map(keys.map((k) => [k, 1]));

describe('cutover under load', () => {
  let l: TestLandscape;
  const erp = new CloudErpSimulator('fen', 0, '127.0.0.1', { token: CLOUD_ERP_TOKEN, grades: [...DEFAULT_GRADE_CATALOGUE, 'SO2'] });

  beforeAll(async () => {
    await erp.start();
    l = await TestLandscape.start({
      concurrency: 8,
      env: { CLOUD_ERP_TOKEN_FEN: CLOUD_ERP_TOKEN },
      // Fenland's HR in a parallel run: the bureau is the primary, the ERP its shadow.
      configure: (c) => {
        c.targets.push({ id: 'cloud-erp-fen', tenant: 'fen', connector: 'cloud-erp', endpoint: erp.url, credentialRef: 'CLOUD_ERP_TOKEN_FEN', concurrency: 8, timeoutMs: 2000, rateLimit: { max: 1000, perMs: 1000 } });
        c.routes = c.routes.filter((r: { tenant: string }) => r.tenant !== 'fen');
        c.routes.push({ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] });
        c.migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }];
      },
    });
  });
  afterAll(async () => {
    await l?.close();
    await erp.stop();
  });

  it(`switches Fenland's HR from the bureau to the ERP under ${RATE_PER_SECOND} events/s for ${SECONDS} s: none missing, none doubled, each where its acceptance version sent it`, async () => {
    const posted: Promise<Posted>[] = [];
    let cutover: { sentAt: number; answeredAt: number; status: number; version?: number } | undefined;
    let cutoverDone: Promise<void> | undefined;
    let routerPaused: Promise<void> | undefined;
    let routerBack: Promise<void> | undefined;
    const start = Date.now() + 100;
    for (let i = 0; i < TOTAL; i++) {
      await sleepUntil(start + (i * 1000) / RATE_PER_SECOND);
      // One in ten is Moorside's, which no cutover of Fenland may touch.
      const event = joiner(i % 10 === 9 ? 'moor' : 'fen', {}, 100_000 + i);
      const sentAt = Date.now();
      posted.push(l.post(event).then((res) => ({ event, sentAt, answeredAt: Date.now(), status: res.status, landscapeVersion: res.body?.accepted?.[0]?.landscapeVersion })));
      if (i === TOTAL / 2 - RATE_PER_SECOND / 2) routerPaused = l.hub.stop('router');
      if (i === TOTAL / 2 + RATE_PER_SECOND / 2) routerBack = routerPaused!.then(() => l.hub.start('router'));
      if (i === TOTAL / 2) {
        const sent = Date.now();
        cutoverDone = l.api('POST', '/v1/landscape/cutovers', TOKENS.fenOperator, { tenant: 'fen', domain: 'hr', reason: 'Fenland HR go-live under load' }).then((res) => {
          cutover = { sentAt: sent, answeredAt: Date.now(), status: res.status, version: res.body?.version };
        });
      }
    }
    const all = await Promise.all(posted);
    await Promise.all([cutoverDone, routerBack]);
    const loadSeconds = (Date.now() - start) / 1000;

    expect(cutover).toMatchObject({ status: 201, version: 2 });
    expect(all.filter((p) => p.status !== 202)).toEqual([]);
    const fen = all.filter((p) => p.event.tenant === 'fen');
    const moor = all.filter((p) => p.event.tenant === 'moor');
    const before = fen.filter((p) => p.landscapeVersion === 1);
    const after = fen.filter((p) => p.landscapeVersion === 2);
    expect(before.length + after.length).toBe(fen.length);
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(100);
    // The switch in time: answered before the cutover was asked for → version 1; posted after it was answered → version 2.
    expect(fen.filter((p) => p.answeredAt < cutover!.sentAt && p.landscapeVersion !== 1)).toEqual([]);
    expect(fen.filter((p) => p.sentAt > cutover!.answeredAt && p.landscapeVersion !== 2)).toEqual([]);

    const payrollKeys = (ps: Posted[], target: string) => ps.map((p) => `${target}.${keyOfEvent(p.event)}`);
    const expectedBureau = once(payrollKeys(before, 'payroll-fen'));
    const expectedErp = once(payrollKeys(fen, 'cloud-erp-fen'));
    const expectedMoor = once(payrollKeys(moor, 'payroll-moor'));
    const drainStart = Date.now();
    await waitFor('every delivery made', async () => keyCounts(l.payroll.fen.calls).size >= expectedBureau.size && keyCounts(erp.calls).size >= expectedErp.size && keyCounts(l.payroll.moor.calls).size >= expectedMoor.size, 120_000, 200);
    // The ledger has every delivery done: nothing still to come that could double one.
    const pg = new Pool({ connectionString: l.settings.databaseUrl, max: 1 });
    type Row = { event_key: string; target: string; role: string; landscape_version: string; state: string };
    let rows: Row[] = [];
    try {
      await waitFor('the ledger to have every delivery delivered', async () => {
        rows = (await pg.query<Row>(`SELECT event_key, target, role, landscape_version::text, state FROM "${l.settings.ledgerSchema}".deliveries`)).rows;
        return rows.length > 0 && rows.every((r) => r.state === 'delivered');
      }, 60_000, 200);
    } finally {
      await pg.end();
    }
    const drainSeconds = (Date.now() - drainStart) / 1000;

    // At the systems themselves: each event exactly once, where its acceptance version sent it.
    expect(keyCounts(l.payroll.fen.calls)).toEqual(expectedBureau);
    expect(keyCounts(erp.calls)).toEqual(expectedErp);
    expect(keyCounts(l.payroll.moor.calls)).toEqual(expectedMoor);
    expect(l.payroll.vale.calls).toEqual([]);
    expect(erp.repeats).toBe(0);

    // In the ledger: before the switch, the bureau as primary and the ERP as shadow, by version 1;
    // after it, the ERP as the only primary, by version 2.
    const byKey = new Map<string, string[]>();
    for (const r of rows) byKey.set(r.event_key, [...(byKey.get(r.event_key) ?? []), `${r.target}:${r.role}:v${r.landscape_version}`].sort());
    for (const p of before) expect(byKey.get(keyOfEvent(p.event))).toEqual(['cloud-erp-fen:shadow:v1', 'payroll-fen:primary:v1']);
    for (const p of after) expect(byKey.get(keyOfEvent(p.event))).toEqual(['cloud-erp-fen:primary:v2']);
    for (const p of moor) expect(byKey.get(keyOfEvent(p.event))).toEqual([`payroll-moor:primary:v${p.landscapeVersion}`]);
    expect(rows).toHaveLength(before.length * 2 + after.length + moor.length);

    // For the record (the report): how long the cutover took to answer, and the run.
    console.info(
      `cutover under load: ${all.length} events in ${loadSeconds.toFixed(1)} s (${(all.length / loadSeconds).toFixed(0)}/s), ${before.length} before and ${after.length} after the switch; ` +
        `cutover answered in ${cutover!.answeredAt - cutover!.sentAt} ms; every delivery done ${drainSeconds.toFixed(1)} s after the load ended`,
    );
  });
});
