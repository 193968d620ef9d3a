import { admit, CLOSED, record } from './circuit-breaker';
import { TargetStateStore } from './target-state.store';

const policy = { failures: 2, probeMs: 1_000, maxProbeMs: 4_000 };

/** Redis as the breaker uses it (GET and the compare-and-set script), counting the round trips. */
function countingRedis() {
  const data = new Map<string, string>();
  const calls = { get: 0, eval: 0 };
  return {
    data,
    calls,
    get: async (k: string) => (calls.get++, data.get(k) ?? null),
    eval: async (_script: string, _n: number, k: string, expected: string, next: string) => {
      calls.eval++;
      if ((data.get(k) ?? '') !== expected) return 0;
      data.set(k, next);
      return 1;
    },
  };
}

function fixture() {
  let now = 1_000_000;
  const redis = countingRedis();
  const store = new TargetStateStore(redis as never, 'hub', 200, () => now);
  const other = new TargetStateStore(redis as never, 'hub', 200, () => now);
  return { redis, store, other, tick: (ms: number) => void (now += ms) };
}
const pass = (s: typeof CLOSED) => admit(s, Date.now(), 'job', 10_000);
const down = (s: typeof CLOSED) => record(s, Date.now(), policy, 'job', { kind: 'down', code: 'target-unreachable' });
const up = (s: typeof CLOSED) => record(s, Date.now(), policy, 'job', { kind: 'up' });

describe('TargetStateStore breaker reads', () => {
  it('answers steps that change nothing from the state it read within its freshness, without Redis', async () => {
    const { redis, store } = fixture();
    expect(await store.updateBreaker('payroll-fen', pass)).toEqual({ pass: true, probe: false });
    for (let i = 0; i < 10; i++) {
      await store.updateBreaker('payroll-fen', pass);
      await store.updateBreaker('payroll-fen', up);
    }
    expect(redis.calls).toEqual({ get: 1, eval: 0 });
  });

  it('reads Redis first for every step that changes the state, and sees what another process wrote once its knowledge is stale', async () => {
    const { redis, store, other, tick } = fixture();
    await store.updateBreaker('payroll-fen', pass);
    // A failure changes the state: read and compare-and-set, whatever this process knows.
    await store.updateBreaker('payroll-fen', down);
    expect(redis.calls).toEqual({ get: 2, eval: 1 });
    // Another process's second failure opens the breaker.
    await other.updateBreaker('payroll-fen', down);
    expect([...redis.data.values()].map((v) => JSON.parse(v).state)).toEqual(['open']);
    // Within 200 ms this process may still admit on what it wrote (one failure, closed) ...
    expect(await store.updateBreaker('payroll-fen', pass)).toEqual({ pass: true, probe: false });
    // ... after, it reads Redis again and is held.
    tick(200);
    expect(await store.updateBreaker('payroll-fen', pass)).toMatchObject({ pass: false });
  });
});
