// Order per subject, per target, on real Kafka, Redis and PostgreSQL: payroll applies a joiner,
// then a move, then a leaver. Each kind is a topic of its own; a failing or dead-lettered joiner
// holds the same person's later changes (not attempted, no attempts spent), and everybody else's
// deliveries keep flowing. Once with the worker in the test's process, once with two worker
// processes taking the same queues.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CanonicalEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { Force, FORCES, TestLandscape, TOKENS } from '@test/support';

const fixture = (type: string, name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'fixtures', type, 'valid', `${name}.json`), 'utf8'));
const person = (force: Force) => `${force.toUpperCase()}-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const ev = (type: string, subject: string, data: Record<string, unknown>): CanonicalEvent => ({
  specversion: '1.0',
  id: `evt-${randomBytes(6).toString('hex')}`,
  source: 'urn:erp-hub:source:hr',
  type,
  subject,
  tenant: subject.split('-')[0].toLowerCase(),
  time: new Date().toISOString(),
  data,
});
const joinerOf = (employeeId: string) => joiner(employeeId.split('-')[0].toLowerCase() as Force, { subject: employeeId }, Number(employeeId.split('-')[1]));
const moveOf = (employeeId: string) => ev('hr.employee.moved.v1', employeeId, { ...fixture('hr.employee.moved.v1', 'cost-centre-change'), employeeId });
const leaveOf = (employeeId: string) => ev('hr.employee.left.v1', employeeId, { ...fixture('hr.employee.left.v1', 'minimal'), employeeId });

describe.each([
  ['the worker in this process', 0],
  ['two worker processes', 1],
])('order per subject, per target, with %s', (_, extraWorkers) => {
  let l: TestLandscape;
  beforeAll(async () => {
    // Retries far enough apart to see what waits behind them.
    l = await TestLandscape.start({ retry: { attempts: 3, backoffMs: 3_000, maxBackoffMs: 6_000 }, env: { ROUTER_FETCH_BYTES: '8192' } });
    for (let i = 0; i < extraWorkers; i++) await l.startProcess('worker');
  });
  afterAll(async () => {
    await l?.close();
  });

  /** What payroll received about one person, in the order it received it. */
  const callsAbout = (employeeId: string) =>
    l.payroll[employeeId.split('-')[0].toLowerCase() as Force].calls
      .filter((c) => c.request.path.includes(employeeId) || JSON.stringify(c.request.body).includes(employeeId))
      .map((c) => `${c.request.path.endsWith('/assignments') ? 'move' : c.request.path.endsWith('/leavers') ? 'leave' : 'joiner'} ${c.status}`);
  const post = async (e: CanonicalEvent) => expect((await l.post(e)).status).toBe(202);
  const targetTrace = async (e: CanonicalEvent) => (await l.trace(e)).body?.targets?.[0];

  it("delivers a person's joiner, move and leaver in the order accepted although the joiner failed twice, and holds nobody else", async () => {
    const who = person('fen');
    l.payroll.fen.setFaults({ failMatching: { contains: who, count: 2, status: 503 } });
    const [j, m, lv] = [joinerOf(who), moveOf(who), leaveOf(who)];
    await post(j);
    await waitFor('the joiner to fail once', () => callsAbout(who).includes('joiner 503'));
    await post(m);
    await post(lv);
    const others = Array.from({ length: 200 }, (_, i) => joiner(FORCES[i % 3]));
    for (let i = 0; i < others.length; i += 20) {
      expect((await l.post(others.slice(i, i + 20), { 'content-type': 'application/cloudevents-batch+json' })).status).toBe(202);
    }
    // The move and the leaver wait behind the joiner, not attempted.
    const held = await waitFor('the move to be held', async () => ((await targetTrace(m))?.state === 'held' ? targetTrace(m) : undefined));
    expect(held).toMatchObject({ state: 'held', attempts: 0, heldBehind: { eventId: j.id, state: 'retrying' } });
    expect((await targetTrace(lv))?.state).toBe('held');
    const metrics = (await l.api('GET', '/metrics', TOKENS.metrics)).body as string;
    expect(metrics).toMatch(/hub_deliveries_held\{target="payroll-fen"\} [2-9]/);
    // Everybody else is delivered meanwhile.
    await waitFor('the 200 others delivered', () => others.every((e) => l.payroll[e.tenant as Force].employees.has(e.subject)) || undefined, 60_000);
    expect(callsAbout(who).filter((c) => c.endsWith(' 201'))).toEqual([]);
    // Then the joiner gets through, and only then the rest, in order.
    await l.waitForTrace(lv, 'delivered', 60_000);
    expect(callsAbout(who)).toEqual(['joiner 503', 'joiner 503', 'joiner 201', 'move 201', 'leave 201']);
    expect((await targetTrace(m))?.attempts).toBe(1);
  });

  it('holds the successors of a dead-lettered joiner until it is replayed, then delivers all three in order', async () => {
    const who = person('moor');
    l.payroll.moor.setFaults({ failMatching: { contains: who, count: 1, status: 422 } });
    const [j, m, lv] = [joinerOf(who), moveOf(who), leaveOf(who)];
    await post(j);
    await l.waitForTrace(j, 'dead-lettered');
    await post(m);
    await post(lv);
    await waitFor('move and leaver held', async () => (await targetTrace(m))?.state === 'held' && (await targetTrace(lv))?.state === 'held');
    const dl = await l.api('GET', `/v1/dead-letters?tenant=moor&subject=${who}`);
    expect(dl.body.items).toEqual([expect.objectContaining({ subject: who, holding: 2 })]);
    const groups = await l.api('GET', `/v1/dead-letters/groups?tenant=moor&subject=${who}`);
    expect(groups.body.items).toEqual([expect.objectContaining({ count: 1, holding: 2 })]);
    expect((await targetTrace(lv)).heldBehind).toEqual({ eventId: j.id, source: j.source, state: 'dead-lettered', deadLetter: dl.body.items[0].id });
    // Nothing of the held ones reached payroll, however long the joiner stays a dead letter.
    expect(callsAbout(who)).toEqual(['joiner 422']);
    expect((await l.api('POST', `/v1/dead-letters/${dl.body.items[0].id}/replay`)).status).toBe(202);
    await l.waitForTrace(lv, 'delivered', 60_000);
    expect(callsAbout(who)).toEqual(['joiner 422', 'joiner 201', 'move 201', 'leave 201']);
  });

  it("releases what a discarded dead letter held, so the person's later changes go on", async () => {
    const who = person('vale');
    l.payroll.vale.setFaults({ failMatching: { contains: who, count: 1, status: 422 } });
    const [j, m] = [joinerOf(who), moveOf(who)];
    await post(j);
    await l.waitForTrace(j, 'dead-lettered');
    await post(m);
    await waitFor('the move held', async () => (await targetTrace(m))?.state === 'held');
    const [letter] = (await l.api('GET', `/v1/dead-letters?tenant=vale&subject=${who}`)).body.items;
    expect((await l.api('DELETE', `/v1/dead-letters/${letter.id}`, TOKENS.opsAdmin, { reason: 'starter withdrawn' })).status).toBe(204);
    // The move goes now (and the bureau, which never had the starter, refuses it: that is its answer to give).
    await waitFor('the move attempted', () => callsAbout(who).length === 2 || undefined);
    expect(callsAbout(who)).toEqual(['joiner 422', 'move 404']);
  });

  it("keeps each person's order when the router catches up on a backlog longer than one fetch, spread over three topics", async () => {
    if (extraWorkers) return; // one router either way: once is enough
    await l.hub.stop('router');
    // Joiners of other people first: the joiners' topic has far more waiting than one fetch takes
    // (ROUTER_FETCH_BYTES below), so its later messages come fetches after the moves and leavers.
    const crowd = Array.from({ length: 240 }, (_, i) => joiner(FORCES[i % 3]));
    for (let i = 0; i < crowd.length; i += 40) expect((await l.post(crowd.slice(i, i + 40), { 'content-type': 'application/cloudevents-batch+json' })).status).toBe(202);
    const people = Array.from({ length: 12 }, (_, i) => person(FORCES[i % 3]));
    for (const kind of [joinerOf, moveOf, leaveOf]) for (const who of people) await post(kind(who));
    await l.hub.start('router');
    await waitFor('three calls about each person', async () => people.every((who) => callsAbout(who).length >= 3) || undefined, 60_000);
    for (const who of people) expect(callsAbout(who)).toEqual(['joiner 201', 'move 201', 'leave 201']);
  });
});
