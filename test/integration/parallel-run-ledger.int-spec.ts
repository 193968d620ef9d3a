// The ledger's side of a parallel run on real PostgreSQL (migration 0010): which shadow deliveries
// are ready to compare, comparisons written once, reports over days and pairs, the list of runs,
// values forgotten past retention, and a shadow's dead letters kept apart. A fresh schema, dropped after.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DeliveryErrorCode } from '@hub/connector-sdk';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { DeliveryLedger, ParallelRunComparison, runLedgerMigrations } from '@hub/ledger';

const url = process.env.DATABASE_URL!;
const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 10, day, 9, minute));
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function event(tenant: string, n: string, type = 'hr.employee.joined.v1'): CanonicalEvent {
  return { specversion: '1.0', id: `evt-${tenant}-${n}`, source: 'urn:erp-hub:source:hr', type, subject: `${tenant.toUpperCase()}-${n}`, tenant, data: { n } };
}

describe('parallel runs in the delivery ledger', () => {
  const schema = `ledger_test_parallel_${randomBytes(4).toString('hex')}`;
  let pool: Pool;
  let ledger: DeliveryLedger;

  /** Accepted at `acceptedAt` and routed to the primaries and the shadow (one transaction, as the router will). */
  async function routed(e: CanonicalEvent, acceptedAt: Date, primaries: string[], shadow: string) {
    const rows = [...primaries.map((t) => ({ t, role: 'primary' as const })), { t: shadow, role: 'shadow' as const }].map(({ t, role }) => ({ eventKey: keyOfEvent(e), target: t, tenant: e.tenant, subject: e.subject, orderKey: acceptedAt.getTime() * 1000, ordered: false, role, at: acceptedAt }));
    await ledger.recordRouted([{ eventKey: keyOfEvent(e), event: e, acceptedAt }], rows, acceptedAt);
  }
  const settle = (e: CanonicalEvent, target: string, outcome: 'delivered' | 'dead-lettered' | 'retrying', when: Date) =>
    ledger.recordAttempts([{ eventKey: keyOfEvent(e), target, tenant: e.tenant, attempt: 1, outcome, at: when, ...(outcome === 'delivered' ? {} : { error: { code: DeliveryErrorCode.TargetRejected, message: 'no', status: 422, field: '/data/employment/grade' } }) }]);

  /** A comparison as the comparer would write it for `e`. */
  const comparison = (e: CanonicalEvent, acceptedAt: Date, primary: string, shadow: string, o: Partial<ParallelRunComparison> = {}): ParallelRunComparison => ({
    eventKey: keyOfEvent(e), tenant: e.tenant, domain: e.type.split('.')[0], type: e.type, acceptedAt, eventId: e.id, source: e.source, subject: e.subject,
    primary: { target: primary, outcome: 'acknowledged', state: 'delivered' },
    shadow: { target: shadow, outcome: 'acknowledged', state: 'delivered' },
    reasons: [], fieldsCompared: true, differing: [], onlyPrimary: ['/tenant'], onlyShadow: [],
    ...o,
  });

  beforeAll(async () => {
    await runLedgerMigrations(url, { schema });
    pool = new Pool({ connectionString: url, max: 4 });
    ledger = new DeliveryLedger(pool, schema);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('offers a shadow delivery once it and every primary of its event settled, or once its event is past the deadline', async () => {
    const settled = event('fen', 'settled');
    const primaryBusy = event('fen', 'primary-busy');
    const late = event('fen', 'late');
    const two = event('fen', 'two-primaries');
    await routed(settled, at(1), ['payroll-fen'], 'cloud-erp-fen');
    await routed(primaryBusy, at(1, 1), ['payroll-fen'], 'cloud-erp-fen');
    await routed(late, at(1, 2), ['payroll-fen'], 'cloud-erp-fen');
    await routed(two, at(1, 3), ['payroll-fen', 'dms-fen'], 'cloud-erp-fen');
    await settle(settled, 'payroll-fen', 'delivered', at(1, 5));
    await settle(settled, 'cloud-erp-fen', 'dead-lettered', at(1, 5));
    await settle(primaryBusy, 'cloud-erp-fen', 'delivered', at(1, 5));
    await settle(late, 'payroll-fen', 'delivered', at(1, 5));
    await settle(two, 'payroll-fen', 'delivered', at(1, 5));
    await settle(two, 'dms-fen', 'delivered', at(1, 5));
    await settle(two, 'cloud-erp-fen', 'delivered', at(1, 5));

    const ready = await ledger.shadowsToCompare(at(1, 0), 100);
    expect(ready.map((c) => c.event.id)).toEqual([settled.id, two.id]);
    expect(ready[0]).toMatchObject({ eventKey: keyOfEvent(settled), acceptedAt: at(1).toISOString(), shadow: { target: 'cloud-erp-fen', state: 'dead-lettered', role: 'shadow' }, primaries: [{ target: 'payroll-fen', state: 'delivered' }] });
    expect(ready[1].primaries.map((p) => p.target)).toEqual(['dms-fen', 'payroll-fen']);
    // Past the deadline, the busy primary's and the late shadow's events are offered as they stand.
    expect((await ledger.shadowsToCompare(at(1, 10), 100)).map((c) => c.event.id)).toEqual([settled.id, primaryBusy.id, late.id, two.id]);

    // Written once; offered no more.
    const rows = ready.flatMap((c) => c.primaries.map((p) => comparison(c.event, at(1), p.target, c.shadow.target)));
    expect(await ledger.recordComparisons(rows, ready.map((c) => c.shadow), at(1, 6))).toHaveLength(3);
    expect(await ledger.recordComparisons(rows, ready.map((c) => c.shadow), at(1, 7))).toEqual([]);
    expect((await ledger.shadowsToCompare(at(1, 10), 100)).map((c) => c.event.id)).toEqual([primaryBusy.id, late.id]);
    const mark = await pool.query(`SELECT compared_at FROM "${schema}".deliveries WHERE event_key = $1 AND target = 'cloud-erp-fen'`, [keyOfEvent(settled)]);
    expect(mark.rows[0].compared_at.toISOString()).toBe(at(1, 6).toISOString());
  });

  describe('reports', () => {
    // Days 10 and 11 of fen/hr, two pairs; one moor comparison; one fen payroll comparison.
    const e = (n: string, type?: string, tenant = 'fen') => event(tenant, n, type);
    const fte = { path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 };
    const forename = { path: '/data/name/forename', primary: 'Mary', shadow: 'Mary Ann' };
    const rows = [
      comparison(e('a'), at(10), 'payroll-fen', 'cloud-erp-fen'),
      comparison(e('b'), at(10, 1), 'payroll-fen', 'cloud-erp-fen', { reasons: ['fields'], differing: [fte] }),
      comparison(e('c'), at(10, 2), 'payroll-fen', 'cloud-erp-fen', { reasons: ['outcome'], shadow: { target: 'cloud-erp-fen', outcome: 'rejected', state: 'dead-lettered', error: { code: 'target-rejected', status: 422, field: '/data/employment/grade' } } }),
      comparison(e('c'), at(10, 2), 'dms-fen', 'cloud-erp-fen', { reasons: ['outcome'], shadow: { target: 'cloud-erp-fen', outcome: 'rejected', state: 'dead-lettered', error: { code: 'target-rejected', status: 422, field: '/data/employment/grade' } }, fieldsCompared: false, fieldsNote: 'the dms connector does not say what its records carry (no canonicalFields): outcomes only', onlyPrimary: [] }),
      comparison(e('d'), at(11), 'payroll-fen', 'cloud-erp-fen', { reasons: ['pending', 'fields'], shadow: { target: 'cloud-erp-fen', outcome: 'pending', state: 'retrying' }, differing: [fte, forename] }),
      comparison(e('m', undefined, 'moor'), at(11), 'payroll-moor', 'cloud-erp-moor'),
      comparison(e('p', 'payroll.pay-change.requested.v1'), at(11), 'payroll-fen', 'cloud-erp-fen'),
    ];
    beforeAll(async () => {
      await ledger.recordComparisons(rows, [], at(12));
    });

    it('counts per day and pair, by reason and field, lists what one side alone carries, and gives examples newest first', async () => {
      const r = await ledger.parallelRunReport({ tenants: '*', tenant: 'fen', domain: 'hr', from: dayOf(at(10)), to: dayOf(at(11)), examples: 1 });
      expect(r).toMatchObject({ tenant: 'fen', domain: 'hr', compared: 5, agreed: 1, disagreed: 4, byReason: { outcome: 2, pending: 1, fields: 2 } });
      expect(r.byField).toEqual([{ path: '/data/employment/fte', count: 2 }, { path: '/data/name/forename', count: 1 }]);
      expect(r.byDay).toEqual([{ day: '2026-11-10', compared: 4, agreed: 1, disagreed: 3 }, { day: '2026-11-11', compared: 1, agreed: 0, disagreed: 1 }]);
      expect(r.pairs).toEqual([{ primary: 'dms-fen', shadow: 'cloud-erp-fen', compared: 1, agreed: 0, disagreed: 1 }, { primary: 'payroll-fen', shadow: 'cloud-erp-fen', compared: 4, agreed: 1, disagreed: 3 }]);
      expect(r.onlyOneSide).toEqual({ primary: [{ path: '/tenant', count: 4 }], shadow: [] });
      expect(r.fieldsNotCompared).toEqual([{ note: expect.stringContaining('the dms connector'), count: 1 }]);
      expect(r.examples.outcome).toHaveLength(1);
      expect(r.examples.outcome[0]).toMatchObject({ eventId: 'evt-fen-c', subject: 'FEN-c', day: '2026-11-10', reasons: ['outcome'], shadow: { outcome: 'rejected', error: { field: '/data/employment/grade' } } });
      expect(r.examples.pending.map((x) => x.eventId)).toEqual(['evt-fen-d']);
      expect(r.examples.fields.map((x) => [x.field!.path, x.eventId, x.field!.primary, x.field!.shadow])).toEqual([
        ['/data/employment/fte', 'evt-fen-d', 0.8333, 0.83],
        ['/data/name/forename', 'evt-fen-d', 'Mary', 'Mary Ann'],
      ]);
    });

    it('keeps to its days, its domain and the caller’s tenants', async () => {
      expect(await ledger.parallelRunReport({ tenants: '*', tenant: 'fen', domain: 'hr', from: '2026-11-11', to: '2026-11-11' })).toMatchObject({ compared: 1, byDay: [{ day: '2026-11-11' }] });
      expect(await ledger.parallelRunReport({ tenants: '*', tenant: 'fen', domain: 'payroll', from: '2026-11-01', to: '2026-11-30' })).toMatchObject({ compared: 1, agreed: 1 });
      expect(await ledger.parallelRunReport({ tenants: ['moor'], tenant: 'fen', domain: 'hr', from: '2026-11-01', to: '2026-11-30' })).toMatchObject({ compared: 0, pairs: [], examples: { outcome: [], pending: [], fields: [] } });
      expect(await ledger.parallelRunExists('fen', 'hr')).toBe(true);
      expect(await ledger.parallelRunExists('fen', 'finance')).toBe(false);
      expect(await ledger.parallelRunExists('vale', 'hr')).toBe(false);
    });

    it('lists the runs within the tenants with one day’s counts, reasons and top fields, and the shadows still waiting', async () => {
      const runs = await ledger.parallelRuns('*', '2026-11-11', '2026-11-01', 1);
      expect(runs.map((r) => `${r.tenant}/${r.domain}`)).toEqual(['fen/hr', 'fen/payroll', 'moor/hr']);
      // The shadow deliveries of the first test still waiting (not compared) count for fen/hr.
      expect(runs[0]).toMatchObject({ pairs: expect.arrayContaining([{ primary: 'payroll-fen', shadow: 'cloud-erp-fen' }, { primary: 'dms-fen', shadow: 'cloud-erp-fen' }]), waiting: 2, today: { compared: 1, agreed: 0, disagreed: 1, byReason: { outcome: 0, pending: 1, fields: 1 }, topFields: [{ path: '/data/employment/fte', count: 1 }] } });
      expect((await ledger.parallelRuns(['moor'], '2026-11-11', '2026-11-01')).map((r) => r.tenant)).toEqual(['moor']);
    });

    it('forgets the values past retention and keeps the paths and counts', async () => {
      expect(await ledger.forgetComparisonValues(at(11))).toBe(1);
      const r = await ledger.parallelRunReport({ tenants: '*', tenant: 'fen', domain: 'hr', from: '2026-11-10', to: '2026-11-10' });
      expect(r).toMatchObject({ compared: 4, byField: [{ path: '/data/employment/fte', count: 1 }] });
      expect(r.examples.fields.map((x) => x.field)).toEqual([{ path: '/data/employment/fte' }]);
      expect((await ledger.parallelRunReport({ tenants: '*', tenant: 'fen', domain: 'hr', from: '2026-11-11', to: '2026-11-11' })).examples.fields[0].field).toEqual({ ...fte });
      expect(await ledger.forgetComparisonValues(at(11))).toBe(0);
    });
  });

  it("keeps a shadow's dead letters apart: listed and grouped on request, and marked", async () => {
    const e = event('vale', 'dl');
    await routed(e, at(20), ['payroll-vale'], 'cloud-erp-vale');
    await settle(e, 'payroll-vale', 'dead-lettered', at(20, 1));
    await settle(e, 'cloud-erp-vale', 'dead-lettered', at(20, 1));
    const ids = async (role?: 'primary' | 'shadow') => (await ledger.deadLetters({ tenants: ['vale'], ...(role ? { role } : {}) })).items.map((d) => [d.target, d.role]);
    expect(await ids('primary')).toEqual([['payroll-vale', undefined]]);
    expect(await ids('shadow')).toEqual([['cloud-erp-vale', 'shadow']]);
    expect((await ids()).length).toBe(2);
    expect((await ledger.groupDeadLetters({ tenants: ['vale'] })).map((g) => [g.target, g.role, g.count])).toEqual([
      ['cloud-erp-vale', 'shadow', 1],
      ['payroll-vale', undefined, 1],
    ]);
  });
});
