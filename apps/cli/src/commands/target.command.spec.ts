import { describeTarget } from './target.command';

const base = {
  id: 'payroll-fen', tenant: 'fen', connector: 'payroll', state: 'open', paused: null,
  breaker: {
    state: 'open', consecutiveFailures: 14, openedAt: '2026-11-23T02:18:35.000Z', openSeconds: 750, nextProbeAt: '2026-11-23T02:31:05.000Z', probeIntervalMs: 160_000,
    retryAfterUntil: null, lastFailure: { reason: 'target-unreachable', at: '2026-11-23T02:28:25.000Z' }, lastOpenedAt: '2026-11-23T02:18:35.000Z', lastClosedAt: null,
  },
  queue: { waiting: 212, active: 0, delayed: 3, failed: 0 },
  settings: { breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 }, retry: { attempts: 6, backoffMs: 1_000, maxBackoffMs: 60_000 }, rateLimit: null },
};

describe('describeTarget', () => {
  it('tells an open breaker: since when, how long, what failed, when it probes next', () => {
    expect(describeTarget(base).split('\n')).toEqual([
      'payroll-fen (fen, payroll): breaker open for 12m 30s',
      '  breaker:   open since 2026-11-23 02:18:35Z, 14 failures in a row, next probe 2026-11-23 02:31:05Z (interval 2m 40s)',
      '  last failure: target-unreachable at 2026-11-23 02:28:25Z',
      '  queue:     212 waiting, 0 active, 3 waiting for a retry, 0 failed',
      '  settings:  opens after 5 failures in a row, probes every 5s doubling to 5m 00s; 6 attempts, backoff 1s to 1m 00s; no rate limit',
    ]);
  });

  it('puts who paused it and why first', () => {
    const paused = { ...base, state: 'paused', paused: { by: 'fen-operator', reason: 'bureau maintenance CHG-2291', since: '2026-11-23T01:00:00.000Z' } };
    expect(describeTarget(paused).split('\n')[0]).toBe('payroll-fen (fen, payroll): paused by fen-operator since 2026-11-23 01:00:00Z: bureau maintenance CHG-2291');
  });

  it('says a healthy target is delivering, with its last open spell', () => {
    const closed = { ...base, state: 'closed', breaker: { ...base.breaker, state: 'closed', consecutiveFailures: 0, openedAt: null, openSeconds: 0, nextProbeAt: null, lastClosedAt: '2026-11-23T05:40:00.000Z' } };
    const lines = describeTarget(closed).split('\n');
    expect(lines[0]).toBe('payroll-fen (fen, payroll): delivering');
    expect(lines[1]).toBe('  breaker:   closed; 0 failure(s) in a row; last open from 2026-11-23 02:18:35Z to 2026-11-23 05:40:00Z');
  });
});
