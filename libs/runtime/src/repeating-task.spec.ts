import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('runs at once, then every interval after the last run ended, and goes on after a run that failed', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = new RepeatingTask(async () => {
      runs++;
      if (runs === 2) throw new Error('PostgreSQL away');
    }, 1_000, (err) => errors.push(err));
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error('PostgreSQL away')]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(3);
    await task.stop();
  });

  it('never starts when the interval is 0, and after stop() waits for the run under way and starts no other', async () => {
    let runs = 0;
    new RepeatingTask(async () => void runs++, 0, () => undefined).start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(0);

    let finish!: () => void;
    const task = new RepeatingTask(() => new Promise<void>((r) => ((runs++), (finish = r))), 100, () => undefined);
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    expect(task.stopping).toBe(true);
    await flush();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
  });
});
