// The breaker's state on real Redis: transitions from many connections at once (as from many worker
// processes) are atomic, so an open breaker lets exactly one probe go, and pauses are recorded once.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { admit, BreakerState, createRedis, record, TargetStateStore } from '@hub/delivery';

const policy = { failures: 3, probeMs: 1_000, maxProbeMs: 5_000 };

describe('TargetStateStore on Redis', () => {
  const prefix = `hub-ts-${randomBytes(4).toString('hex')}`;
  const connections: Redis[] = [];
  let stores: TargetStateStore[];
  beforeAll(() => {
    // One connection per "process".
    for (let i = 0; i < 6; i++) connections.push(createRedis(process.env.REDIS_URL!, `target-state-test-${i}`));
    stores = connections.map((r) => new TargetStateStore(r, prefix));
  });
  afterAll(async () => {
    const keys = await connections[0].keys(`${prefix}:*`);
    if (keys.length) await connections[0].del(...keys);
    await Promise.all(connections.map((r) => r.quit()));
  });

  it('counts failures from every connection and opens once, at the threshold', async () => {
    const holds = await Promise.all(stores.map((s, i) => s.updateBreaker('payroll-fen', (b) => record(b, Date.now(), policy, `job-${i}`, { kind: 'down', code: 'target-unreachable' }))));
    const state = await stores[0].breaker('payroll-fen');
    expect(state).toMatchObject({ state: 'open', failures: 6 });
    // The first two failures spent an attempt; from the third on the breaker was open and held them.
    expect(holds.filter((h) => h === undefined)).toHaveLength(policy.failures - 1);
    expect(holds.filter((h) => h?.reason === 'breaker-open')).toHaveLength(6 - (policy.failures - 1));
  });

  it('lets exactly one of many simultaneous deliveries probe once the interval is up', async () => {
    const open: BreakerState = { state: 'open', failures: 3, openedAt: Date.now() - 5_000, probeMs: 1_000, probeAt: Date.now() - 1 };
    await connections[0].set(`${prefix}:target:payroll-moor:breaker`, JSON.stringify(open));
    const admissions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stores[i % stores.length].updateBreaker('payroll-moor', (b) => admit(b, Date.now(), `job-${i}`, 10_000))),
    );
    const probes = admissions.filter((a) => a.pass);
    expect(probes).toEqual([{ pass: true, probe: true }]);
    expect(admissions.filter((a) => !a.pass)).toHaveLength(29);
    expect(await stores[3].breaker('payroll-moor')).toMatchObject({ state: 'half-open', probe: { jobId: expect.stringMatching(/^job-/) } });
  });

  it('reads every target at once, a target never seen as closed', async () => {
    const all = await stores[1].breakers(['payroll-fen', 'payroll-moor', 'payroll-vale']);
    expect([...all].map(([id, b]) => [id, b.state])).toEqual([['payroll-fen', 'open'], ['payroll-moor', 'half-open'], ['payroll-vale', 'closed']]);
  });

  it('records a pause once: a second pause does not overwrite who paused and why', async () => {
    const results = await Promise.all(stores.map((s, i) => s.recordPause('payroll-vale', { by: `op-${i}`, reason: 'bureau maintenance', at: new Date().toISOString() })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const pauses = await stores[0].pauses(['payroll-vale', 'payroll-fen']);
    expect([...pauses.keys()]).toEqual(['payroll-vale']);
    expect(pauses.get('payroll-vale')!.by).toBe(`op-${results.indexOf(true)}`);
    await stores[2].clearPause('payroll-vale');
    expect((await stores[0].pauses(['payroll-vale'])).size).toBe(0);
  });
});
