// The delivery ledger on real PostgreSQL: each run migrates a fresh schema and drops it after.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DeliveryErrorCode } from '@hub/connector-sdk';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { AttemptRow, databaseMessage, DeliveryLedger, InvalidLedgerInputError, knownLedgerMigrations, OPEN_DEAD_LETTER_STATES, pendingLedgerMigrations, QuarantineReason, QuarantineRow, runLedgerMigrations } from '@hub/ledger';
import { waitFor } from '@hub/testing';

const url = process.env.DATABASE_URL;
const fresh = (tag: string) => `ledger_test_${tag}_${randomBytes(4).toString('hex')}`;

function event(tenant: string, n: number | string, over: Partial<CanonicalEvent> = {}): CanonicalEvent {
  return { specversion: '1.0', id: `evt-${tenant}-${n}`, source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: `${tenant.toUpperCase()}-${n}`, tenant, data: { n }, ...over };
}
const keyOf = (e: CanonicalEvent) => keyOfEvent(e);
const MIGRATIONS = ['0001_ledger', '0002_events_by_id', '0003_tenant_event_keys', '0004_quarantine', '0005_open_deliveries', '0007_subject_lanes', '0008_landscape_versions', '0010_parallel_runs', '0011_backfills', '0012_reconciliation', '0013_backfill_withdrawn', '0014_delivery_trace', '0015_shared_secrets'];
const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute));
const rejected = (status = 422) => ({ code: DeliveryErrorCode.TargetRejected, message: `payroll said ${status}`, status });

describe('delivery ledger on PostgreSQL', () => {
  const schemas: string[] = [];
  let admin: Pool;
  let ledger: DeliveryLedger;

  beforeAll(async () => {
    if (!url) throw new Error('DATABASE_URL is not set: test/global-setup.ts should have started PostgreSQL');
    admin = new Pool({ connectionString: url, max: 2 });
    schemas.push(fresh('main'));
    expect(await runLedgerMigrations(url, { schema: schemas[0] })).toEqual(MIGRATIONS);
    ledger = DeliveryLedger.connect(url, schemas[0]);
  });

  afterAll(async () => {
    await ledger?.close();
    for (const s of schemas) await admin?.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin?.end();
  });

  /** Accepts and queues events to targets, as the API and router would. */
  async function routed(events: CanonicalEvent[], targets: (e: CanonicalEvent) => string[], when = at(0)) {
    await ledger.recordAccepted(events.map((e) => ({ eventKey: keyOf(e), event: e, acceptedAt: when })));
    await ledger.recordQueued(events.flatMap((e) => targets(e).map((target) => ({ eventKey: keyOf(e), target, tenant: e.tenant, at: when }))));
  }
  const deliveryOf = async (e: CanonicalEvent, target: string) => (await ledger.trace(keyOf(e), '*'))?.deliveries.find((d) => d.target === target);

  describe('migrations', () => {
    it('are idempotent: a second run applies nothing and leaves the tables in place', async () => {
      expect(await runLedgerMigrations(url!, { schema: schemas[0] })).toEqual([]);
      const { rows } = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schemas[0]]);
      expect(rows.map((r) => r.table_name)).toEqual(['audit_log', 'backfill_items', 'backfills', 'deliveries', 'events', 'file_total_events', 'file_totals', 'landscape_versions', 'ledger_migrations', 'parallel_run_comparisons', 'quarantine', 'shared_secrets']);
    });

    it('say which migrations this build knows that a schema lacks: all of a new one, the rest of a half-migrated one, none of a current one', async () => {
      expect(knownLedgerMigrations()).toEqual(MIGRATIONS);
      const schema = fresh('pending');
      schemas.push(schema);
      expect(await pendingLedgerMigrations(url!, { schema })).toEqual(MIGRATIONS);
      await runLedgerMigrations(url!, { schema, count: 3 });
      expect(await pendingLedgerMigrations(url!, { schema })).toEqual(MIGRATIONS.slice(3));
      expect(await pendingLedgerMigrations(url!, { schema: schemas[0] })).toEqual([]);
    });

    it('let concurrent starts on one schema queue on the lock: the migration runs once', async () => {
      const schema = fresh('race');
      schemas.push(schema);
      const runs = await Promise.all([runLedgerMigrations(url!, { schema }), runLedgerMigrations(url!, { schema }), runLedgerMigrations(url!, { schema })]);
      expect(runs.flat()).toEqual(MIGRATIONS);
    });

    it('rekey events and their deliveries to tenant-scoped keys, as eventKey() computes them', async () => {
      const schema = fresh('rekey');
      schemas.push(schema);
      expect(await runLedgerMigrations(url!, { schema, count: 2 })).toEqual(MIGRATIONS.slice(0, 2));
      const e = event('moor', 'rekey', { id: 'evt-with-ünïcode-ID', source: 'urn:erp-hub:source:hr' });
      const oldKey = 'old-key-source-and-id-only-00000';
      await admin.query(`INSERT INTO "${schema}".events (event_key, tenant, type, source, event_id, subject, accepted_at, event) VALUES ($1, $2, $3, $4, $5, $6, now(), '{}')`, [oldKey, e.tenant, e.type, e.source, e.id, e.subject]);
      await admin.query(`INSERT INTO "${schema}".deliveries (event_key, target, tenant, state, updated_at) VALUES ($1, 'payroll-moor', 'moor', 'queued', now())`, [oldKey]);
      expect(await runLedgerMigrations(url!, { schema })).toEqual(MIGRATIONS.slice(2));
      const events = await admin.query(`SELECT event_key FROM "${schema}".events`);
      const deliveries = await admin.query(`SELECT event_key FROM "${schema}".deliveries`);
      expect(events.rows).toEqual([{ event_key: keyOf(e) }]);
      expect(deliveries.rows).toEqual([{ event_key: keyOf(e) }]);
    });

    it('refuse a schema name that is not a plain identifier', async () => {
      await expect(runLedgerMigrations(url!, { schema: 'x"; drop schema public; --' })).rejects.toThrow(/schema name/);
    });
  });

  describe('bulk writes and traces', () => {
    it('records a batch and traces an event with its deliveries, by key and by id', async () => {
      const [a, b] = [event('fen', 'trace-1'), event('fen', 'trace-2')];
      await routed([a, b], () => ['payroll-fen', 'dms-fen'], at(1));
      await ledger.recordAttempts([
        { eventKey: keyOf(a), target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome: 'retrying', error: { code: DeliveryErrorCode.TargetUnavailable, message: '503', status: 503 }, at: at(2) },
        { eventKey: keyOf(a), target: 'dms-fen', tenant: 'fen', attempt: 1, outcome: 'delivered', reference: 'DMS-9', at: at(2) },
      ]);
      await ledger.recordAttempts([{ eventKey: keyOf(a), target: 'payroll-fen', tenant: 'fen', attempt: 2, outcome: 'delivered', reference: 'EMP-1', at: at(3) }]);

      const trace = await ledger.trace(keyOf(a), ['fen']);
      expect(trace).toMatchObject({ eventKey: keyOf(a), acceptedAt: at(1).toISOString(), event: a });
      expect(trace!.deliveries).toEqual([
        { eventKey: keyOf(a), target: 'dms-fen', tenant: 'fen', state: 'delivered', attempts: 1, reference: 'DMS-9', queuedAt: at(1).toISOString(), updatedAt: at(2).toISOString(), deliveredAt: at(2).toISOString(), replays: 0 },
        {
          eventKey: keyOf(a), target: 'payroll-fen', tenant: 'fen', state: 'delivered', attempts: 2, reference: 'EMP-1',
          // the last error stays as history after the success
          reason: 'target-unavailable', message: '503', status: 503, fingerprint: 'target-unavailable|payroll-fen|503',
          queuedAt: at(1).toISOString(), updatedAt: at(3).toISOString(), deliveredAt: at(3).toISOString(), replays: 0,
        },
      ]);
      expect(await ledger.tracesByEventId(b.id, '*', { source: b.source })).toMatchObject([{ event: b, deliveries: [{ state: 'queued' }, { state: 'queued' }] }]);
    });

    it('keeps the first record of an event accepted twice, even within one batch', async () => {
      const e = event('fen', 'dup');
      await ledger.recordAccepted([
        { eventKey: keyOf(e), event: e, acceptedAt: at(1) },
        { eventKey: keyOf(e), event: { ...e, data: { changed: true } }, acceptedAt: at(2) },
      ]);
      await ledger.recordAccepted([{ eventKey: keyOf(e), event: { ...e, data: { again: true } }, acceptedAt: at(3) }]);
      expect(await ledger.trace(keyOf(e), '*')).toMatchObject({ acceptedAt: at(1).toISOString(), event: e });
    });

    it('finds events by the CloudEvent id alone, one per source that used it, within scope', async () => {
      const hr = event('fen', 'shared-id');
      const dms = event('vale', 'shared-id', { id: hr.id, source: 'urn:erp-hub:source:dms' });
      await routed([hr, dms], () => []);
      expect((await ledger.tracesByEventId(hr.id, '*')).map((t) => t.event.source).sort()).toEqual([dms.source, hr.source]);
      expect((await ledger.tracesByEventId(hr.id, ['fen'])).map((t) => t.event)).toEqual([hr]);
      expect(await ledger.tracesByEventId('no-such-id', '*')).toEqual([]);
    });

    it('keeps the same source and id posted for two forces as two events, each found within its own tenant', async () => {
      const fen = event('fen', 'same-identity');
      const moor = { ...event('moor', 'same-identity'), id: fen.id, source: fen.source };
      expect(keyOf(fen)).not.toBe(keyOf(moor));
      await routed([fen, moor], () => []);
      expect((await ledger.tracesByEventId(fen.id, '*', { source: fen.source })).map((t) => t.event.tenant).sort()).toEqual(['fen', 'moor']);
      expect((await ledger.tracesByEventId(fen.id, ['moor'], { source: fen.source })).map((t) => t.event)).toEqual([moor]);
      expect((await ledger.tracesByEventId(fen.id, '*', { source: fen.source, tenant: 'fen' })).map((t) => t.event)).toEqual([fen]);
    });

    it('outlives PostgreSQL closing a connection it has checked out (a restart): no unhandled error, the connection is not reused', async () => {
      const name = `ledger-checkout-${randomBytes(3).toString('hex')}`;
      const own = DeliveryLedger.connect(url!, schemas[0], { application_name: name, max: 1 });
      try {
        const ran = await own.exclusively('checkout-test', async () => {
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
          // The closed connection's error arrives on its own; without a listener it would end the process.
          await waitFor('the connection to be gone', async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [name])).rowCount === 0);
        });
        expect(ran).toBe(true);
        // A fresh connection serves the next statement.
        await expect(own.ping(2_000)).resolves.toBeUndefined();
      } finally {
        await own.close();
      }
    });

    it('answers a ping while PostgreSQL is up', async () => {
      await expect(ledger.ping(2_000)).resolves.toBeUndefined();
      const down = DeliveryLedger.connect('postgres://hub:hub@127.0.0.1:1/hub', schemas[0], { connectionTimeoutMillis: 500 });
      await expect(down.ping(2_000)).rejects.toThrow();
      await down.close();
    });

    it('hides an event from a caller without its tenant, exactly as if it did not exist', async () => {
      const e = event('cam', 'hidden');
      await routed([e], () => ['payroll-cam']);
      expect(await ledger.trace(keyOf(e), ['fen'])).toBeUndefined();
      expect(await ledger.tracesByEventId(e.id, [], { source: e.source })).toEqual([]);
      expect(await ledger.trace('no-such-key', '*')).toBeUndefined();
      expect(await ledger.trace(keyOf(e), ['fen', 'cam'])).toBeDefined();
      expect(await ledger.trace(keyOf(e), ['*'])).toBeDefined();
    });

    it('writes nothing for empty batches', async () => {
      await expect(Promise.all([ledger.recordAccepted([]), ledger.recordQueued([]), ledger.recordAttempts([])])).resolves.toBeDefined();
    });

    it('refuses a failed attempt without its error, before writing anything', async () => {
      const e = event('fen', 'no-error');
      const bad = [{ eventKey: keyOf(e), target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome: 'dead-lettered', at: at(1) }] as AttemptRow[];
      await expect(ledger.recordAttempts(bad)).rejects.toThrow(InvalidLedgerInputError);
      expect(await deliveryOf(e, 'payroll-fen')).toBeUndefined();
    });
  });

  describe('states only move forward', () => {
    const attempt = (e: CanonicalEvent, n: number, outcome: AttemptRow['outcome'], minute: number): AttemptRow => ({
      eventKey: keyOf(e), target: 'payroll-fen', tenant: e.tenant, attempt: n, outcome, at: at(minute),
      ...(outcome === 'delivered' ? {} : { error: outcome === 'retrying' ? { code: DeliveryErrorCode.TargetTimeout, message: 'timeout' } : rejected() }),
    });

    it('a late retrying does not overwrite delivered, nor a late dead-lettering', async () => {
      const e = event('fen', 'late');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 2, 'delivered', 5)]);
      await ledger.recordAttempts([attempt(e, 1, 'retrying', 4)]);
      await ledger.recordAttempts([attempt(e, 3, 'dead-lettered', 6)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'delivered', attempts: 2, deliveredAt: at(5).toISOString() });
    });

    it('retrying never steps back to an earlier attempt', async () => {
      const e = event('fen', 'order');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 3, 'retrying', 3)]);
      await ledger.recordAttempts([attempt(e, 2, 'retrying', 2)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'retrying', attempts: 3, updatedAt: at(3).toISOString() });
    });

    it('folds several rows for one delivery in one batch to the furthest one', async () => {
      const e = event('fen', 'same-batch');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 1, 'retrying', 1), attempt(e, 2, 'delivered', 2), attempt(e, 1, 'retrying', 1)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'delivered', attempts: 2 });
    });

    it("an attempt landing before the router's queued row creates the delivery; queued fills in its time only", async () => {
      const e = event('fen', 'race');
      await ledger.recordAccepted([{ eventKey: keyOf(e), event: e, acceptedAt: at(0) }]);
      await ledger.recordAttempts([attempt(e, 1, 'delivered', 2)]);
      await ledger.recordQueued([{ eventKey: keyOf(e), target: 'payroll-fen', tenant: 'fen', at: at(1) }]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'delivered', attempts: 1, queuedAt: at(1).toISOString() });
    });

    it('delivered beats dead-lettered (a stalled job that ran again got through)', async () => {
      const e = event('fen', 'stalled');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 3, 'dead-lettered', 3)]);
      await ledger.recordAttempts([attempt(e, 3, 'delivered', 4)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'delivered', deadLetteredAt: at(3).toISOString(), deliveredAt: at(4).toISOString() });
    });

    it('a replay starts a new run: its attempts count from 1 again, up to delivered', async () => {
      const e = event('fen', 'replay');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 3, 'dead-lettered', 3)]);
      expect(await ledger.markReplaying([{ eventKey: keyOf(e), target: 'payroll-fen' }], ['fen'], at(4))).toEqual([{ eventKey: keyOf(e), target: 'payroll-fen' }]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'replaying', replays: 1, attempts: 3 });
      // replaying only from an open dead letter
      expect(await ledger.markReplaying([{ eventKey: keyOf(e), target: 'payroll-fen' }], ['fen'], at(4))).toEqual([]);
      await ledger.recordAttempts([attempt(e, 1, 'retrying', 5)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'retrying', attempts: 1 });
      await ledger.recordAttempts([attempt(e, 2, 'delivered', 6)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'delivered', attempts: 2, replays: 1, deadLetteredAt: at(3).toISOString() });
    });

    it('a failed replay dead-letters again with the new time', async () => {
      const e = event('fen', 'replay-fails');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 1, 'dead-lettered', 3)]);
      await ledger.markReplaying([{ eventKey: keyOf(e), target: 'payroll-fen' }], '*', at(4));
      await ledger.recordAttempts([attempt(e, 1, 'dead-lettered', 5)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'dead-lettered', deadLetteredAt: at(5).toISOString(), replays: 1 });
    });

    it('a discarded dead letter stays discarded under later failures', async () => {
      const e = event('fen', 'discard');
      await routed([e], () => ['payroll-fen']);
      await ledger.recordAttempts([attempt(e, 1, 'dead-lettered', 1)]);
      expect((await ledger.markDiscarded([{ eventKey: keyOf(e), target: 'payroll-fen' }], 'leaver already removed by hand', at(2), ['fen'])).discarded).toHaveLength(1);
      await ledger.recordAttempts([attempt(e, 2, 'dead-lettered', 3)]);
      await ledger.recordAttempts([attempt(e, 3, 'retrying', 4)]);
      expect(await deliveryOf(e, 'payroll-fen')).toMatchObject({ state: 'discarded', discardedAt: at(2).toISOString(), discardReason: 'leaver already removed by hand' });
    });
  });

  describe('dead letters', () => {
    // A separate schema, so counts are exact whatever the other tests wrote.
    let dl: DeliveryLedger;
    const fen = Array.from({ length: 12 }, (_, i) => event('fen', `dl-${i}`, i % 3 === 0 ? { type: 'hr.employee.left.v1' } : {}));
    const cam = Array.from({ length: 5 }, (_, i) => event('cam', `dl-${i}`));

    beforeAll(async () => {
      const schema = fresh('dl');
      schemas.push(schema);
      await runLedgerMigrations(url!, { schema });
      dl = new DeliveryLedger(ledger.pool, schema);
      const all = [...fen, ...cam];
      await dl.recordAccepted(all.map((e) => ({ eventKey: keyOf(e), event: e, acceptedAt: at(0) })));
      await dl.recordQueued(all.map((e) => ({ eventKey: keyOf(e), target: `payroll-${e.tenant}`, tenant: e.tenant, at: at(0) })));
      await dl.recordAttempts([
        // fen: 8 rejected 422 (four of them at the very same minute, to page through ties), 4 failing a field on different lines
        ...fen.slice(0, 8).map((e, i) => ({ eventKey: keyOf(e), target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome: 'dead-lettered' as const, error: rejected(), at: at(i < 4 ? 10 : 10 + i) })),
        ...fen.slice(8).map((e, i) => ({
          eventKey: keyOf(e), target: 'payroll-fen', tenant: 'fen', attempt: 5, outcome: 'dead-lettered' as const,
          error: { code: DeliveryErrorCode.MappingFailed, message: 'no currency', field: `/data/lines/${i}/currency` }, at: at(30 + i),
        })),
        // cam: 5 rejected 409
        ...cam.map((e, i) => ({ eventKey: keyOf(e), target: 'payroll-cam', tenant: 'cam', attempt: 1, outcome: 'dead-lettered' as const, error: rejected(409), at: at(20 + i) })),
      ]);
    });

    it('pages newest first through ties, every row once, with a constant total', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await dl.deadLetters({ tenants: '*' }, { limit: 5, after });
        expect(page.total).toBe(17);
        seen.push(...page.items.map((d) => `${d.deadLetteredAt} ${d.eventKey}`));
        after = page.next;
        pages += 1;
      } while (after);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(17);
      expect(new Set(seen).size).toBe(17);
      expect([...seen].sort().reverse()).toEqual(seen);
    });

    it('returns the event with each dead letter', async () => {
      const { items } = await dl.deadLetters({ tenants: ['cam'] }, { limit: 1 });
      expect(items[0]).toMatchObject({
        tenant: 'cam', target: 'payroll-cam', state: 'dead-lettered', reason: 'target-rejected', status: 409, fingerprint: 'target-rejected|payroll-cam|409',
        type: 'hr.employee.joined.v1', subject: 'CAM-dl-4', source: 'urn:erp-hub:source:hr', eventId: 'evt-cam-dl-4', event: cam[4], deadLetteredAt: at(24).toISOString(),
      });
    });

    it("never shows one force another's dead letters, whatever the filter asks", async () => {
      const fenOnly = await dl.deadLetters({ tenants: ['fen'] }, { limit: 1000 });
      expect(fenOnly.total).toBe(12);
      expect(new Set(fenOnly.items.map((d) => d.tenant))).toEqual(new Set(['fen']));
      expect(await dl.deadLetters({ tenants: ['fen'], tenant: 'cam' })).toEqual({ items: [], total: 0 });
      expect(await dl.deadLetters({ tenants: ['fen'], target: 'payroll-cam' })).toEqual({ items: [], total: 0 });
      expect(await dl.deadLetters({ tenants: [] })).toEqual({ items: [], total: 0 });
      expect((await dl.groupDeadLetters({ tenants: ['cam'] })).map((g) => g.tenant)).toEqual(['cam']);
      await expect(dl.deadLetters({} as never)).rejects.toThrow(InvalidLedgerInputError);
    });

    it('filters by target, type, subject, reason, fingerprint and time', async () => {
      const total = async (f: Partial<Parameters<DeliveryLedger['deadLetters']>[0]>) => (await dl.deadLetters({ tenants: '*', ...f })).total;
      expect(await total({ target: 'payroll-cam' })).toBe(5);
      expect(await total({ type: 'hr.employee.left.v1' })).toBe(4);
      expect(await total({ subject: 'FEN-dl-7' })).toBe(1);
      expect(await total({ reason: 'mapping-failed' })).toBe(4);
      expect(await total({ fingerprint: 'target-rejected|payroll-fen|422' })).toBe(8);
      expect(await total({ fingerprint: 'mapping-failed|payroll-fen|/data/lines/*/currency' })).toBe(4);
      expect(await total({ from: at(20), to: at(30) })).toBe(5);
      expect(await total({ from: at(30).toISOString() })).toBe(4);
      expect(await total({ tenant: 'fen', reason: 'target-rejected', to: at(11) })).toBe(4);
    });

    it('groups by cause and tenant, biggest group first', async () => {
      expect(await dl.groupDeadLetters({ tenants: '*' })).toEqual([
        { fingerprint: 'target-rejected|payroll-fen|422', reason: 'target-rejected', target: 'payroll-fen', tenant: 'fen', fieldOrStatus: '422', count: 8, holding: 0, first: at(10).toISOString(), last: at(17).toISOString() },
        { fingerprint: 'target-rejected|payroll-cam|409', reason: 'target-rejected', target: 'payroll-cam', tenant: 'cam', fieldOrStatus: '409', count: 5, holding: 0, first: at(20).toISOString(), last: at(24).toISOString() },
        { fingerprint: 'mapping-failed|payroll-fen|/data/lines/*/currency', reason: 'mapping-failed', target: 'payroll-fen', tenant: 'fen', fieldOrStatus: '/data/lines/*/currency', count: 4, holding: 0, first: at(30).toISOString(), last: at(33).toISOString() },
      ]);
    });

    it('replaying and discarding act only within scope, and move rows between the state filters', async () => {
      const [f0, f1, c0] = [fen[0], fen[1], cam[0]].map((e) => ({ eventKey: keyOf(e), target: `payroll-${e.tenant}` }));
      expect(await dl.markReplaying([f0, c0], ['fen'], at(40))).toEqual([f0]);
      expect((await dl.markDiscarded([f1, c0], 'duplicate joiner', at(41), ['fen'])).discarded).toEqual([f1]);
      expect((await dl.deadLetters({ tenants: '*' })).total).toBe(15);
      expect((await dl.deadLetters({ tenants: '*', state: 'replaying' })).items.map((d) => d.eventKey)).toEqual([f0.eventKey]);
      expect((await dl.deadLetters({ tenants: ['fen'], state: ['replaying', 'discarded'] })).total).toBe(2);
      expect((await dl.deadLetters({ tenants: ['cam'], state: ['replaying', 'discarded'] })).total).toBe(0);
    });

    it('finds one dead letter by its key within scope, and takes a failed replay back to dead-lettered', async () => {
      const c1 = { eventKey: keyOf(cam[1]), target: 'payroll-cam' };
      expect(await dl.deadLetter(c1, ['cam'])).toMatchObject({ ...c1, state: 'dead-lettered', event: cam[1] });
      expect(await dl.deadLetter(c1, ['fen'])).toBeUndefined();
      expect(await dl.markReplaying([c1], '*', at(50))).toEqual([c1]);
      expect(await dl.revertReplaying([c1], at(51))).toEqual([c1]);
      expect(await dl.deadLetter(c1, '*')).toMatchObject({ state: 'dead-lettered', replays: 1 });
      // Only a replaying delivery goes back.
      expect(await dl.revertReplaying([c1], at(52))).toEqual([]);
    });

    it('counts open dead letters through a replay, until the target acknowledges', async () => {
      const c2 = { eventKey: keyOf(cam[2]), target: 'payroll-cam' };
      const open = async () => (await dl.deadLetters({ tenants: ['cam'], state: OPEN_DEAD_LETTER_STATES })).total;
      const before = await open();
      await dl.markReplaying([c2], '*', at(60));
      await dl.recordAttempts([{ ...c2, tenant: 'cam', attempt: 1, outcome: 'retrying', error: rejected(503), at: at(61) }]);
      expect(await open()).toBe(before);
      await dl.recordAttempts([{ ...c2, tenant: 'cam', attempt: 2, outcome: 'delivered', at: at(62) }]);
      expect(await open()).toBe(before - 1);
    });

    it('refuses a cursor it did not issue', async () => {
      await expect(dl.deadLetters({ tenants: '*' }, { after: 'bogus' })).rejects.toThrow(InvalidLedgerInputError);
    });
  });

  describe('retention', () => {
    it('forgets settled events past the cutoff with their deliveries, and keeps open dead letters and recent events', async () => {
      const schema = fresh('prune');
      schemas.push(schema);
      await runLedgerMigrations(url!, { schema });
      const r = new DeliveryLedger(ledger.pool, schema);
      const [settled, discarded, unrouted, open, recent] = ['settled', 'discarded', 'unrouted', 'open', 'recent'].map((n) => event('fen', `prune-${n}`));
      const old = at(0);
      await r.recordAccepted([settled, discarded, unrouted, open].map((e) => ({ eventKey: keyOf(e), event: e, acceptedAt: old })));
      await r.recordAccepted([{ eventKey: keyOf(recent), event: recent, acceptedAt: at(100) }]);
      const row = (e: CanonicalEvent, target: string, outcome: AttemptRow['outcome']): AttemptRow => ({
        eventKey: keyOf(e), target, tenant: 'fen', attempt: 1, outcome, at: old, ...(outcome === 'delivered' ? {} : { error: rejected() }),
      });
      await r.recordAttempts([
        row(settled, 'payroll-fen', 'delivered'), row(settled, 'dms-fen', 'delivered'),
        row(discarded, 'payroll-fen', 'dead-lettered'), row(open, 'payroll-fen', 'delivered'), row(open, 'dms-fen', 'dead-lettered'),
        row(recent, 'payroll-fen', 'delivered'),
      ]);
      await r.markDiscarded([{ eventKey: keyOf(discarded), target: 'payroll-fen' }], 'left before start', at(1), '*');

      expect(await r.prune(at(50), 2)).toEqual({ events: 3, deliveries: 3 });
      for (const e of [settled, discarded, unrouted]) expect(await r.trace(keyOf(e), '*')).toBeUndefined();
      expect((await r.trace(keyOf(open), '*'))?.deliveries.map((d) => d.state)).toEqual(['dead-lettered', 'delivered']);
      expect(await r.trace(keyOf(recent), '*')).toBeDefined();
      expect(await r.prune(at(50))).toEqual({ events: 0, deliveries: 0 });
    });
  });

  describe("the worker's sweeper", () => {
    it('lists open deliveries that have not moved since a moment, oldest first, with their events, page by page', async () => {
      const schema = fresh('sweep');
      schemas.push(schema);
      await runLedgerMigrations(url!, { schema });
      const r = new DeliveryLedger(ledger.pool, schema);
      const [queued, retrying, replaying, done, dead, fresh1] = ['q', 'r', 'p', 'd', 'x', 'f'].map((n) => event('fen', `sweep-${n}`));
      const all = [queued, retrying, replaying, done, dead];
      await r.recordAccepted([...all, fresh1].map((e) => ({ eventKey: keyOf(e), event: e, acceptedAt: at(0) })));
      await r.recordQueued(all.map((e) => ({ eventKey: keyOf(e), target: 'payroll-fen', tenant: 'fen', at: at(0) })));
      await r.recordQueued([{ eventKey: keyOf(fresh1), target: 'payroll-fen', tenant: 'fen', at: at(30) }]);
      const row = (e: CanonicalEvent, outcome: AttemptRow['outcome'], minute: number): AttemptRow => ({ eventKey: keyOf(e), target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome, at: at(minute), ...(outcome === 'delivered' ? { reference: 'PAY-1' } : { error: rejected(503) }) });
      await r.recordAttempts([row(retrying, 'retrying', 2), row(done, 'delivered', 3), row(dead, 'dead-lettered', 4), row(replaying, 'dead-lettered', 1)]);
      await r.markReplaying([{ eventKey: keyOf(replaying), target: 'payroll-fen' }], '*', at(5));

      const open = await r.openDeliveries(at(20), 10);
      expect(open.map((d) => [d.eventKey, d.state])).toEqual([[keyOf(queued), 'queued'], [keyOf(retrying), 'retrying'], [keyOf(replaying), 'replaying']]);
      expect(open[0]).toMatchObject({ target: 'payroll-fen', tenant: 'fen', attempts: 0, event: queued });
      const first = await r.openDeliveries(at(20), 2);
      const rest = await r.openDeliveries(at(20), 2, first[first.length - 1]);
      expect([...first, ...rest].map((d) => d.eventKey)).toEqual(open.map((d) => d.eventKey));
      // Newer than the moment: an enqueue may be under way.
      expect((await r.openDeliveries(at(40), 10)).map((d) => d.eventKey)).toContain(keyOf(fresh1));

      expect(await r.deliveredAlready({ eventKey: keyOf(done), target: 'payroll-fen' })).toEqual({ reference: 'PAY-1' });
      expect(await r.deliveredAlready({ eventKey: keyOf(retrying), target: 'payroll-fen' })).toBeUndefined();
    });

    it('keeps one shared secret per name: two processes asking at once get the first one written, and it stays', async () => {
      const other = DeliveryLedger.connect(url!, schemas[0]);
      try {
        const name = `test-${randomBytes(3).toString('hex')}`;
        const [a, b] = await Promise.all([ledger.sharedSecret(name, randomBytes(32)), other.sharedSecret(name, randomBytes(32))]);
        expect(a).toHaveLength(32);
        expect(b.equals(a)).toBe(true);
        expect((await other.sharedSecret(name, randomBytes(32))).equals(a)).toBe(true);
        await expect(ledger.sharedSecret(`${name}-short`, randomBytes(8))).rejects.toThrow(/check constraint/);
      } finally {
        await other.close();
      }
    });

    it('lets one process at a time do exclusive work per ledger schema, and frees the lock after', async () => {
      const other = DeliveryLedger.connect(url!, schemas[0]);
      const elsewhere = DeliveryLedger.connect(url!, fresh('other'));
      try {
        let inside: boolean[] = [];
        const ran = await ledger.exclusively('delivery-sweeper', async () => {
          inside = [await other.exclusively('delivery-sweeper', async () => undefined), await elsewhere.exclusively('delivery-sweeper', async () => undefined)];
        });
        expect(ran).toBe(true);
        // Taken in this schema, free in another one.
        expect(inside).toEqual([false, true]);
        expect(await other.exclusively('delivery-sweeper', async () => undefined)).toBe(true);
        await expect(ledger.exclusively('delivery-sweeper', async () => Promise.reject(new Error('Redis is away')))).rejects.toThrow('Redis is away');
        expect(await other.exclusively('delivery-sweeper', async () => undefined)).toBe(true);
      } finally {
        await other.close();
        await elsewhere.close();
      }
    });
  });

  describe('audit log', () => {
    it('appends entries and reads them back newest first, scoped and paged', async () => {
      const base = { roles: ['ops'], action: 'dead-letter.replay' };
      const first = await ledger.appendAudit({ ...base, actor: 'ops-fen', tenants: ['fen'], filter: { target: 'payroll-fen' }, counts: { matched: 3, replayed: 3 }, at: at(1) });
      expect(first).toEqual({ id: expect.stringMatching(/^\d+$/), at: at(1).toISOString(), actor: 'ops-fen', roles: ['ops'], action: 'dead-letter.replay', tenants: ['fen'], filter: { target: 'payroll-fen' }, counts: { matched: 3, replayed: 3 } });
      await ledger.appendAudit({ ...base, actor: 'ops-fen', tenants: ['fen'], detail: 'second' });
      await ledger.appendAudit({ ...base, actor: 'ops-cam', tenants: ['cam'] });
      await ledger.appendAudit({ ...base, actor: 'ops-all', tenants: '*', action: 'dead-letter.discard' });

      const fenPage1 = await ledger.audit({ tenants: ['fen'] }, { limit: 1 });
      expect(fenPage1).toMatchObject({ total: 2, items: [{ actor: 'ops-fen', detail: 'second' }], next: expect.any(String) });
      const fenPage2 = await ledger.audit({ tenants: ['fen'] }, { limit: 1, after: fenPage1.next });
      expect(fenPage2).toEqual({ total: 2, items: [first] });
      expect((await ledger.audit({ tenants: ['fen', 'cam'] })).items.map((a) => a.actor)).toEqual(['ops-cam', 'ops-fen', 'ops-fen']);
      expect((await ledger.audit({ tenants: '*', action: 'dead-letter.discard' })).items).toMatchObject([{ actor: 'ops-all', tenants: ['*'] }]);
      expect((await ledger.audit({ tenants: '*', actor: 'ops-fen', from: at(0), to: at(2) })).items).toEqual([first]);
    });

    it('is append-only: UPDATE, DELETE and TRUNCATE raise', async () => {
      await ledger.appendAudit({ actor: 'ops-fen', roles: [], action: 'login', tenants: ['fen'] });
      const table = `"${schemas[0]}".audit_log`;
      await expect(admin.query(`UPDATE ${table} SET actor = 'someone-else'`)).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(admin.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only: DELETE refused/);
      await expect(admin.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect((await ledger.audit({ tenants: '*' })).total).toBeGreaterThan(0);
    });

    it('refuses an entry without the tenants it was taken in', async () => {
      await expect(ledger.appendAudit({ actor: 'x', roles: [], action: 'y', tenants: [] })).rejects.toThrow(InvalidLedgerInputError);
    });
  });

  describe('quarantine', () => {
    let q: DeliveryLedger;
    let offset = 0;
    beforeAll(async () => {
      const schema = fresh('quarantine');
      schemas.push(schema);
      await runLedgerMigrations(url!, { schema });
      q = new DeliveryLedger(ledger.pool, schema);
    });

    /** A message as the router read it, with bytes no text column could hold: NUL, 0xff, a lone-surrogate escape. */
    function quarantined(over: Partial<QuarantineRow> = {}): QuarantineRow {
      const n = ++offset;
      return {
        topic: 't.hr.employee.joined.v1',
        partition: 1,
        offset: String(n),
        message: {
          key: Buffer.from([0x46, 0x00, 0xff]),
          value: Buffer.from(`{"name":"x\\ud800","nul":"\u0000","n":${n}}`, 'utf8'),
          headers: [
            { key: 'ce_id', value: Buffer.from('evt-1') },
            { key: 'ce_subject', value: Buffer.from([0x46, 0x00, 0xff]) },
            { key: 'ce_subject', value: null },
          ],
          timestamp: String(at(1).getTime()),
        },
        tenant: 'fen',
        type: 'hr.employee.joined.v1',
        subject: 'F\\u0000\ufffd',
        event: { id: 'evt-1', data: { name: 'x\\ud800' } },
        reason: QuarantineReason.NotCarriable,
        reasonMessage: 'cannot be carried exactly',
        problems: [{ path: '/data/name', message: 'must not contain a lone surrogate (U+D800)' }],
        at: at(2),
        ...over,
      };
    }

    it('keeps the message byte for byte, what could be read, and why; the same coordinates twice are one row', async () => {
      const row = quarantined();
      const [written] = await q.recordQuarantined([row, row]);
      expect(written).toEqual({ id: expect.stringMatching(/^\d+$/), topic: row.topic, partition: 1, offset: row.offset, reason: 'not-carriable', tenant: 'fen', timesQuarantined: 1 });
      expect(await q.recordQuarantined([row])).toEqual([]);
      const got = await q.quarantinedMessage(written.id, ['fen']);
      expect(got).toMatchObject({
        id: written.id, topic: row.topic, partition: 1, offset: row.offset, tenant: 'fen', type: row.type, subject: row.subject, event: row.event,
        reason: 'not-carriable', message: 'cannot be carried exactly', problems: row.problems, state: 'open', timesQuarantined: 1,
        quarantinedAt: at(2).toISOString(), digest: expect.stringMatching(/^[0-9a-f]{64}$/), valueBytes: row.message.value!.length,
      });
      expect(got!.raw!.key!.equals(row.message.key!)).toBe(true);
      expect(got!.raw!.value!.equals(row.message.value!)).toBe(true);
      expect(got!.raw!.headers).toEqual(row.message.headers);
      expect(got!.raw!.timestamp).toBe(row.message.timestamp);
      // Lists leave the bytes out.
      expect((await q.quarantined({ tenants: '*' })).items.find((i) => i.id === written.id)?.raw).toBeUndefined();
    });

    it('shows a message whose tenant could not be read only to all-tenant callers, and another force nothing', async () => {
      const [nobody] = await q.recordQuarantined([quarantined({ tenant: undefined, reason: QuarantineReason.Undecodable })]);
      const [moor] = await q.recordQuarantined([quarantined({ tenant: 'moor' })]);
      expect(await q.quarantinedMessage(nobody.id, ['fen', 'moor'])).toBeUndefined();
      expect(await q.quarantinedMessage(nobody.id, '*')).toMatchObject({ reason: 'undecodable' });
      expect(await q.quarantinedMessage(moor.id, ['fen'])).toBeUndefined();
      expect(await q.quarantinedMessage('no-such-id', '*')).toBeUndefined();
      const fenIds = (await q.quarantined({ tenants: ['fen'] }, { limit: 1000 })).items.map((i) => i.id);
      expect(fenIds).not.toContain(nobody.id);
      expect(fenIds).not.toContain(moor.id);
      expect((await q.quarantined({ tenants: '*', reason: QuarantineReason.Undecodable })).items.map((i) => i.id)).toEqual([nobody.id]);
    });

    it('pages newest first and refuses a cursor it did not issue', async () => {
      const rows = [5, 6, 7].map((m) => quarantined({ tenant: 'vale', at: at(m) }));
      await q.recordQuarantined(rows);
      const first = await q.quarantined({ tenants: ['vale'] }, { limit: 2 });
      expect(first).toMatchObject({ total: 3, next: expect.any(String) });
      expect(first.items.map((i) => i.offset)).toEqual([rows[2].offset, rows[1].offset]);
      const second = await q.quarantined({ tenants: ['vale'] }, { limit: 2, after: first.next });
      expect(second.items.map((i) => i.offset)).toEqual([rows[0].offset]);
      expect(second.next).toBeUndefined();
      await expect(q.quarantined({ tenants: '*' }, { after: 'bogus' })).rejects.toThrow(InvalidLedgerInputError);
    });

    it('releases once, reverts a release that could not be published, discards with a reason, and counts a message quarantined again', async () => {
      const row = quarantined({ tenant: 'cam' });
      const [first] = await q.recordQuarantined([row]);
      expect(await q.markQuarantineReleased(first.id, 'ops-fen', undefined, at(3), ['fen'])).toBe(false);
      expect(await q.markQuarantineReleased(first.id, 'ops-cam', 'schema deployed', at(3), ['cam'])).toBe(true);
      expect(await q.markQuarantineReleased(first.id, 'ops-cam', undefined, at(3), ['cam'])).toBe(false);
      expect(await q.revertQuarantineRelease(first.id, at(4))).toBe(true);
      expect(await q.quarantinedMessage(first.id, '*')).toMatchObject({ state: 'open', updatedAt: at(4).toISOString() });
      expect(await q.markQuarantineReleased(first.id, 'ops-cam', 'schema deployed', at(5), ['cam'])).toBe(true);
      expect(await q.quarantinedMessage(first.id, '*')).toMatchObject({ state: 'released', releasedBy: 'ops-cam', releaseNote: 'schema deployed', releasedAt: at(5).toISOString() });

      // Read again at a new offset, it fails again: a new row that counts the times and names the one before.
      const [again] = await q.recordQuarantined([{ ...row, offset: String(++offset), reason: QuarantineReason.SchemaViolation, at: at(6) }]);
      expect(again).toMatchObject({ timesQuarantined: 2, reason: 'schema-violation' });
      expect(await q.quarantinedMessage(again.id, ['cam'])).toMatchObject({ state: 'open', previousId: first.id, digest: (await q.quarantinedMessage(first.id, '*'))!.digest });

      expect(await q.markQuarantineDiscarded(again.id, 'ops-fen', 'not ours', at(7), ['fen'])).toBe(false);
      expect(await q.markQuarantineDiscarded(again.id, 'ops-cam', 'withdrawn by HR', at(7), ['cam'])).toBe(true);
      expect(await q.markQuarantineDiscarded(again.id, 'ops-cam', 'twice', at(7), ['cam'])).toBe(false);
      expect(await q.quarantinedMessage(again.id, '*')).toMatchObject({ state: 'discarded', discardedBy: 'ops-cam', discardReason: 'withdrawn by HR' });
      expect((await q.quarantined({ tenants: ['cam'], state: ['released', 'discarded'] })).items.map((i) => i.state)).toEqual(['discarded', 'released']);
    });

    it('counts open ones per tenant and reason, and forgets settled ones past retention', async () => {
      const counts = await q.openQuarantineCounts();
      expect(counts).toContainEqual({ reason: 'undecodable', count: 1 });
      expect(counts).toContainEqual({ tenant: 'vale', reason: 'not-carriable', count: 3 });
      expect(counts.some((c) => c.tenant === 'cam')).toBe(false);
      expect(await q.pruneQuarantine(at(6))).toBe(1);
      expect(await q.pruneQuarantine(at(60))).toBe(1);
      expect((await q.quarantined({ tenants: ['cam'], state: ['open', 'released', 'discarded'] })).total).toBe(0);
      expect((await q.quarantined({ tenants: ['vale'] })).total).toBe(3);
    });

    it('writes every event of a batch but those PostgreSQL refuses, and answers those with its message', async () => {
      const good = [event('fen', 'refusal-1'), event('moor', 'refusal-2'), event('vale', 'refusal-3')];
      // Past the router's own check: the data holds what jsonb cannot.
      const nul = event('fen', 'refusal-nul', { data: { name: 'a\u0000b' } });
      const surrogate = event('moor', 'refusal-surrogate', { data: { name: 'x\ud800' } });
      const rows = [good[0], nul, good[1], surrogate, good[2]].map((e) => ({ eventKey: keyOf(e), event: e, acceptedAt: at(1) }));
      const refused = await q.recordAcceptedAllButRefused(rows);
      expect(refused.map((r) => r.row.event.id)).toEqual([nul.id, surrogate.id]);
      expect(refused.map((r) => r.error.code)).toEqual(['22P05', '22P02']);
      expect(databaseMessage(refused[1].error)).toMatch(/^invalid input syntax for type json: Unicode low surrogate must follow a high surrogate/);
      for (const e of good) expect(await q.trace(keyOf(e), '*')).toBeDefined();
      for (const e of [nul, surrogate]) expect(await q.trace(keyOf(e), '*')).toBeUndefined();
    });
  });
});
