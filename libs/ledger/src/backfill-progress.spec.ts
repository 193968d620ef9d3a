import type { BackfillDeliveryCounts, BackfillRecord } from './backfill-records';
import { progressOf } from './backfill-progress';

const record = (over: Partial<BackfillRecord> = {}): BackfillRecord => ({
  id: '7', tenant: 'fen', target: 'erp-fen', filter: {}, types: ['hr.employee.joined.v1'], to: '2026-11-23T12:00:00.000Z', ordered: true, state: 'running',
  cursor: 0, total: 1_000, enqueued: 0, skipped: 0, forgotten: 0, delivered: 0, deadLettered: 0, rate: 100, createdBy: 'ops-admin',
  createdAt: '2026-11-23T12:00:00.000Z', updatedAt: '2026-11-23T12:00:00.000Z', runs: 1, ...over,
});
const counts = (over: Partial<BackfillDeliveryCounts> = {}): BackfillDeliveryCounts => ({ queued: 0, held: 0, retrying: 0, replaying: 0, delivered: 0, deadLettered: 0, discarded: 0, heldBehindDeadLetters: 0, ...over });
const at = (seconds: number) => new Date(Date.parse('2026-11-23T12:00:00.000Z') + seconds * 1000);

describe('progressOf', () => {
  it('has no ETA before anything moved', () => {
    expect(progressOf(record(), counts(), at(0))).toMatchObject({ remaining: 1_000, percent: 0, rate: { limit: 100 } });
    expect(progressOf(record(), counts(), at(0)).etaSeconds).toBeUndefined();
  });

  it('divides what remains by the rate achieved lately', () => {
    // 600 taken from the selection, 500 delivered, 100 still queued or held: 500 to go at 50 a second.
    const p = progressOf(record({ cursor: 600, enqueued: 600, measuredRate: 50 }), counts({ delivered: 500, queued: 60, held: 40 }), at(10));
    expect(p).toMatchObject({ remaining: 500, percent: 50, rate: { limit: 100, current: 50, average: 50 }, etaSeconds: 10, eta: at(20).toISOString() });
  });

  it('falls back to the average since the start when the run has measured nothing yet', () => {
    const p = progressOf(record({ cursor: 200 }), counts({ delivered: 200 }), at(4));
    expect(p).toMatchObject({ remaining: 800, rate: { average: 50 }, etaSeconds: 16 });
    expect(p.rate.current).toBeUndefined();
  });

  it("counts what waits behind a dead letter as done for the run (it waits for ops), and skipped or forgotten events as done", () => {
    const p = progressOf(record({ cursor: 1_000, enqueued: 990, skipped: 7, forgotten: 3, measuredRate: 20 }), counts({ delivered: 980, deadLettered: 1, held: 9, heldBehindDeadLetters: 9 }), at(50));
    expect(p).toMatchObject({ remaining: 0, percent: 100, heldBehindDeadLetters: 9, etaSeconds: 0 });
  });

  it('gives no ETA while paused or once cancelled, and 0 once finished', () => {
    expect(progressOf(record({ state: 'paused', cursor: 100, measuredRate: 10 }), counts({ delivered: 100 }), at(10)).etaSeconds).toBeUndefined();
    expect(progressOf(record({ state: 'cancelled', cursor: 100, measuredRate: 10 }), counts({ delivered: 100 }), at(10)).etaSeconds).toBeUndefined();
    expect(progressOf(record({ state: 'finished', cursor: 1_000 }), counts({ delivered: 1_000 }), at(10))).toMatchObject({ percent: 100, etaSeconds: 0 });
  });

  it('is complete at once for a backfill that selected nothing', () => {
    expect(progressOf(record({ total: 0, state: 'finished' }), counts(), at(1))).toMatchObject({ remaining: 0, percent: 100 });
  });
});
