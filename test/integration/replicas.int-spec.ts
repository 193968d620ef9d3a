// Several replicas, correct: two api, two router and two worker processes of one hub (node
// dist/apps/hub/src/main.js with HUB_ROLES) on the shared Kafka, Redis and PostgreSQL, with their own
// ledger schema, topic prefix and Redis prefix, delivering to two payroll bureaus (the connector's
// simulator, in this process). A steady load goes round-robin to both APIs: 40 people, each a
// joiner then moves numbered 1, 2, 3... in their cost centre (FEN1001, FEN1002, ...), each posted
// after the one before was accepted. Meanwhile one api (SIGTERM), one router (SIGKILL) and one worker
// (SIGKILL) are stopped and started again, one after another. Then, once the ledger says every
// accepted delivery is delivered, what the bureaus hold proves it:
// - none missing: every accepted joiner and move is on each bureau's payroll;
// - none doubled: no bureau applied one event twice. A bureau recognises a redelivery by its
//   Idempotency-Key (the job id, `<target>.<event key>`, the same on every attempt, replica and
//   sweep): it answers a repeated key with its first answer and applies nothing. So a move applied
//   twice would show as its number twice in the person's assignments; redeliveries (the same key
//   again, expected after a SIGKILL) are counted and allowed;
// - order per subject kept: each person's assignments are 1, 2, 3... as posted.
import { Pool } from 'pg';
import { deliveryJobId } from '@hub/delivery';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import type { RoleProcess } from '../faults/hub-processes';
import { SteadyLoad } from '../faults/load';
import { RecordingPayroll } from '../faults/targets';
import { ensureHubBuilt } from '../support/hub-build';
import { HUB_RUN_TOKEN, HubRun } from '../support/hub-run';

const PEOPLE = 40;
const RATE = 25;
/** Events accepted while a stopped process is away, and after it is back, before the next one stops. */
const WHILE_AWAY = 25;

/** Short enough that a killed router's partitions and a killed worker's jobs move on within seconds. */
const RECOVERY_ENV = {
  KAFKA_TOPIC_PARTITIONS: '4',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_MS: '1000',
  WORKER_LOCK_MS: '3000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  SWEEP_INTERVAL_MS: '5000',
  SWEEP_GRACE_MS: '5000',
};

const person = (i: number) => `FEN-${String(900_000 + i).padStart(6, '0')}`;
const COST_CENTRE = /^FEN(\d{4})$/;

/** The n-th event of the load: person n % PEOPLE's joiner first, then their moves 1, 2, 3... */
function nth(n: number): { event: CanonicalEvent; subject: string; seq: number } {
  const subject = person(n % PEOPLE);
  const seq = Math.floor(n / PEOPLE);
  const event: CanonicalEvent =
    seq === 0
      ? joiner('fen', { subject, id: `evt-${subject}-0` }, 900_000 + (n % PEOPLE))
      : {
          specversion: '1.0',
          id: `evt-${subject}-${seq}`,
          source: 'urn:erp-hub:source:hr',
          type: 'hr.employee.moved.v1',
          subject,
          tenant: 'fen',
          time: new Date().toISOString(),
          data: { employeeId: subject, moveType: 'cost-centre-change', to: { orgUnit: { code: 'NPT-03', name: 'Neighbourhood Policing Team 3' }, grade: 'PC-2', costCentre: `FEN${1000 + seq}` }, effectiveFrom: '2027-04-01' },
        };
  return { event, subject, seq };
}

describe('two api, two router and two worker processes under load, one of each restarted', () => {
  const bureaus = ['a', 'b'].map((x) => new RecordingPayroll(`payroll-fen-${x}`, 'fen', 0));
  let run: HubRun;
  let load: SteadyLoad | undefined;
  let ledger: Pool | undefined;
  const roles: Record<string, RoleProcess> = {};

  beforeAll(async () => {
    ensureHubBuilt();
    await Promise.all(bureaus.map((b) => b.start()));
    run = new HubRun(bureaus.map((b) => ({ id: b.targetId, url: b.url })), RECOVERY_ENV);
    for (const name of ['api-1', 'api-2', 'router-1', 'router-2', 'worker-1', 'worker-2']) roles[name] = await run.role(name.split('-')[0] as 'api', name);
    ledger = new Pool({ connectionString: run.env.DATABASE_URL, max: 1 });
  }, 180_000);

  afterAll(async () => {
    await load?.close();
    await run?.close();
    await ledger?.end();
    await Promise.all(bureaus.map((b) => b.stop()));
  }, 60_000);

  it('delivers everything accepted once per bureau, in order per person, while processes stop and start', async () => {
    const began = Date.now();
    for (const p of Object.values(roles)) p.start();
    await Promise.all(Object.values(roles).map((p) => p.ready()));
    const startedIn = Date.now() - began;

    const made = new Map<string, { subject: string; seq: number }>();
    load = new SteadyLoad(
      [roles['api-1'], roles['api-2']].map((p) => `http://127.0.0.1:${p.port}/v1/events`),
      HUB_RUN_TOKEN,
      RATE,
      (n) => {
        const { event, subject, seq } = nth(n);
        made.set(event.id, { subject, seq });
        return { event, keys: bureaus.map((b) => deliveryJobId(b.targetId, keyOfEvent(event))) };
      },
      250,
      (e) => e.subject!,
    );
    const accepted = () => load!.records.filter((r) => r.acceptedAt !== undefined).length;
    const marks: string[] = [];
    const mark = (what: string) => marks.push(`${what} ${((Date.now() - began) / 1000).toFixed(1)}`);
    const moreAccepted = async (what: string) => {
      const from = accepted();
      await waitFor(`${WHILE_AWAY} more events accepted ${what}`, () => accepted() >= from + WHILE_AWAY, 30_000, 100);
      mark(what);
    };
    load.start();
    await moreAccepted('before anything stops');
    for (const [name, signal] of [['api-1', 'SIGTERM'], ['router-1', 'SIGKILL'], ['worker-1', 'SIGKILL']] as const) {
      await roles[name].kill(signal);
      await moreAccepted(`while ${name} is stopped (${signal})`);
      roles[name].start();
      await roles[name].ready();
      mark(`${name} ready`);
      await moreAccepted(`after ${name} is back`);
    }
    load.stopNew();
    await waitFor('every event posted to be accepted', () => load!.pending === 0, 30_000, 100);
    mark('all accepted');
    const records = load.records;
    expect(load.refused).toEqual([]);
    expect(records.every((r) => r.acceptedAt !== undefined)).toBe(true);

    // The ledger says every accepted event is delivered to both bureaus.
    const schema = run.env.LEDGER_SCHEMA;
    const states = async () => Object.fromEntries((await ledger!.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM "${schema}".deliveries GROUP BY state`)).rows.map((r) => [r.state, r.n]));
    await waitFor('the ledger to record every delivery delivered', async () => {
      const s = await states();
      return s.delivered === records.length * bureaus.length && Object.keys(s).length === 1;
    }, 60_000, 250).catch(async (err) => {
      throw new Error(`${(err as Error).message}; deliveries by state: ${JSON.stringify(await states())}`);
    });
    const drainedIn = Date.now() - began;

    // What the bureaus received and applied.
    const moves = new Map<string, number[]>();
    for (const r of records) {
      const { subject, seq } = made.get(r.event.id)!;
      if (seq > 0) moves.set(subject, [...(moves.get(subject) ?? []), seq]);
    }
    let redelivered = 0;
    for (const b of bureaus) {
      const keys = records.flatMap((r) => r.keys.filter((k) => k.startsWith(`${b.targetId}.`)));
      // None missing: every accepted event's delivery reached the bureau, and each person is on its payroll.
      expect(keys.filter((k) => !b.taken.has(k))).toEqual([]);
      expect([...Array(PEOPLE).keys()].map(person).filter((p) => !b.employees.has(p))).toEqual([]);
      redelivered += keys.filter((k) => b.taken.get(k)!.length > 1).length;
      for (const [subject, posted] of moves) {
        // None doubled and in order: the moves applied are exactly those posted, each once, as posted.
        const applied = (b.assignments.get(subject) ?? []).map((a) => Number(COST_CENTRE.exec(a.costCentre)![1]) - 1000);
        expect({ bureau: b.targetId, subject, applied }).toEqual({ bureau: b.targetId, subject, applied: posted });
      }
    }
    // Only the processes the test stopped exited.
    expect(run.exits.map((e) => ({ name: e.role, expected: e.expected }))).toEqual([
      { name: 'api', expected: true },
      { name: 'router', expected: true },
      { name: 'worker', expected: true },
    ]);
    // eslint-disable-next-line no-console
    console.log(
      `replicas: ${records.length} events (${[...moves.values()].reduce((n, m) => n + m.length, 0)} moves) to ${bureaus.length} bureaus, ` +
        `${load.failed.length} posts answered other than 202 and posted again, ${redelivered} deliveries received again (same Idempotency-Key, applied once); ` +
        `processes ready in ${(startedIn / 1000).toFixed(1)} s, everything delivered ${(drainedIn / 1000).toFixed(1)} s after the first start (${marks.join(', ')})`,
    );
  }, 150_000);
});
