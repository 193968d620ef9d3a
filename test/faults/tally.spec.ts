import { cutSize, currentIncrFile } from './aof';
import { PhaseTimes, Posted, settledBefore, tallyPhase } from './tally';

const phase: PhaseTimes = { name: 'worker-sigkill', start: 1_000, inject: 2_000, restored: 2_500, drained: 9_000, end: 10_000 };

describe('tallyPhase', () => {
  const posted: Posted[] = [
    { keys: ['a.1', 'b.1'], firstPostAt: 1_100, acceptedAt: 1_110 }, // before the fault: a.1 in flight, arrives late; b.1 twice
    { keys: ['a.2', 'b.2'], firstPostAt: 2_100, acceptedAt: 3_000 }, // after: a.2 dead-lettered though taken (phantom), b.2 lost
    { keys: ['a.3', 'b.3'], firstPostAt: 2_200 }, // never accepted: not counted against the hub
    { keys: ['a.4', 'b.4'], firstPostAt: 10_500, acceptedAt: 10_600 }, // the next phase's
  ];
  const taken: Record<string, number[]> = { 'a.1': [7_000], 'b.1': [1_200, 6_000], 'a.2': [3_500], 'a.4': [10_700] };
  const ledger: Record<string, { deliveredAt?: number; deadLetteredAt?: number }> = {
    'a.1': { deliveredAt: 7_100 },
    'b.1': { deliveredAt: 6_100 }, // the worker died after b.1 was taken at 1 200; recorded when it ran again
    'a.2': { deadLetteredAt: 8_000 },
    'a.4': { deliveredAt: 10_800 },
    'b.4': { deliveredAt: 10_900 },
  };
  const failed = [{ at: 2_100, status: 0 }, { at: 2_900, status: 503 }, { at: 10_200, status: 503 }];
  const ready = [
    { at: 2_000, role: 'worker', ready: false },
    { at: 4_000, role: 'worker', ready: true },
    { at: 5_000, role: 'worker', ready: true },
  ];

  it('counts what sources were told, what targets took, what was dead-lettered, lost or doubled, and how long recovery took', () => {
    expect(tallyPhase(phase, posted, failed, (k) => taken[k], (k) => ledger[k], ready)).toEqual({
      fault: 'worker-sigkill',
      posted: 3,
      accepted: 2,
      failedAnswers: 2,
      failedWindowS: 0.8,
      resumeS: 1.5,
      recoverS: 5.1,
      drainedS: 7,
      deliveries: 4,
      delivered: 3,
      deadLettered: 1,
      phantom: 1,
      missing: 1,
      doubled: 1,
      notReadyS: { worker: 2 },
    });
  });

  it('waits for everything posted before a moment to be accepted and settled in the ledger', () => {
    const settled = (k: string) => ledger[k] !== undefined;
    expect(settledBefore(2_000, posted, settled)).toBe(true);
    // b.2 is neither delivered nor dead-lettered, and the third event was never accepted.
    expect(settledBefore(2_150, posted, settled)).toBe(false);
    // From 10 000 on, only the next phase's event counts, and it is settled.
    expect(settledBefore(11_000, posted, settled, 10_000)).toBe(true);
  });

  it("gives a double to the phase of the first receipt, the one whose answer the hub lost", () => {
    const next: PhaseTimes = { name: 'next', start: 10_000, inject: 10_100, restored: 10_200, end: 20_000 };
    expect(tallyPhase(next, posted, failed, (k) => taken[k], (k) => ledger[k], ready).doubled).toBe(0);
  });
});

describe('cutting the AOF back a second', () => {
  const samples = [
    { at: 0, file: 'appendonly.aof.3.incr.aof', size: 100 },
    { at: 500, file: 'appendonly.aof.3.incr.aof', size: 900 },
    { at: 1_000, file: 'appendonly.aof.3.incr.aof', size: 1_700 },
    { at: 1_100, file: 'appendonly.aof.4.incr.aof', size: 40 },
  ];
  it('takes the size the file had a second before the kill', () => {
    expect(cutSize(samples, 'appendonly.aof.3.incr.aof', 1_600, 1_000)).toBe(900);
    expect(cutSize(samples, 'appendonly.aof.3.incr.aof', 2_000, 1_000)).toBe(1_700);
  });
  it('empties a file a rewrite started within that second', () => {
    expect(cutSize(samples, 'appendonly.aof.4.incr.aof', 1_500, 1_000)).toBe(0);
  });
  it("finds the incr file in Redis 7's manifest", () => {
    const manifest = 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\nfile appendonly.aof.4.incr.aof seq 4 type i\n';
    expect(currentIncrFile(manifest)).toBe('appendonly.aof.4.incr.aof');
  });
});
