// Lanes on real PostgreSQL: an ordered target takes one subject's deliveries in acceptance order,
// one at a time; a retry or a dead letter holds the rest; finishing one (delivered, discarded)
// releases the next; other subjects and unordered targets are never held.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DeliveryErrorCode } from '@hub/connector-sdk';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { AttemptRow, DeliveryLedger, RoutedRow, runLedgerMigrations } from '@hub/ledger';

const url = process.env.DATABASE_URL!;
const TARGET = 'payroll-fen';
let n = 0;

function event(subject: string, type = 'hr.employee.joined.v1'): CanonicalEvent {
  n++;
  return { specversion: '1.0', id: `evt-${n}-${randomBytes(3).toString('hex')}`, source: 'urn:erp-hub:source:hr', type, subject, tenant: 'fen', data: { n } };
}
const flat = (r: { queued: { eventKey: string; target: string }[] }) => r.queued;
const routedRow = (e: CanonicalEvent, orderKey: number, ordered = true, target = TARGET): RoutedRow => ({ eventKey: keyOfEvent(e), target, tenant: 'fen', subject: e.subject, orderKey, ordered, at: new Date() });
const accepted = (es: CanonicalEvent[]) => es.map((e) => ({ eventKey: keyOfEvent(e), event: e, acceptedAt: new Date() }));
const attempt = (e: CanonicalEvent, outcome: AttemptRow['outcome'], attemptNo = 1, target = TARGET): AttemptRow => ({
  eventKey: keyOfEvent(e),
  target,
  tenant: 'fen',
  attempt: attemptNo,
  outcome,
  ...(outcome === 'delivered' ? {} : { error: { code: outcome === 'retrying' ? DeliveryErrorCode.TargetUnavailable : DeliveryErrorCode.TargetRejected, message: 'no', status: outcome === 'retrying' ? 503 : 422 } }),
  at: new Date(),
});
const keys = (es: CanonicalEvent[], target = TARGET) => es.map((e) => ({ eventKey: keyOfEvent(e), target }));

describe('delivery lanes (order per subject, per target)', () => {
  const schema = `ledger_lanes_${randomBytes(4).toString('hex')}`;
  let ledger: DeliveryLedger;
  let admin: Pool;
  beforeAll(async () => {
    await runLedgerMigrations(url, { schema });
    ledger = DeliveryLedger.connect(url, schema, { max: 8 });
    admin = new Pool({ connectionString: url, max: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  const states = async (es: CanonicalEvent[], target = TARGET) =>
    (await admin.query<{ event_key: string; state: string }>(`SELECT event_key, state FROM "${schema}".deliveries WHERE target = $1 AND event_key = ANY($2)`, [target, es.map(keyOfEvent)])).rows.reduce<Record<string, string>>(
      (o, r) => ({ ...o, [es.find((e) => keyOfEvent(e) === r.event_key)!.id]: r.state }),
      {},
    );
  const stateList = async (es: CanonicalEvent[], target = TARGET) => {
    const s = await states(es, target);
    return es.map((e) => s[e.id]);
  };

  it("queues a lane's first delivery and holds the rest, in acceptance order", async () => {
    const [joiner, move, leave] = [event('FEN-L1'), event('FEN-L1', 'hr.employee.moved.v1'), event('FEN-L1', 'hr.employee.left.v1')];
    const toQueue = flat(await ledger.recordRouted(accepted([joiner, move, leave]), [routedRow(joiner, 10), routedRow(move, 20), routedRow(leave, 30)]));
    expect(toQueue).toEqual(keys([joiner]));
    expect(await stateList([joiner, move, leave])).toEqual(['queued', 'held', 'held']);
  });

  it('keeps the rest held while the first waits to retry or is a dead letter, and releases them one by one as each is delivered', async () => {
    const [joiner, move, leave] = [event('FEN-L2'), event('FEN-L2', 'hr.employee.moved.v1'), event('FEN-L2', 'hr.employee.left.v1')];
    await ledger.recordRouted(accepted([joiner, move, leave]), [routedRow(joiner, 10), routedRow(move, 20), routedRow(leave, 30)]);
    expect(await ledger.recordAttempts([attempt(joiner, 'retrying', 1)])).toEqual([]);
    expect(await ledger.recordAttempts([attempt(joiner, 'dead-lettered', 2)])).toEqual([]);
    expect(await stateList([joiner, move, leave])).toEqual(['dead-lettered', 'held', 'held']);
    // Ops replay the dead letter; only its acknowledgement lets the next one go.
    expect(await ledger.markReplaying(keys([joiner]), '*')).toEqual(keys([joiner]));
    expect(await stateList([joiner, move, leave])).toEqual(['replaying', 'held', 'held']);
    const afterJoiner = await ledger.recordAttempts([attempt(joiner, 'delivered', 1)]);
    expect(afterJoiner).toEqual([{ ...keys([move])[0], tenant: 'fen', event: move }]);
    expect(await stateList([joiner, move, leave])).toEqual(['delivered', 'queued', 'held']);
    expect((await ledger.recordAttempts([attempt(move, 'delivered')])).map((r) => r.eventKey)).toEqual([keyOfEvent(leave)]);
    expect(await ledger.recordAttempts([attempt(leave, 'delivered')])).toEqual([]);
    // A repeated write of an outcome already recorded releases nothing again.
    expect(await ledger.recordAttempts([attempt(move, 'delivered')])).toEqual([]);
  });

  it('releases the next one when ops discard the dead letter holding it', async () => {
    const [a, b] = [event('FEN-L3'), event('FEN-L3', 'hr.employee.left.v1')];
    await ledger.recordRouted(accepted([a, b]), [routedRow(a, 1), routedRow(b, 2)]);
    await ledger.recordAttempts([attempt(a, 'dead-lettered')]);
    const { discarded, released } = await ledger.markDiscarded(keys([a]), 'entered by hand at the bureau', new Date(), ['fen']);
    expect(discarded).toEqual(keys([a]));
    expect(released.map((r) => r.eventKey)).toEqual([keyOfEvent(b)]);
  });

  it('never holds other subjects, nor any delivery of an unordered target', async () => {
    const [x1, x2, y1] = [event('FEN-L4'), event('FEN-L4', 'hr.employee.left.v1'), event('FEN-L5')];
    const toQueue = flat(await ledger.recordRouted(accepted([x1, x2, y1]), [routedRow(x1, 1), routedRow(x2, 2), routedRow(y1, 3), routedRow(x1, 1, false, 'hr-fen'), routedRow(x2, 2, false, 'hr-fen')]));
    expect(new Set(toQueue.map((k) => `${k.target}/${k.eventKey}`))).toEqual(new Set([...keys([x1, y1]), ...keys([x1, x2], 'hr-fen')].map((k) => `${k.target}/${k.eventKey}`)));
    expect(await stateList([x1, x2], 'hr-fen')).toEqual(['queued', 'queued']);
  });

  it('puts an event routed late ahead of later ones still held, by its order key', async () => {
    const [first, late, last] = [event('FEN-L6'), event('FEN-L6', 'hr.employee.moved.v1'), event('FEN-L6', 'hr.employee.left.v1')];
    await ledger.recordRouted(accepted([first, last]), [routedRow(first, 10), routedRow(last, 30)]);
    await ledger.recordRouted(accepted([late]), [routedRow(late, 20)]);
    expect((await ledger.recordAttempts([attempt(first, 'delivered')])).map((r) => r.eventKey)).toEqual([keyOfEvent(late)]);
  });

  it('answers the same to a batch consumed again, and never queues again what is done', async () => {
    const [a, b] = [event('FEN-L7'), event('FEN-L7', 'hr.employee.left.v1')];
    const rows = [routedRow(a, 1), routedRow(b, 2)];
    expect(flat(await ledger.recordRouted(accepted([a, b]), rows))).toEqual(keys([a]));
    expect(flat(await ledger.recordRouted(accepted([a, b]), rows))).toEqual(keys([a]));
    await ledger.recordAttempts([attempt(a, 'delivered')]);
    expect(flat(await ledger.recordRouted(accepted([a, b]), rows))).toEqual(keys([b]));
    await ledger.recordAttempts([attempt(b, 'delivered')]);
    expect(flat(await ledger.recordRouted(accepted([a, b]), rows))).toEqual([]);
  });

  it('queues a new delivery at once behind one of the same batch that is done already (a batch consumed again after the first was delivered)', async () => {
    const [a, b, c] = [event('FEN-L9'), event('FEN-L9', 'hr.employee.moved.v1'), event('FEN-L9', 'hr.employee.left.v1')];
    await ledger.recordRouted(accepted([a]), [routedRow(a, 1)]);
    await ledger.recordAttempts([attempt(a, 'delivered')]);
    expect(flat(await ledger.recordRouted(accepted([a, b, c]), [routedRow(a, 1), routedRow(b, 2), routedRow(c, 3)]))).toEqual(keys([b]));
    expect(await stateList([a, b, c])).toEqual(['delivered', 'queued', 'held']);
  });

  it("routes and finishes a batch touching more lanes than PostgreSQL's lock table has slots (20,000 lanes; 6,400 by default)", async () => {
    // 4,000 joiners to five ordered targets in one router batch (the bench's fan-out batches are
    // 3,000 joiners to six), then every delivery done in one write.
    const people = Array.from({ length: 4_000 }, (_, i) => event(`BATCH-${String(i).padStart(5, '0')}`));
    const targets = [TARGET, 'dms-fen', 'finance-fen', 'training-fen', 'cloud-erp-fen'];
    const rows = people.flatMap((e, i) => targets.map((t) => routedRow(e, i, true, t)));
    const routed = await ledger.recordRouted(accepted(people), rows);
    expect(flat(routed)).toHaveLength(20_000);
    expect(await ledger.recordAttempts(people.flatMap((e) => targets.map((t) => attempt(e, 'delivered', 1, t))))).toEqual([]);
    const { rows: states } = await admin.query(`SELECT state, count(*)::int AS n FROM ${schema}.deliveries WHERE subject LIKE 'BATCH-%' GROUP BY state`);
    expect(states).toEqual([{ state: 'delivered', n: 20_000 }]);
  });

  it('loses no release when the router adds to a lane while the worker finishes its head, however they interleave', async () => {
    for (let round = 0; round < 80; round++) {
      const subject = `FEN-RACE-${round}`;
      const head = event(subject);
      await ledger.recordRouted(accepted([head]), [routedRow(head, 1)]);
      const next = event(subject, 'hr.employee.left.v1');
      const [fromWorker, fromRouter] = await Promise.all([ledger.recordAttempts([attempt(head, 'delivered')]), ledger.recordRouted(accepted([next]), [routedRow(next, 2)]).then(flat)]);
      // Exactly one of the two released it.
      const released = [...fromWorker.map((r) => r.eventKey), ...fromRouter.map((k) => k.eventKey)];
      expect(released).toEqual([keyOfEvent(next)]);
      expect(await stateList([next])).toEqual(['queued']);
    }
  });

  it('finds a lane left waiting by a process that died between finishing one delivery and releasing the next', async () => {
    const [a, b] = [event('FEN-L8'), event('FEN-L8', 'hr.employee.left.v1')];
    await ledger.recordRouted(accepted([a, b]), [routedRow(a, 1), routedRow(b, 2)]);
    await admin.query(`UPDATE "${schema}".deliveries SET state = 'delivered' WHERE event_key = $1`, [keyOfEvent(a)]);
    const stuck = await ledger.stuckLanes(new Date(Date.now() + 1000));
    expect(stuck).toContainEqual({ target: TARGET, subject: 'FEN-L8' });
    expect((await ledger.releaseLanes(stuck)).map((r) => r.eventKey)).toContain(keyOfEvent(b));
    expect(await ledger.stuckLanes(new Date(Date.now() + 1000))).not.toContainEqual({ target: TARGET, subject: 'FEN-L8' });
  });

  it('counts held deliveries per target', async () => {
    const held = await ledger.heldPerTarget();
    expect(held.find((h) => h.target === TARGET)?.held).toBeGreaterThan(0);
  });
});
