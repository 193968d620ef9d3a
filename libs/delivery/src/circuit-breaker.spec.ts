import { admit, BreakerState, CLOSED, Evidence, HALF_OPEN_RECHECK_MS, openSeconds, record } from './circuit-breaker';

const policy = { failures: 3, probeMs: 1_000, maxProbeMs: 5_000 };
const LEASE = 2_500;
const down: Evidence = { kind: 'down', code: 'target-unreachable' };
const up: Evidence = { kind: 'up' };

/** Drives the machine as the worker does, with a clock the test moves. */
function breaker(start: BreakerState = CLOSED) {
  let s = start;
  let now = 1_000_000;
  return {
    get state() {
      return s;
    },
    get now() {
      return now;
    },
    tick(ms: number) {
      now += ms;
    },
    admit(jobId: string) {
      const step = admit(s, now, jobId, LEASE);
      s = step.next;
      return step.result;
    },
    record(jobId: string, e: Evidence) {
      const step = record(s, now, policy, jobId, e);
      s = step.next;
      return step.result;
    },
  };
}

/** Opens the breaker with `policy.failures` failures of different jobs. */
function opened() {
  const b = breaker();
  for (let i = 1; i <= policy.failures; i++) {
    expect(b.admit(`j${i}`)).toEqual({ pass: true, probe: false });
    b.record(`j${i}`, down);
  }
  return b;
}

describe('circuit breaker', () => {
  it('lets everything through while closed, and spends attempts on failures below the threshold', () => {
    const b = breaker();
    expect(b.admit('a')).toEqual({ pass: true, probe: false });
    expect(b.record('a', down)).toBeUndefined();
    expect(b.record('b', down)).toBeUndefined();
    expect(b.state).toMatchObject({ state: 'closed', failures: 2, lastFailure: { code: 'target-unreachable', at: b.now } });
  });

  it('counts only failures in a row: a success in between starts again', () => {
    const b = breaker();
    b.record('a', down);
    b.record('b', down);
    b.record('c', up);
    expect(b.state).toMatchObject({ state: 'closed', failures: 0 });
    b.record('d', down);
    b.record('e', down);
    expect(b.state.state).toBe('closed');
  });

  it('changes nothing on a success while all is well (no write on the hot path)', () => {
    const s = CLOSED;
    expect(record(s, 5, policy, 'a', up).next).toBe(s);
    expect(admit(s, 5, 'a', LEASE).next).toBe(s);
  });

  it('opens at the threshold and holds the failing job until the first probe, without spending its attempt', () => {
    const b = breaker();
    b.record('a', down);
    b.record('b', down);
    const held = b.record('c', down);
    expect(b.state).toMatchObject({ state: 'open', failures: 3, openedAt: b.now, probeMs: 1_000, probeAt: b.now + 1_000 });
    expect(held).toEqual({ ms: 1_000, reason: 'breaker-open', rotate: false });
  });

  it('holds every delivery while open, and lets exactly one probe go once the interval is up', () => {
    const b = opened();
    b.tick(400);
    expect(b.admit('x')).toEqual({ pass: false, hold: { ms: 600, reason: 'breaker-open', rotate: false } });
    b.tick(600);
    expect(b.admit('probe')).toEqual({ pass: true, probe: true });
    expect(b.state).toMatchObject({ state: 'half-open', probe: { jobId: 'probe', until: b.now + LEASE } });
    // Everyone else waits for the probe, looking again soon.
    expect(b.admit('y')).toEqual({ pass: false, hold: { ms: HALF_OPEN_RECHECK_MS, reason: 'breaker-open', rotate: false } });
    b.tick(2_000);
    expect(b.admit('z')).toEqual({ pass: false, hold: { ms: 500, reason: 'breaker-open', rotate: false } });
  });

  it('reopens after a failed probe with twice the interval, capped, and moves the probe job behind the others', () => {
    const b = opened();
    const intervals: number[] = [];
    for (let i = 0; i < 5; i++) {
      b.tick(b.state.probeAt! - b.now);
      expect(b.admit(`p${i}`)).toEqual({ pass: true, probe: true });
      const held = b.record(`p${i}`, down);
      expect(held).toMatchObject({ reason: 'breaker-open', rotate: true });
      intervals.push(held!.ms);
    }
    expect(intervals).toEqual([2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(b.state).toMatchObject({ state: 'open', failures: 8 });
  });

  it('closes on the first success of the probe and lets everything through again', () => {
    const b = opened();
    const openedAt = b.state.openedAt;
    b.tick(1_000);
    b.admit('probe');
    b.tick(30);
    expect(b.record('probe', up)).toBeUndefined();
    expect(b.state).toEqual({ state: 'closed', failures: 0, lastFailure: expect.any(Object), closedAt: b.now, lastOpenedAt: openedAt });
    expect(b.admit('next')).toEqual({ pass: true, probe: false });
  });

  it('closes on any answer from the target, a 4xx verdict included, but learns nothing from a mapping failure', () => {
    const b = opened();
    b.tick(1_000);
    b.admit('probe');
    // The probe could not even be mapped: the next delivery may probe at once.
    expect(b.record('probe', { kind: 'none' })).toBeUndefined();
    expect(b.state).toMatchObject({ state: 'open', probeAt: b.now });
    expect(b.admit('next')).toEqual({ pass: true, probe: true });
    b.record('next', up);
    expect(b.state.state).toBe('closed');
  });

  it('ignores the outcome of a straggler while another job probes, but holds it', () => {
    const b = opened();
    b.tick(1_000);
    b.admit('probe');
    expect(b.record('straggler', down)).toEqual({ ms: HALF_OPEN_RECHECK_MS, reason: 'breaker-open', rotate: false });
    expect(b.state).toMatchObject({ state: 'half-open', probe: { jobId: 'probe' } });
    expect(b.record('straggler', { kind: 'none' })).toBeUndefined();
    expect(b.state.state).toBe('half-open');
  });

  it('gives up a probe that never reports once its lease is over, and lets another job probe', () => {
    const b = opened();
    b.tick(1_000);
    b.admit('lost');
    b.tick(LEASE);
    expect(b.admit('other')).toEqual({ pass: true, probe: true });
    expect(b.state.probe).toEqual({ jobId: 'other', until: b.now + LEASE });
    // The lost probe, when it does report, is a straggler.
    b.record('lost', down);
    expect(b.state).toMatchObject({ state: 'half-open', probe: { jobId: 'other' } });
  });

  it('lets the probe job itself run again under its lease (its worker stopped mid-call)', () => {
    const b = opened();
    b.tick(1_000);
    b.admit('probe');
    b.tick(100);
    expect(b.admit('probe')).toEqual({ pass: true, probe: true });
  });

  it("honours Retry-After: every delivery waits that long without spending an attempt, the breaker's count goes on", () => {
    const b = breaker();
    const held = b.record('a', { kind: 'down', code: 'target-unavailable', status: 429, retryAfterMs: 2_000 });
    expect(held).toEqual({ ms: 2_000, reason: 'retry-after', rotate: false });
    expect(b.state).toMatchObject({ state: 'closed', failures: 1, holdUntil: b.now + 2_000, lastFailure: { status: 429 } });
    b.tick(1_500);
    expect(b.admit('b')).toEqual({ pass: false, hold: { ms: 500, reason: 'retry-after', rotate: false } });
    b.tick(500);
    expect(b.admit('a')).toEqual({ pass: true, probe: false });
  });

  it('caps a Retry-After at maxProbeMs', () => {
    const b = breaker();
    expect(b.record('a', { kind: 'down', code: 'target-unavailable', status: 503, retryAfterMs: 86_400_000 })).toMatchObject({ ms: policy.maxProbeMs });
  });

  it('does not probe before a Retry-After is over, even when the interval is', () => {
    const b = opened();
    b.tick(1_000);
    b.admit('probe');
    const held = b.record('probe', { kind: 'down', code: 'target-unavailable', status: 503, retryAfterMs: 4_500 });
    // Twice the interval would be 2 s; the target asked for 4.5 s.
    expect(held).toEqual({ ms: 4_500, reason: 'breaker-open', rotate: true });
    b.tick(2_000);
    expect(b.admit('x')).toMatchObject({ pass: false, hold: { ms: 2_500 } });
  });

  it('says how long it has been open', () => {
    const b = opened();
    expect(openSeconds(b.state, b.now)).toBe(0);
    b.tick(90_000);
    expect(openSeconds(b.state, b.now)).toBe(90);
    expect(openSeconds(CLOSED, b.now)).toBe(0);
  });
});
