import type { BreakerPolicy } from '@hub/config';

// A target's circuit breaker as a pure state machine: every function takes the state and the time
// and answers the next state and a decision. TargetStateStore applies them atomically in Redis,
// so every worker process of a target shares one breaker.

export type BreakerPhase = 'closed' | 'open' | 'half-open';

export interface BreakerState {
  state: BreakerPhase;
  /** Transient failures in a row, across jobs and worker processes (failed probes included). */
  failures: number;
  /** When it opened (kept while open and half-open). */
  openedAt?: number;
  /** The wait before the next probe: `probeMs` at first, doubled after each failed probe, up to `maxProbeMs`. */
  probeMs?: number;
  /** Open: the next probe may go at or after this time. */
  probeAt?: number;
  /** Half-open: the job probing, and until when; a probe that never reports (its worker died) is given up then. */
  probe?: { jobId: string; until: number };
  /** The target's Retry-After: nothing is sent before this time, whatever the state. */
  holdUntil?: number;
  lastFailure?: { code: string; status?: number; at: number };
  /** When it last closed after being open, and when that spell had begun. */
  closedAt?: number;
  lastOpenedAt?: number;
}

export const CLOSED: BreakerState = Object.freeze({ state: 'closed', failures: 0 }) as BreakerState;

export type HoldReason = 'breaker-open' | 'retry-after';

/** A job that may not call its target now: the queue waits `ms`, and the job goes back without spending an attempt. */
export interface Hold {
  ms: number;
  reason: HoldReason;
  /** The job was the probe: it goes behind the others, so one bad delivery cannot be the probe forever. */
  rotate: boolean;
}

export type Admission = { pass: true; probe: boolean } | { pass: false; hold: Hold };

/** What one delivery attempt showed about its target. */
export type Evidence =
  /** The target answered: delivered, or refused the delivery itself (a 4xx verdict). */
  | { kind: 'up' }
  /** Connection refused, timeout, 5xx, 429, an import that failed. */
  | { kind: 'down'; code: string; status?: number; retryAfterMs?: number }
  /** Nothing learnt about the target (a mapping failure before any call). */
  | { kind: 'none' };

/** A transition: the next state (the same object when nothing changed) and what it means for the job. */
export interface Step<R> {
  next: BreakerState;
  result: R;
}

/** While a probe is out, the others look again this often, so they follow soon after it succeeds. */
export const HALF_OPEN_RECHECK_MS = 1_000;

const hold = (ms: number, reason: HoldReason, rotate = false): Hold => ({ ms: Math.max(1, Math.ceil(ms)), reason, rotate });

/** How long a job must wait in state `s`, if at all. */
function waitIn(s: BreakerState, now: number, rotate: boolean): Hold | undefined {
  const retryAfter = s.holdUntil !== undefined && s.holdUntil > now ? s.holdUntil - now : 0;
  if (s.state === 'open') return hold(Math.max((s.probeAt ?? now) - now, retryAfter), 'breaker-open', rotate);
  if (s.state === 'half-open') return hold(Math.max(Math.min((s.probe?.until ?? now) - now, HALF_OPEN_RECHECK_MS), retryAfter), 'breaker-open', rotate);
  return retryAfter > 0 ? hold(retryAfter, 'retry-after', rotate) : undefined;
}

/**
 * May `jobId` call the target now? Closed: yes. Open: not before the next probe time; at or after
 * it, this job becomes the one probe (half-open) with a lease of `leaseMs`. Half-open: only the
 * probe. A Retry-After in force holds everyone.
 */
export function admit(s: BreakerState, now: number, jobId: string, leaseMs: number): Step<Admission> {
  if (s.holdUntil !== undefined && s.holdUntil > now) return { next: s, result: { pass: false, hold: waitIn(s, now, false)! } };
  if (s.state === 'closed') return { next: s, result: { pass: true, probe: false } };
  const probing = s.state === 'half-open' && s.probe !== undefined && s.probe.until > now;
  // A probe job run again (its worker stopped mid-call, the job stalled back) keeps its own lease.
  if (probing && s.probe!.jobId === jobId) return { next: s, result: { pass: true, probe: true } };
  if (probing || (s.state === 'open' && (s.probeAt ?? now) > now)) return { next: s, result: { pass: false, hold: waitIn(s, now, false)! } };
  const next: BreakerState = { ...s, state: 'half-open', probe: { jobId, until: now + leaseMs } };
  delete next.probeAt;
  return { next, result: { pass: true, probe: true } };
}

/**
 * What an attempt of `jobId` showed. A target that answered closes the breaker; a transient failure
 * counts towards opening it (or, for the probe, reopens it with twice the interval); a Retry-After
 * holds every delivery that long, capped at `maxProbeMs`. Answers the hold for this job, if any:
 * a failure is held (no attempt spent) when the breaker is open or a Retry-After is in force, and
 * otherwise retried with backoff as before.
 */
export function record(s: BreakerState, now: number, policy: BreakerPolicy, jobId: string, evidence: Evidence): Step<Hold | undefined> {
  const ours = s.state === 'half-open' && s.probe?.jobId === jobId;
  if (evidence.kind === 'up') {
    if (s.state === 'closed' && s.failures === 0) return { next: s, result: undefined };
    const next: BreakerState = { state: 'closed', failures: 0 };
    if (s.lastFailure) next.lastFailure = s.lastFailure;
    if (s.holdUntil !== undefined && s.holdUntil > now) next.holdUntil = s.holdUntil;
    if (s.state !== 'closed') Object.assign(next, { closedAt: now, lastOpenedAt: s.openedAt });
    else if (s.closedAt !== undefined) Object.assign(next, { closedAt: s.closedAt, lastOpenedAt: s.lastOpenedAt });
    return { next, result: undefined };
  }
  if (evidence.kind === 'none') {
    if (!ours) return { next: s, result: undefined };
    // The probe taught nothing: let the next delivery probe at once.
    const next: BreakerState = { ...s, state: 'open', probeAt: now };
    delete next.probe;
    return { next, result: undefined };
  }
  const retryUntil = evidence.retryAfterMs !== undefined ? now + Math.min(Math.max(0, evidence.retryAfterMs), policy.maxProbeMs) : 0;
  const holdUntil = Math.max(s.holdUntil !== undefined && s.holdUntil > now ? s.holdUntil : 0, retryUntil);
  const next: BreakerState = { ...s, failures: s.failures + 1, lastFailure: { code: evidence.code, ...(evidence.status !== undefined ? { status: evidence.status } : {}), at: now } };
  if (holdUntil > now) next.holdUntil = holdUntil;
  else delete next.holdUntil;
  if (s.state === 'closed' && next.failures >= policy.failures) {
    Object.assign(next, { state: 'open', openedAt: now, probeMs: policy.probeMs, probeAt: Math.max(now + policy.probeMs, holdUntil) });
  } else if (s.state === 'open') {
    next.probeAt = Math.max(s.probeAt ?? now, holdUntil);
  } else if (ours) {
    const probeMs = Math.min((s.probeMs ?? policy.probeMs) * 2, policy.maxProbeMs);
    Object.assign(next, { state: 'open', probeMs, probeAt: Math.max(now + probeMs, holdUntil) });
    delete next.probe;
  }
  return { next, result: waitIn(next, now, ours) };
}

/** Seconds the breaker has been open (or half-open) at `now`; 0 when closed. */
export function openSeconds(s: BreakerState, now: number): number {
  return s.state === 'closed' || s.openedAt === undefined ? 0 : Math.max(0, (now - s.openedAt) / 1000);
}

/** The breaker's state as a number, for the gauge: 0 closed, 1 half-open, 2 open. */
export const BREAKER_GAUGE: Record<BreakerPhase, number> = { closed: 0, 'half-open': 1, open: 2 };
