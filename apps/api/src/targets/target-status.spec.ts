import type { TargetConfig } from '@hub/config';
import { CLOSED } from '@hub/delivery';
import { targetStatus } from './target-status';

const target: TargetConfig = {
  id: 'payroll-fen', tenant: 'fen', connector: 'payroll', endpoint: 'http://127.0.0.1:1', timeoutMs: 10_000, concurrency: 8, ordering: 'none',
  retry: { attempts: 6, backoffMs: 1_000, maxBackoffMs: 60_000 },
  breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 },
};
const now = Date.parse('2026-11-23T03:00:00Z');
const counts = { waiting: 3, prioritized: 0, active: 1, delayed: 2, failed: 0 };

describe('targetStatus', () => {
  it('says a healthy target is closed and delivering, with its queue and settings', () => {
    expect(targetStatus(target, { breaker: CLOSED, queuePaused: false, counts, now })).toEqual({
      id: 'payroll-fen', tenant: 'fen', connector: 'payroll', state: 'closed', paused: null,
      breaker: { state: 'closed', consecutiveFailures: 0, openedAt: null, openSeconds: 0, nextProbeAt: null, probeIntervalMs: null, probing: false, retryAfterUntil: null, lastFailure: null, lastOpenedAt: null, lastClosedAt: null },
      queue: { waiting: 3, active: 1, delayed: 2, failed: 0 },
      settings: { breaker: target.breaker, retry: target.retry, rateLimit: null, concurrency: 8, timeoutMs: 10_000 },
    });
  });

  it('shows an open breaker: since when, for how long, when it probes next, what failed', () => {
    const openedAt = now - 90_000;
    const s = targetStatus(target, {
      breaker: { state: 'open', failures: 9, openedAt, probeMs: 20_000, probeAt: now + 12_000, lastFailure: { code: 'target-unreachable', at: now - 8_000 } },
      queuePaused: false, counts, now,
    });
    expect(s.state).toBe('open');
    expect(s.breaker).toMatchObject({
      state: 'open', consecutiveFailures: 9, openedAt: '2026-11-23T02:58:30.000Z', openSeconds: 90, nextProbeAt: '2026-11-23T03:00:12.000Z', probeIntervalMs: 20_000, probing: false,
      lastFailure: { reason: 'target-unreachable', at: '2026-11-23T02:59:52.000Z' }, lastOpenedAt: '2026-11-23T02:58:30.000Z',
    });
  });

  it('puts a pause first, with who paused it and why, and counts the paused queue as waiting', () => {
    const s = targetStatus(target, { breaker: CLOSED, queuePaused: true, pause: { by: 'fen-operator', reason: 'bureau maintenance', at: '2026-11-23T01:00:00.000Z' }, counts: { ...counts, waiting: 5, prioritized: 2 }, now });
    expect(s).toMatchObject({ state: 'paused', paused: { by: 'fen-operator', reason: 'bureau maintenance', since: '2026-11-23T01:00:00.000Z' }, queue: { waiting: 7 } });
  });

  it('says so when the queue was paused outside the hub, and ignores a pause record the queue no longer has', () => {
    expect(targetStatus(target, { breaker: CLOSED, queuePaused: true, counts, now }).paused?.by).toMatch(/outside the hub/);
    expect(targetStatus(target, { breaker: CLOSED, queuePaused: false, pause: { by: 'x', reason: 'y', at: 'z' }, counts, now }).paused).toBeNull();
  });

  it('shows a Retry-After only while it lasts', () => {
    expect(targetStatus(target, { breaker: { ...CLOSED, failures: 1, holdUntil: now + 2_000 }, queuePaused: false, counts, now }).breaker.retryAfterUntil).toBe('2026-11-23T03:00:02.000Z');
    expect(targetStatus(target, { breaker: { ...CLOSED, failures: 1, holdUntil: now - 1 }, queuePaused: false, counts, now }).breaker.retryAfterUntil).toBeNull();
  });
});
