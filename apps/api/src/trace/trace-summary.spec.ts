import type { CanonicalEvent } from '@hub/events';
import type { DeliveryRecord, LedgerTrace } from '@hub/ledger';
import { summariseTrace } from './trace-summary';

const event: CanonicalEvent = { specversion: '1.0', id: 'e1', source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: 'FEN-1', tenant: 'fen', data: { niNumber: 'QQ123456C' } };
const at = '2026-01-01T00:00:00.000Z';
const delivery = (target: string, over: Partial<DeliveryRecord>): DeliveryRecord => ({ eventKey: 'k', target, tenant: 'fen', state: 'queued', attempts: 0, updatedAt: at, replays: 0, ...over });
const trace = (...deliveries: DeliveryRecord[]): LedgerTrace => ({ eventKey: 'k', acceptedAt: at, event, deliveries });

describe('summariseTrace', () => {
  it('never carries the event data, which holds personal fields', () => {
    expect(JSON.stringify(summariseTrace(trace(delivery('payroll-fen', {}))))).not.toContain('QQ123456C');
  });

  it.each([
    [[], 'unrouted'],
    [[delivery('a', { state: 'delivered' }), delivery('b', { state: 'retrying', attempts: 2 })], 'in-progress'],
    [[delivery('a', { state: 'delivered' }), delivery('b', { state: 'dead-lettered' })], 'dead-lettered'],
    [[delivery('a', { state: 'delivered' }), delivery('b', { state: 'discarded' })], 'delivered'],
  ] as const)('says where the event is overall (%#)', (deliveries, status) => {
    expect(summariseTrace(trace(...deliveries)).status).toBe(status);
  });

  it("lets the primaries decide: a parallel run's shadow refusing the event, or still at it, changes nothing", () => {
    const shadow = (state: DeliveryRecord['state']) => delivery('cloud-erp-fen', { state, role: 'shadow' });
    expect(summariseTrace(trace(delivery('payroll-fen', { state: 'delivered' }), shadow('dead-lettered'))).status).toBe('delivered');
    expect(summariseTrace(trace(delivery('payroll-fen', { state: 'delivered' }), shadow('retrying'))).status).toBe('delivered');
    expect(summariseTrace(trace(delivery('payroll-fen', { state: 'dead-lettered' }), shadow('delivered'))).status).toBe('dead-lettered');
    expect(summariseTrace(trace(delivery('payroll-fen', { state: 'delivered' }), shadow('dead-lettered'))).targets.map((t) => [t.target, t.role])).toEqual([
      ['payroll-fen', undefined],
      ['cloud-erp-fen', 'shadow'],
    ]);
    expect(summariseTrace(trace(shadow('dead-lettered'))).status).toBe('dead-lettered');
  });

  it("keeps a target's last error, with its fingerprint, after a later success", () => {
    const d = delivery('payroll-fen', { state: 'delivered', attempts: 3, reason: 'target-unavailable', message: 'answered 503', status: 503, fingerprint: 'target-unavailable|payroll-fen|503', deliveredAt: at });
    expect(summariseTrace(trace(d)).targets[0]).toEqual({
      target: 'payroll-fen', state: 'delivered', attempts: 3, deliveredAt: at, replays: 0, updatedAt: at,
      lastError: { reason: 'target-unavailable', message: 'answered 503', status: 503, fingerprint: 'target-unavailable|payroll-fen|503' },
    });
  });
});
