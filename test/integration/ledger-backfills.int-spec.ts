// Backfills in the ledger, on real PostgreSQL: a dry run's counts; the selection taken at the start
// in acceptance order (the events' order keys); pages recorded with their cursor in one
// transaction, through the lanes of an ordered target; what the target has meanwhile skipped,
// what retention forgot counted; a paused backfill records nothing; a cancel withdraws what was
// never attempted and releases the lanes it held.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { DeliveryLedger, RoutedRow, runLedgerMigrations } from '@hub/ledger';

const url = process.env.DATABASE_URL!;
const OLD = 'payroll-fen';
const NEW = 'erp-fen';
let n = 0;

function event(subject: string, type = 'hr.employee.joined.v1', tenant = 'fen'): CanonicalEvent {
  n++;
  return { specversion: '1.0', id: `evt-${n}-${randomBytes(3).toString('hex')}`, source: 'urn:erp-hub:source:hr', type, subject, tenant, data: { n } };
}

describe('backfills in the ledger', () => {
  const schema = `ledger_bf_${randomBytes(4).toString('hex')}`;
  let ledger: DeliveryLedger;
  let admin: Pool;
  beforeAll(async () => {
    await runLedgerMigrations(url, { schema });
    ledger = DeliveryLedger.connect(url, schema, { max: 6 });
    admin = new Pool({ connectionString: url, max: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  /** Events accepted at `at` (ms apart by index), routed to the old target with order keys that run against their acceptance times. */
  async function history(events: CanonicalEvent[], at: number, orderKeys: number[], route = true): Promise<void> {
    const accepted = events.map((e, i) => ({ eventKey: keyOfEvent(e), event: e, acceptedAt: new Date(at + i) }));
    const routed: RoutedRow[] = route ? events.map((e, i) => ({ eventKey: keyOfEvent(e), target: OLD, tenant: e.tenant, subject: e.subject, orderKey: orderKeys[i], ordered: false, at: new Date() })) : [];
    await ledger.recordRouted(accepted, routed);
  }
  const newBackfill = (over: Partial<Parameters<DeliveryLedger['createBackfill']>[0]> = {}) => ({
    tenant: 'fen', target: NEW, types: ['hr.employee.joined.v1', 'hr.employee.moved.v1'], to: new Date(), filter: { types: ['hr.*'] }, ordered: true, rate: 100, createdBy: 'ops-admin', at: new Date(), ...over,
  });
  const stateOf = async (e: CanonicalEvent, target = NEW) => (await admin.query(`SELECT state, backfill_id FROM "${schema}".deliveries WHERE event_key = $1 AND target = $2`, [keyOfEvent(e), target])).rows[0];

  it("counts what a dry run would send per type, what the target has, and the oldest and newest, within the window", async () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    const [a, b, c, other, before] = [event('FEN-D1'), event('FEN-D1', 'hr.employee.moved.v1'), event('FEN-D2'), event('MOOR-D1', 'hr.employee.joined.v1', 'moor'), event('FEN-D3')];
    await history([before], t0 - 60_000, [1]);
    await history([a, b, c, other], t0, [10, 20, 30, 40]);
    // The new target has c already (live traffic, say).
    await ledger.recordRouted([], [{ eventKey: keyOfEvent(c), target: NEW, tenant: 'fen', subject: c.subject, orderKey: 30, ordered: true, at: new Date() }]);
    const sel = { tenant: 'fen', target: NEW, types: ['hr.employee.joined.v1', 'hr.employee.moved.v1'], from: new Date(t0), to: new Date(t0 + 1000) };
    expect(await ledger.backfillDryRun(sel)).toEqual({
      toSend: 2,
      alreadyThere: 1,
      byType: [{ type: 'hr.employee.joined.v1', toSend: 1, alreadyThere: 1 }, { type: 'hr.employee.moved.v1', toSend: 1, alreadyThere: 0 }],
      oldest: new Date(t0).toISOString(),
      newest: new Date(t0 + 1).toISOString(),
    });
    expect((await ledger.backfillDryRun({ ...sel, subject: 'FEN-D2' })).toSend).toBe(0);
    expect((await ledger.backfillDryRun({ ...sel, types: ['hr.employee.left.v1'] })).byType).toEqual([]);
    // [from, to): an event accepted exactly at `to` is outside.
    expect((await ledger.backfillDryRun({ ...sel, to: new Date(t0 + 1) })).toSend).toBe(1);
  });

  it('takes its selection in acceptance order (the order keys, not the acceptance times), and records pages through the lanes with the cursor', async () => {
    const t0 = Date.parse('2026-04-01T10:00:00Z');
    const p = 'FEN-P' + randomBytes(2).toString('hex');
    // Accepted in this order per the API's order keys; the Kafka timestamps say otherwise for the last two.
    const [j1, m1, j2, m2, unrouted] = [event(`${p}1`), event(`${p}1`, 'hr.employee.moved.v1'), event(`${p}2`), event(`${p}2`, 'hr.employee.moved.v1'), event(`${p}3`)];
    await history([j1, m1, j2, m2], t0, [t0 * 1000 + 1, t0 * 1000 + 2, t0 * 1000 + 40, t0 * 1000 + 3]);
    await history([unrouted], t0 + 10, [], false);
    const { created } = (await ledger.createBackfill(newBackfill({ from: new Date(t0), to: new Date(t0 + 100) }))) as { created: { id: string; total: number; skipped: number; state: string } };
    expect(created).toMatchObject({ total: 5, skipped: 0, state: 'running' });
    const items = await ledger.backfillItems(created.id, 0, 10);
    expect(items.map((i) => i.event!.id)).toEqual([j1.id, m1.id, m2.id, j2.id, unrouted.id]);
    expect(items[4].orderKey).toBe((t0 + 10) * 1000);

    // A second backfill of the same target while this one runs is refused with it.
    expect(await ledger.createBackfill(newBackfill())).toEqual({ active: expect.objectContaining({ id: created.id }) });

    // First page: j1, m1 (same person: the joiner goes, the move waits behind it).
    const b = { id: created.id, tenant: 'fen', target: NEW, ordered: true };
    const first = await ledger.recordBackfillPage(b, items.slice(0, 2), 0);
    expect(first).toMatchObject({ recorded: true, created: 2, skipped: 0, forgotten: 0 });
    expect((first as { queued: { eventKey: string; backfillId?: string }[] }).queued).toEqual([expect.objectContaining({ eventKey: keyOfEvent(j1), backfillId: created.id })]);
    expect(await stateOf(m1)).toEqual({ state: 'held', backfill_id: created.id });
    // A stale cursor (another run recorded this page) records nothing.
    expect(await ledger.recordBackfillPage(b, items.slice(0, 2), 0)).toEqual({ recorded: false });

    // Meanwhile a live delivery of m2 reaches the new target, and retention forgets `unrouted`.
    await ledger.recordRouted([], [{ eventKey: keyOfEvent(m2), target: NEW, tenant: 'fen', subject: m2.subject, orderKey: 3, ordered: true, at: new Date() }]);
    await admin.query(`DELETE FROM "${schema}".events WHERE event_key = $1`, [keyOfEvent(unrouted)]);
    const rest = await ledger.backfillItems(created.id, 2, 10);
    expect(rest.map((i) => i.event?.id)).toEqual([m2.id, j2.id, undefined]);
    const second = await ledger.recordBackfillPage(b, rest, 2);
    expect(second).toMatchObject({ recorded: true, created: 1, skipped: 1, forgotten: 1 });
    expect(await stateOf(m2)).toEqual({ state: expect.any(String), backfill_id: null });
    expect((await ledger.backfill(created.id, ['fen']))!).toMatchObject({ cursor: 5, enqueued: 3, skipped: 1, forgotten: 1 });
    expect(await ledger.backfill(created.id, ['moor'])).toBeUndefined();

    // The joiner delivered: its move is released, as a backfill's.
    const released = await ledger.recordAttempts([{ eventKey: keyOfEvent(j1), target: NEW, tenant: 'fen', attempt: 1, outcome: 'delivered', at: new Date() }]);
    expect(released).toEqual([expect.objectContaining({ eventKey: keyOfEvent(m1), backfillId: created.id })]);
    // j2 waits behind the live m2, which came first in its lane.
    expect(await ledger.backfillDeliveryCounts(created.id)).toMatchObject({ delivered: 1, queued: 1, held: 1, heldBehindDeadLetters: 0 });
    expect((await ledger.backfillQueued(created.id)).map((d) => d.eventKey)).toEqual([keyOfEvent(m1)]);
    const ended = await ledger.endBackfill(created.id, ['running'], 'finished');
    expect(ended).toMatchObject({ state: 'finished', finishedAt: expect.any(String) });
    expect(await ledger.backfillItems(created.id, 0, 10)).toEqual([]);
  });

  it('records nothing of a page once the backfill is paused, and a cancel withdraws what it never attempted, releasing the lanes it held', async () => {
    const t0 = Date.parse('2026-05-01T10:00:00Z');
    const p = 'FEN-C' + randomBytes(2).toString('hex');
    const [j, m, l] = [event(`${p}1`), event(`${p}1`, 'hr.employee.moved.v1'), event(`${p}1`, 'hr.employee.left.v1')];
    await history([j, m, l], t0, [t0 * 1000, t0 * 1000 + 1, t0 * 1000 + 2]);
    const { created } = (await ledger.createBackfill(newBackfill({ target: 'erp2-fen', types: ['hr.employee.joined.v1', 'hr.employee.moved.v1'], from: new Date(t0), to: new Date(t0 + 100) }))) as { created: { id: string } };
    const b = { id: created.id, tenant: 'fen', target: 'erp2-fen', ordered: true };
    const items = await ledger.backfillItems(created.id, 0, 10);
    expect(items).toHaveLength(2);
    expect(await ledger.switchBackfill(created.id, 'running', 'paused', 'fen-operator', new Date(), ['moor'])).toBeUndefined();
    expect(await ledger.switchBackfill(created.id, 'running', 'paused', 'fen-operator', new Date(), ['fen'])).toMatchObject({ state: 'paused', changedBy: 'fen-operator' });
    expect(await ledger.recordBackfillPage(b, items, 0)).toEqual({ recorded: false });
    expect(await stateOf(j, 'erp2-fen')).toBeUndefined();
    await ledger.switchBackfill(created.id, 'paused', 'running', 'fen-operator', new Date(), '*');
    expect(await ledger.recordBackfillPage(b, items, 0)).toMatchObject({ recorded: true, created: 2 });
    // A live leaver waits in the same lane behind the backfilled history.
    await ledger.recordRouted([], [{ eventKey: keyOfEvent(l), target: 'erp2-fen', tenant: 'fen', subject: l.subject, orderKey: t0 * 1000 + 2, ordered: true, at: new Date() }]);
    expect(await stateOf(l, 'erp2-fen')).toMatchObject({ state: 'held' });

    const cancel = await ledger.cancelBackfill(created.id, 'fen-operator', new Date(), ['fen']);
    expect(cancel).toMatchObject({ cancelled: { state: 'cancelled', changedBy: 'fen-operator' }, withdrawn: 1, released: [] });
    expect(await stateOf(m, 'erp2-fen')).toBeUndefined();
    expect((await ledger.backfillStates([created.id])).get(created.id)).toBe('cancelled');
    // The joiner's job comes up: withdrawn by the worker, and the live leaver behind it goes.
    const w = await ledger.withdrawBackfilled([{ eventKey: keyOfEvent(j), target: 'erp2-fen' }], 'cancelled');
    expect(w.withdrawn).toEqual([{ eventKey: keyOfEvent(j), target: 'erp2-fen', outcome: 'deleted' }]);
    expect(w.released).toEqual([expect.objectContaining({ eventKey: keyOfEvent(l) })]);
    expect(w.released[0].backfillId).toBeUndefined();
    // A cancelled backfill cannot be cancelled again.
    expect((await ledger.cancelBackfill(created.id, 'fen-operator', new Date(), ['fen'])).cancelled).toBeUndefined();
  });

  it("counts a backfill's deliveries from the few not delivered, and agrees with a count of every row after deliveries, a dead letter and a cancel's withdrawals", async () => {
    const t0 = Date.parse('2026-06-01T10:00:00Z');
    const p = 'FEN-N' + randomBytes(2).toString('hex');
    const es = Array.from({ length: 6 }, (_, i) => event(`${p}${i}`));
    await history(es, t0, es.map((_, i) => t0 * 1000 + i));
    const target = 'erp3-fen';
    const { created } = (await ledger.createBackfill(newBackfill({ target, types: ['hr.employee.joined.v1'], from: new Date(t0), to: new Date(t0 + 100) }))) as { created: { id: string } };
    const b = { id: created.id, tenant: 'fen', target, ordered: true };
    expect(await ledger.recordBackfillPage(b, await ledger.backfillItems(created.id, 0, 10), 0)).toMatchObject({ recorded: true, created: 6 });
    const attempt = (e: CanonicalEvent, outcome: 'delivered' | 'dead-lettered' | 'retrying') => ({
      eventKey: keyOfEvent(e), target, tenant: 'fen', attempt: 1, outcome, at: new Date(), ...(outcome === 'delivered' ? {} : { error: { code: 'target-rejected' as never, message: 'no', status: 422 } }),
    });
    await ledger.recordAttempts([attempt(es[0], 'delivered'), attempt(es[1], 'delivered'), attempt(es[2], 'dead-lettered'), attempt(es[3], 'retrying')]);
    await ledger.cancelBackfill(created.id, 'fen-operator', new Date(), ['fen']);
    // es[3] was attempted (discarded), es[4] and es[5] never (deleted, counted as withdrawn).
    const w = await ledger.withdrawBackfilled([3, 4, 5].map((i) => ({ eventKey: keyOfEvent(es[i]), target })), 'cancelled');
    expect(w.withdrawn.map((x) => x.outcome).sort()).toEqual(['deleted', 'deleted', 'discarded']);
    const { rows } = await admin.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM "${schema}".deliveries WHERE backfill_id = $1 GROUP BY state`, [created.id]);
    const everyRow = Object.fromEntries(rows.map((r) => [r.state === 'dead-lettered' ? 'deadLettered' : r.state, r.n]));
    expect(everyRow).toEqual({ delivered: 2, deadLettered: 1, discarded: 1 });
    expect(await ledger.backfillDeliveryCounts(created.id)).toEqual({ queued: 0, held: 0, retrying: 0, replaying: 0, delivered: 2, deadLettered: 1, discarded: 1, heldBehindDeadLetters: 0 });
    expect((await admin.query(`SELECT withdrawn FROM "${schema}".backfills WHERE id = $1`, [created.id])).rows[0].withdrawn).toBe(2);
  });
});
