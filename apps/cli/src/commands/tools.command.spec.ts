import { auditRows } from './tools.command';

describe('hub audit', () => {
  it('prints tenants as a list and the filter and counts as key=value, at as a short clock', () => {
    expect(auditRows([
      { at: '2026-11-23T09:00:00.123Z', actor: 'fen-operator', action: 'dead-letter.replay-bulk', tenants: ['fen'], filter: { fingerprint: 'target-rejected|payroll-fen|409' }, counts: { matched: 2, replayed: 2 } },
      { at: '2026-11-23T09:05:00.000Z', actor: 'ops-admin', action: 'landscape.change', tenants: '*', detail: 'CHG-1' },
    ])).toEqual([
      { at: '2026-11-23 09:00:00Z', actor: 'fen-operator', action: 'dead-letter.replay-bulk', tenants: 'fen', filter: 'fingerprint=target-rejected|payroll-fen|409', counts: 'matched=2 replayed=2', detail: '' },
      { at: '2026-11-23 09:05:00Z', actor: 'ops-admin', action: 'landscape.change', tenants: '*', filter: '', counts: '', detail: 'CHG-1' },
    ]);
  });
});
