import type { AttemptRow, Lane, ReleasedDelivery } from '@hub/ledger';
import { AttemptRecorder } from './attempt-recorder';

const row = (n: number): AttemptRow => ({ eventKey: `k${n}`, target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome: 'delivered', at: new Date(0) });
const turn = () => new Promise((r) => setImmediate(r));

/** A ledger whose writes finish only when the test releases them, in any order. */
function heldLedger() {
  const calls: { keys: string[]; release: () => void }[] = [];
  const ledger = {
    recordAttemptRows: jest.fn(
      (rows: readonly AttemptRow[]) =>
        new Promise<Lane[]>((resolve) => {
          calls.push({ keys: rows.map((r) => r.eventKey), release: () => resolve([]) });
        }),
    ),
    releaseLanes: jest.fn(async () => [] as ReleasedDelivery[]),
  };
  return { ledger, calls };
}

describe('AttemptRecorder', () => {
  it('writes the rows of one event-loop turn in one statement, and answers each caller', async () => {
    const { ledger, calls } = heldLedger();
    const rec = new AttemptRecorder(ledger, 2);
    const done = [1, 2, 3].map((n) => rec.record(row(n)));
    await turn();
    expect(calls.map((c) => c.keys)).toEqual([['k1', 'k2', 'k3']]);
    calls[0].release();
    await expect(Promise.all(done)).resolves.toEqual([undefined, undefined, undefined]);
  });

  it('runs up to maxInFlight statements side by side and folds what arrives beyond into the next', async () => {
    const { ledger, calls } = heldLedger();
    const rec = new AttemptRecorder(ledger, 2);
    const a = rec.record(row(1));
    await turn();
    const b = rec.record(row(2));
    await turn();
    const rest = [rec.record(row(3)), rec.record(row(4))];
    await turn();
    await turn();
    // Two in flight: rows 3 and 4 wait, together.
    expect(calls.map((c) => c.keys)).toEqual([['k1'], ['k2']]);
    calls[1].release();
    await b;
    await turn();
    expect(calls.map((c) => c.keys)).toEqual([['k1'], ['k2'], ['k3', 'k4']]);
    calls[0].release();
    calls[2].release();
    await Promise.all([a, ...rest]);
  });

  it('fails every caller of a write that failed, and the next write is a fresh one', async () => {
    const ledger = { recordAttemptRows: jest.fn().mockRejectedValueOnce(new Error('ECONNREFUSED')).mockResolvedValue([]), releaseLanes: jest.fn() };
    const rec = new AttemptRecorder(ledger);
    await expect(rec.record(row(1))).rejects.toThrow('ECONNREFUSED');
    await expect(rec.record(row(2))).resolves.toBeUndefined();
    expect(ledger.recordAttemptRows).toHaveBeenLastCalledWith([row(2)]);
  });

  it("answers the callers once their rows committed, then releases the lanes they finished and hands what that released to onReleased; a failed release or hand-over fails no caller", async () => {
    const lane: Lane = { target: 'payroll-fen', subject: 'FEN-1' };
    const released: ReleasedDelivery = { eventKey: 'k9', target: 'payroll-fen', tenant: 'fen', event: {} as ReleasedDelivery['event'] };
    const seen: ReleasedDelivery[][] = [];
    let releaseNow!: (r: ReleasedDelivery[]) => void;
    const ledger = {
      recordAttemptRows: jest.fn().mockResolvedValue([lane]),
      releaseLanes: jest.fn().mockImplementationOnce(() => new Promise((r) => (releaseNow = r))).mockRejectedValueOnce(new Error('ECONNRESET')),
    };
    const ok = new AttemptRecorder(ledger, 2, async (r) => void seen.push(r));
    // The caller is answered while the release is still under way.
    await ok.record(row(1));
    expect(ledger.releaseLanes).toHaveBeenCalledWith([lane]);
    expect(seen).toEqual([]);
    releaseNow([released]);
    await turn();
    await turn();
    expect(seen).toEqual([[released]]);
    // A release that fails leaves the lane to the sweeper; the caller was answered all the same.
    await expect(ok.record(row(2))).resolves.toBeUndefined();
    const failing = new AttemptRecorder({ recordAttemptRows: jest.fn().mockResolvedValue([lane]), releaseLanes: jest.fn().mockResolvedValue([released]) }, 2, async () => {
      throw new Error('Redis down');
    });
    await expect(failing.record(row(3))).resolves.toBeUndefined();
  });
});
