import type { BreakerPolicy, RateLimit, RetryPolicy, TargetConfig } from '@hub/config';
import { BreakerPhase, BreakerState, openSeconds, PauseInfo } from '@hub/delivery';

/** A target as ops see it: paused or not and by whom, its breaker, its queue, its settings. */
export interface TargetStatus {
  id: string;
  tenant: string;
  connector: string;
  /** What it is doing: `paused` by ops, or its breaker's state (`closed`: delivering). */
  state: 'paused' | BreakerPhase;
  paused: { by: string; reason: string; since: string } | null;
  breaker: {
    state: BreakerPhase;
    /** Transient failures in a row (failed probes included). */
    consecutiveFailures: number;
    openedAt: string | null;
    /** Time in open (or half-open), in seconds; 0 when closed. */
    openSeconds: number;
    nextProbeAt: string | null;
    probeIntervalMs: number | null;
    probing: boolean;
    /** The target's Retry-After: nothing goes before this time. */
    retryAfterUntil: string | null;
    lastFailure: { reason: string; status?: number; at: string } | null;
    lastOpenedAt: string | null;
    lastClosedAt: string | null;
  };
  /** Deliveries waiting (paused ones included), being delivered, waiting for a retry, and failed jobs (dead letters BullMQ still keeps). */
  queue: { waiting: number; active: number; delayed: number; failed: number };
  settings: { breaker: BreakerPolicy; retry: RetryPolicy; rateLimit: RateLimit | null; concurrency: number; timeoutMs: number };
}

export interface TargetFacts {
  breaker: BreakerState;
  /** BullMQ's own flag, the one the workers obey. */
  queuePaused: boolean;
  /** Who paused it, as recorded when it was paused through the hub. */
  pause?: PauseInfo;
  counts: Record<string, number>;
  now: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function targetStatus(t: TargetConfig, f: TargetFacts): TargetStatus {
  const b = f.breaker;
  const future = (ms: number | undefined) => (ms !== undefined && ms > f.now ? iso(ms) : null);
  const paused = f.queuePaused ? { by: f.pause?.by ?? 'unknown (paused outside the hub)', reason: f.pause?.reason ?? '', since: f.pause?.at ?? '' } : null;
  return {
    id: t.id,
    tenant: t.tenant,
    connector: t.connector,
    state: paused ? 'paused' : b.state,
    paused,
    breaker: {
      state: b.state,
      consecutiveFailures: b.failures,
      openedAt: b.state === 'closed' ? null : iso(b.openedAt),
      openSeconds: Math.round(openSeconds(b, f.now)),
      nextProbeAt: b.state === 'open' ? iso(Math.max(b.probeAt ?? f.now, f.now)) : null,
      probeIntervalMs: b.state === 'closed' ? null : (b.probeMs ?? null),
      probing: b.state === 'half-open',
      retryAfterUntil: future(b.holdUntil),
      lastFailure: b.lastFailure ? { reason: b.lastFailure.code, ...(b.lastFailure.status !== undefined ? { status: b.lastFailure.status } : {}), at: iso(b.lastFailure.at)! } : null,
      lastOpenedAt: b.state === 'closed' ? iso(b.lastOpenedAt) : iso(b.openedAt),
      lastClosedAt: iso(b.closedAt),
    },
    queue: {
      waiting: (f.counts.waiting ?? 0) + (f.counts.prioritized ?? 0),
      active: f.counts.active ?? 0,
      delayed: f.counts.delayed ?? 0,
      failed: f.counts.failed ?? 0,
    },
    settings: { breaker: t.breaker, retry: t.retry, rateLimit: t.rateLimit ?? null, concurrency: t.concurrency, timeoutMs: t.timeoutMs },
  };
}
