import type { BulkReplayAnswer, DeadLetterView } from '@hub/ledger';
import { describeBulkReplay, describeDeadLetter, describeReplay } from './dlq.command';

// An answer of GET /v1/dead-letters/{id}, as the API builds it (a DeadLetterView) and the CLI reads it.
const letter: DeadLetterView = {
  id: 'payroll-vale.vale~urn:erp-hub:source:hr~evt-1', eventKey: 'vale~urn:erp-hub:source:hr~evt-1', tenant: 'vale', target: 'payroll-vale', state: 'dead-lettered', attempts: 2, replays: 1,
  reason: 'target-rejected', status: 422, field: '/data/employment/grade', message: 'grade SC unknown', fingerprint: 'target-rejected|payroll-vale|/data/employment/grade',
  queuedAt: '2026-11-23T09:00:00.000Z', deadLetteredAt: '2026-11-23T09:00:02.500Z', updatedAt: '2026-11-23T09:00:02.500Z', ordered: true, holding: 3, landscapeVersion: 4,
  type: 'hr.employee.joined.v1', subject: 'VALE-7', source: 'urn:erp-hub:source:hr', eventId: 'evt-1',
  event: { specversion: '1.0', id: 'evt-1', source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: 'VALE-7', tenant: 'vale', time: '2026-11-23T08:59:59.000Z', data: { employee: { number: 'VALE-7', name: '***' }, employment: { grade: 'SC' } } },
};

describe('hub dlq show', () => {
  it('says what failed and why, where it stands, then the data one field a line', () => {
    expect(describeDeadLetter(letter).split('\n')).toEqual([
      'dead letter payroll-vale.vale~urn:erp-hub:source:hr~evt-1: hr.employee.joined.v1 for vale, subject VALE-7 → payroll-vale, dead-lettered',
      '  event:          evt-1 from urn:erp-hub:source:hr, at 2026-11-23 08:59:59Z',
      '  why:            target-rejected 422 /data/employment/grade: grade SC unknown',
      '  fingerprint:    target-rejected|payroll-vale|/data/employment/grade',
      '  attempts:       2, replayed 1 time(s)',
      '  queued:         2026-11-23 09:00:00Z',
      '  dead-lettered:  2026-11-23 09:00:02Z',
      '  holding:        3 later deliveries of this subject wait behind it (the target keeps order per subject)',
      '  landscape:      routed by version 4',
      '  data:',
      '    path               value',
      '    -----------------  ------',
      '    /employee/number   VALE-7',
      '    /employee/name     ***',
      '    /employment/grade  SC',
    ]);
  });

  it('says a shadow and a discard, and copes with a letter whose event was never recorded', () => {
    const bare: DeadLetterView = { id: 'erp-fen.k', eventKey: 'k', tenant: 'fen', target: 'erp-fen', state: 'discarded', attempts: 1, replays: 0, updatedAt: '2026-11-24T10:00:00.000Z', role: 'shadow', discardedAt: '2026-11-24T10:00:00.000Z', discardReason: 'duplicate joiner' };
    expect(describeDeadLetter(bare).split('\n')).toEqual([
      'dead letter erp-fen.k: (event not recorded) for fen → erp-fen (shadow), discarded',
      '  attempts:   1',
      '  discarded:  2026-11-24 10:00:00Z: duplicate joiner',
    ]);
  });
});

describe('hub dlq replay', () => {
  it('one: a line with where it went', () => {
    expect(describeReplay({ id: 'payroll-vale.k', replayed: true, detail: 'queued again on payroll-vale' })).toBe('replaying payroll-vale.k: queued again on payroll-vale; it stays listed until the target acknowledges');
  });

  const bulk: BulkReplayAnswer = { dryRun: false, matched: 5, considered: 3, replayed: 2, skipped: 0, failed: [{ id: 'payroll-fen.x', replayed: false, detail: 'target "payroll-fen" is no longer configured' }], byTarget: { 'payroll-fen': 2, 'dms-fen': 1 }, batches: 2 };

  it('in bulk: counts, per target, and each failure', () => {
    expect(describeBulkReplay(bulk).split('\n')).toEqual([
      'replayed 2 of 5 matched in 2 batch(es) (at most 3 this time: --max); 0 skipped (taken by another replay), 1 failed',
      '  by target: payroll-fen 2, dms-fen 1',
      '  failed payroll-fen.x: target "payroll-fen" is no longer configured',
    ]);
  });

  it('a dry run: what matched and a table of the sample, nothing replayed', () => {
    const dry = describeBulkReplay({ ...bulk, dryRun: true, replayed: 0, failed: [], batches: 0, sample: [letter] }).split('\n');
    expect(dry[0]).toBe('dry run: 5 open dead letter(s) match, 3 would be replayed (nothing replayed)');
    expect(dry[1]).toMatch(/^id\s+target\s+type\s+subject\s+fingerprint$/);
    expect(dry[3]).toMatch(/^payroll-vale\.vale~urn:erp-hub:source:hr~evt-1\s+payroll-vale\s+hr\.employee\.joined\.v1\s+VALE-7\s+target-rejected\|payroll-vale\|\/data\/employment\/grade$/);
    expect(dry[4]).toBe('(first 1 of 3)');
  });
});
