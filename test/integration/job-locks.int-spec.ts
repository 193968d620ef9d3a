// Periodic jobs across replicas on real PostgreSQL: two runners (two ledgers, each its own pool, as
// two processes would have) run the same job on RepeatingTask under JobLocks. One at a time runs a
// given job, the other skips; when the holder's connection dies the holder is told (its `held`
// aborts) and the other takes the job over at its next try.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DeliveryLedger } from '@hub/ledger';
import { RepeatingTask } from '@hub/runtime';
import { waitFor } from '@hub/testing';

const url = process.env.DATABASE_URL!;
const schema = () => `ledger_locks_${randomBytes(4).toString('hex')}`;

describe('job locks (PostgreSQL advisory locks) across two runners', () => {
  let admin: Pool;
  const opened: DeliveryLedger[] = [];
  const tasks: RepeatingTask[] = [];

  /** A replica's ledger, its connections named so the test can find (and end) them. */
  const runner = (s: string, name: string) => {
    const l = DeliveryLedger.connect(url, s, { application_name: name, max: 3 });
    opened.push(l);
    return l;
  };
  const repeat = (run: () => Promise<unknown>, everyMs: number) => {
    const t = new RepeatingTask(run, everyMs, (err) => {
      throw err;
    });
    tasks.push(t);
    t.start();
    return t;
  };

  beforeAll(() => {
    admin = new Pool({ connectionString: url, max: 1 });
  });
  afterEach(async () => {
    for (const t of tasks.splice(0)) await t.stop();
    for (const l of opened.splice(0)) await l.close();
  });
  afterAll(async () => {
    await admin.end();
  });

  it('runs the sweeper in one runner at a time: the runs of two runners trying every 5 ms never overlap', async () => {
    const s = schema();
    const runs: { who: string; start: number; end: number }[] = [];
    const skipped = { a: 0, b: 0 };
    const job = (who: 'a' | 'b', ledger: DeliveryLedger) => async () => {
      const ran = await ledger.exclusively('delivery-sweeper', async () => {
        const start = performance.now();
        await new Promise((r) => setTimeout(r, 15));
        runs.push({ who, start, end: performance.now() });
      });
      if (!ran) skipped[who]++;
    };
    repeat(job('a', runner(s, 'locks-a')), 5);
    repeat(job('b', runner(s, 'locks-b')), 5);
    await waitFor('40 runs between them, each runner skipping some', () => runs.length >= 40 && skipped.a > 0 && skipped.b > 0, 20_000);
    for (const t of tasks.splice(0)) await t.stop();
    const sorted = [...runs].sort((x, y) => x.start - y.start);
    const overlaps = sorted.filter((r, i) => i > 0 && r.start < sorted[i - 1].end);
    expect(overlaps).toEqual([]);
  });

  it('locks per job name and per ledger schema: the sweeper held does not hold the comparer, nor the sweeper of another schema', async () => {
    const s = schema();
    const [a, b, elsewhere] = [runner(s, 'names-a'), runner(s, 'names-b'), runner(schema(), 'names-c')];
    let inside: boolean[] = [];
    const none = async () => undefined;
    expect(
      await a.exclusively('delivery-sweeper', async () => {
        inside = [await b.exclusively('delivery-sweeper', none), await b.exclusively('parallel-run-comparer', none), await elsewhere.exclusively('delivery-sweeper', none)];
      }),
    ).toBe(true);
    expect(inside).toEqual([false, true, true]);
    // Freed when the run ended, also when it threw.
    await expect(a.exclusively('delivery-sweeper', async () => Promise.reject(new Error('Redis is away')))).rejects.toThrow('Redis is away');
    expect(await b.exclusively('delivery-sweeper', none)).toBe(true);
  });

  it('hands the job to the other runner when the holder\'s connection dies, and tells the holder', async () => {
    const s = schema();
    const holderName = `locks-holder-${randomBytes(3).toString('hex')}`;
    const [holder, other] = [runner(s, holderName), runner(s, 'locks-other')];
    let lost: unknown;
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const holderRun = holder.exclusively('ledger-retention', async (signal) => {
      holding();
      // A long run that checks its lock between pages, as the sweeper does.
      await waitFor('the lock to be lost', () => signal.aborted, 20_000, 20);
      lost = signal.reason;
    });
    await held;
    const otherRuns: number[] = [];
    let otherSkips = 0;
    repeat(async () => {
      if (await other.exclusively('ledger-retention', async () => void otherRuns.push(Date.now()))) return;
      otherSkips++;
    }, 20);
    await waitFor('the other runner to find the lock taken', () => otherSkips >= 3, 10_000);
    expect(otherRuns).toEqual([]);

    // The holder's process "dies" as far as PostgreSQL can tell: its session ends.
    const killedAt = Date.now();
    const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [holderName]);
    expect(rowCount).toBe(1);
    await waitFor('the other runner to take the job over', () => otherRuns.length > 0, 10_000);
    expect(otherRuns[0]).toBeGreaterThanOrEqual(killedAt);
    // The holder was told, its run ended without an unhandled error, and its broken connection was not pooled again.
    await expect(holderRun).resolves.toBe(true);
    expect(lost).toBeInstanceOf(Error);
    expect(await holder.exclusively('another-job', async () => undefined)).toBe(true);
  });
});
