// A backfill survives the death of the worker process running it: SIGKILL mid-way, a new worker
// process takes it up from its cursor (PostgreSQL freed the dead one's advisory lock) and finishes,
// every event reaching the new system under its backfill key, none of them stored twice, each
// person's history in order.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { RoleProcess, TestLandscape } from '@test/support';

const fixture = (type: string, name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'fixtures', type, 'valid', `${name}.json`), 'utf8'));
const ev = (type: string, subject: string, data: Record<string, unknown>): CanonicalEvent => ({
  specversion: '1.0', id: `evt-${randomBytes(6).toString('hex')}`, source: 'urn:erp-hub:source:hr', type, subject, tenant: 'fen', time: new Date().toISOString(), data,
});
const lifeOf = (n: number): CanonicalEvent[] => {
  const id = `FEN-${String(n).padStart(6, '0')}`;
  return [
    joiner('fen', { subject: id }, n),
    ev('hr.employee.moved.v1', id, { ...fixture('hr.employee.moved.v1', 'cost-centre-change'), employeeId: id }),
    ev('hr.employee.left.v1', id, { ...fixture('hr.employee.left.v1', 'minimal'), employeeId: id }),
  ];
};

describe('a backfill whose worker process is killed mid-way', () => {
  const CONCURRENCY = 4;
  let l: TestLandscape;
  let worker: RoleProcess;
  beforeAll(async () => {
    l = await TestLandscape.start({
      roles: ['api', 'router'],
      concurrency: CONCURRENCY,
      erp: { rateLimit: { max: 500, perMs: 1_000 } },
      // A killed worker's jobs run again within a few seconds; a backfill is looked for five times a second.
      env: { BACKFILL_POLL_MS: '200', WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '500' },
    });
    worker = await l.startProcess('worker');
  });
  afterAll(async () => {
    await l?.close();
  });

  it('resumes from its cursor in a new process and finishes, no delivery doubled', async () => {
    const base = 100_000 + Math.floor(Math.random() * 800_000);
    const people = Array.from({ length: 40 }, (_, i) => lifeOf(base + i));
    const from = new Date().toISOString();
    for (const round of [0, 1, 2]) expect((await l.post(people.map((p) => p[round]), { 'content-type': 'application/cloudevents-batch+json' })).status).toBe(202);
    await waitFor('the history delivered to payroll', async () => {
      for (const p of people) if ((await l.trace(p[2])).body?.status !== 'delivered') return false;
      return true;
    }, 60_000);
    const to = new Date().toISOString();

    // 120 events at 15 a second: about 8 s, killed at a third of the way.
    const started = await l.api('POST', '/v1/backfills', undefined, { tenant: 'fen', target: 'erp-fen', types: ['hr.*'], from, to, rate: 15 });
    expect(started.status).toBe(202);
    expect(started.body.progress.total).toBe(120);
    const id = started.body.id;
    const status = async () => (await l.api('GET', `/v1/backfills/${id}`)).body;
    await waitFor('a third delivered', async () => (await status()).progress.delivered >= 40, 60_000, 50);
    await worker.kill('SIGKILL');
    const atKill = await status();
    expect(atKill.state).toBe('running');
    expect(atKill.progress.delivered).toBeLessThan(120);

    worker = await l.startProcess('worker');
    const done = await waitFor('the backfill finished', async () => {
      const b = await status();
      return b.state === 'finished' ? b : undefined;
    }, 90_000, 200);
    expect(done.runs).toBe(2);
    expect(done.progress).toMatchObject({ total: 120, delivered: 120, deadLettered: 0, skipped: 0 });

    // At the ERP: every event under its backfill key; a key seen twice only for a call the dead
    // worker had in flight (answered, never recorded), which the ERP answered from its record.
    const erp = l.erp!.fen;
    const keys = erp.calls.filter((c) => c.status < 300).map((c) => c.request.headers['idempotency-key'] as string);
    const expected = people.flat().map((e) => `backfill.erp-fen.${keyOfEvent(e)}`);
    expect([...new Set(keys)].sort()).toEqual(expected.sort());
    expect(keys.length - expected.length).toBe(erp.repeats);
    expect(erp.repeats).toBeLessThanOrEqual(CONCURRENCY);
    // Stored once each, and each person's history in order: hired, moved, left.
    expect(erp.workers.size).toBe(40);
    expect(erp.terminations.size).toBe(40);
    expect([...erp.jobChanges.values()].every((changes) => changes.length === 1)).toBe(true);
    for (const p of people) {
      const about = erp.calls.filter((c) => c.status < 300 && (c.request.path.includes(p[0].subject) || JSON.stringify(c.request.body).includes(p[0].subject)));
      const firsts = [...new Map(about.map((c) => [c.request.headers['idempotency-key'], c.request.path])).values()];
      expect(firsts.map((path) => (path.endsWith('/job-changes') ? 'move' : path.endsWith('/terminations') ? 'leave' : 'hire'))).toEqual(['hire', 'move', 'leave']);
    }
    expect(erp.calls.filter((c) => c.status >= 300)).toEqual([]);
  });
});
