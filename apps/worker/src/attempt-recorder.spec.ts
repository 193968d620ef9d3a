import type { AttemptRow } from '@hub/ledger';
import { AttemptRecorder } from './attempt-recorder';

const row = (n: number): AttemptRow => ({ eventKey: `k${n}`, target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome: 'delivered', at: new Date(0) });

describe('AttemptRecorder', () => {
  it('folds the rows that arrive while a write is in flight into one next write, and answers each caller', async () => {
    const calls: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const ledger = {
      recordAttempts: jest.fn(async (rows: readonly AttemptRow[]) => {
        calls.push(rows.map((r) => r.eventKey));
        if (calls.length === 1) await first;
      }),
    };
    const rec = new AttemptRecorder(ledger);
    const a = rec.record(row(1));
    const rest = [rec.record(row(2)), rec.record(row(3)), rec.record(row(4))];
    release();
    await Promise.all([a, ...rest]);
    expect(calls).toEqual([['k1'], ['k2', 'k3', 'k4']]);
  });

  it("fails every caller of a write that failed, and the next write is a fresh one", async () => {
    const ledger = { recordAttempts: jest.fn().mockRejectedValueOnce(new Error('ECONNREFUSED')).mockResolvedValue(undefined) };
    const rec = new AttemptRecorder(ledger);
    await expect(rec.record(row(1))).rejects.toThrow('ECONNREFUSED');
    await expect(rec.record(row(2))).resolves.toBeUndefined();
    expect(ledger.recordAttempts).toHaveBeenLastCalledWith([row(2)]);
  });
});
