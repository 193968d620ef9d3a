import type { BackfillState, BackfillView } from '@hub/ledger';
import { describeBackfill, progressBar, progressLine } from './progress-bar';

// An answer of GET /v1/backfills/{id}, as the API builds it (a BackfillView) and the CLI reads it.
const status = (over: Partial<BackfillView['progress']> = {}, state: BackfillState = 'running'): BackfillView => ({
  id: '7', tenant: 'fen', target: 'erp-fen', filter: { types: ['hr.employee.*'] }, ordered: false, rate: 500, state, types: ['hr.employee.joined.v1', 'hr.employee.left.v1'], from: '2026-09-01T00:00:00.000Z', to: '2026-11-23T12:00:00.000Z',
  createdBy: 'ops-admin', createdAt: '2026-11-23T12:00:00.000Z', updatedAt: '2026-11-23T12:00:00.000Z', runs: 1,
  progress: {
    total: 10_000, enqueued: 5_000, skipped: 12, forgotten: 0, delivered: 4_500, deadLettered: 0, discarded: 0, open: { queued: 300, held: 200, retrying: 0, replaying: 0 },
    heldBehindDeadLetters: 0, remaining: 5_500, percent: 45, rate: { limit: 500, current: 312.4, average: 290 }, etaSeconds: 18, ...over,
  },
});

describe('the backfill progress bar', () => {
  it('draws the bar, percent, done of total, the rate achieved and the ETA on one line', () => {
    expect(progressBar(status(), 20)).toBe('[#########...........]   45.0%  4,500/10,000  312/s  ETA 18s  running');
  });

  it('is full and says so when finished, and names dead letters', () => {
    expect(progressBar(status({ remaining: 0, percent: 100, delivered: 9_990, deadLettered: 10, etaSeconds: 0, rate: { limit: 500, average: 300 } }, 'finished'), 10)).toBe(
      '[##########]  100.0%  10,000/10,000  300/s  ETA 0s  finished  10 dead-lettered',
    );
  });

  it('waits for a rate before it promises an ETA', () => {
    expect(progressBar(status({ remaining: 10_000, percent: 0, delivered: 0, rate: { limit: 500 }, etaSeconds: undefined }), 4)).toBe('[....]    0.0%  0/10,000  ETA …  running');
  });

  it('prints a plain line per poll when the output is not a terminal', () => {
    expect(progressLine(status())).toBe('backfill 7 → erp-fen running: 4,500/10,000 (45.0%), 4,500 delivered, 0 dead-lettered, 312/s, ETA 18s');
    expect(progressLine(status({ etaSeconds: undefined }, 'paused'))).toBe('backfill 7 → erp-fen paused: 4,500/10,000 (45.0%), 4,500 delivered, 0 dead-lettered, 312/s');
  });

  it('tells the whole story of one backfill, and what waits for ops', () => {
    const lines = describeBackfill(status({ heldBehindDeadLetters: 3 })).split('\n');
    expect(lines[0]).toBe('backfill 7: fen → erp-fen, running');
    expect(lines[1]).toBe('  selected:  hr.employee.joined.v1, hr.employee.left.v1, accepted 2026-09-01T00:00:00.000Z to 2026-11-23T12:00:00.000Z');
    expect(lines[4]).toBe('  events:    10,000 to send: 4,500 delivered, 0 dead-lettered, 0 discarded, 500 open (300 queued, 200 held, 0 retrying), 12 skipped (the target had them), 0 forgotten by retention');
    expect(lines[5]).toContain('3 held behind dead letters');
  });
});
