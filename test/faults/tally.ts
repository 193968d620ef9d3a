// What each fault cost, from what the sources were answered, what the targets took and what the
// ledger dead-lettered. Pure: the run collects the records, this counts them.

/** One event the load posted, and what the API answered it, in the end. */
export interface Posted {
  /** Its job ids (= Idempotency-Keys), one per target it is routed to. */
  keys: string[];
  firstPostAt: number;
  /** When a post of it was first answered 202 (a re-post after a failed answer counts). */
  acceptedAt?: number;
}

/** A post answered with anything but 202 (5xx, or no answer at all: `status` 0). */
export interface FailedAnswer {
  at: number;
  status: number;
}

export interface PhaseTimes {
  name: string;
  start: number;
  /** When the fault was injected and when the faulty part was back (started again, answering). */
  inject: number;
  restored: number;
  /** When everything posted before `restored` had been accepted and delivered or dead-lettered (absent: never, within the deadline). */
  drained?: number;
  end: number;
}

export interface Readiness {
  at: number;
  role: string;
  ready: boolean;
}

export interface PhaseTally {
  fault: string;
  posted: number;
  accepted: number;
  /** Non-202 answers to sources, how many, and from the first to the last. */
  failedAnswers: number;
  failedWindowS: number;
  /** From the injection to the first delivery of an event posted after it. */
  resumeS?: number;
  /** From the injection until every delivery accepted before it had arrived or been dead-lettered. */
  recoverS?: number;
  /** From the injection until the backlog had drained. */
  drainedS?: number;
  deliveries: number;
  delivered: number;
  deadLettered: number;
  /** Dead-lettered in the ledger although the target had taken it (its answer never reached the hub). */
  phantom: number;
  /** Accepted, never taken by the target, not dead-lettered either: lost. */
  missing: number;
  /** Taken by the target more than once (same Idempotency-Key), attributed to the phase of the second receipt. */
  doubled: number;
  /** Seconds each role answered /health/ready with anything but 200, from the injection to the phase's end. */
  notReadyS: Record<string, number>;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** What the ledger says of one delivery: when the hub recorded it delivered, or dead-lettered it. */
export interface LedgerView {
  deliveredAt?: number;
  deadLetteredAt?: number;
}

export function tallyPhase(
  phase: PhaseTimes,
  posted: readonly Posted[],
  failed: readonly FailedAnswer[],
  taken: (key: string) => readonly number[] | undefined,
  ledger: (key: string) => LedgerView | undefined,
  readiness: readonly Readiness[],
): PhaseTally {
  const mine = posted.filter((p) => p.firstPostAt >= phase.start && p.firstPostAt < phase.end);
  const accepted = mine.filter((p) => p.acceptedAt !== undefined);
  const fails = failed.filter((f) => f.at >= phase.start && f.at < phase.end);
  let delivered = 0;
  let deadLettered = 0;
  let phantom = 0;
  let missing = 0;
  let resumeAt: number | undefined;
  let recoverAt: number | undefined;
  for (const p of accepted) {
    for (const key of p.keys) {
      const first = taken(key)?.[0];
      const l = ledger(key);
      const dl = l?.deadLetteredAt;
      if (first !== undefined) delivered++;
      if (dl !== undefined) deadLettered++;
      if (first !== undefined && dl !== undefined) phantom++;
      if (first === undefined && dl === undefined) missing++;
      if (p.firstPostAt >= phase.inject && first !== undefined) resumeAt = Math.min(resumeAt ?? Infinity, first);
      // Recovered when the hub itself knows the outcome (the ledger), not when the target took it:
      // a job whose worker died after the target answered is settled only once it ran again.
      if (p.acceptedAt! < phase.inject) {
        const settled = l?.deliveredAt ?? dl;
        if (settled !== undefined) recoverAt = Math.max(recoverAt ?? phase.inject, settled);
      }
    }
  }
  // A double belongs to the fault of the phase that saw the first receipt (the one whose answer the
  // hub did not get or forgot), whenever the second came.
  let doubled = 0;
  for (const p of posted) {
    for (const key of p.keys) {
      const times = taken(key);
      if (times && times.length > 1 && times[0] >= phase.start && times[0] < phase.end) doubled++;
    }
  }
  const notReadyS: Record<string, number> = {};
  const byRole = new Map<string, Readiness[]>();
  for (const r of readiness) if (r.at >= phase.inject && r.at < phase.end) byRole.set(r.role, [...(byRole.get(r.role) ?? []), r]);
  for (const [role, samples] of byRole) {
    let down = 0;
    for (let i = 0; i < samples.length - 1; i++) if (!samples[i].ready) down += samples[i + 1].at - samples[i].at;
    notReadyS[role] = seconds(down);
  }
  return {
    fault: phase.name,
    posted: mine.length,
    accepted: accepted.length,
    failedAnswers: fails.length,
    failedWindowS: fails.length ? seconds(fails[fails.length - 1].at - fails[0].at) : 0,
    ...(resumeAt !== undefined ? { resumeS: seconds(resumeAt - phase.inject) } : {}),
    ...(recoverAt !== undefined ? { recoverS: seconds(recoverAt - phase.inject) } : {}),
    ...(phase.drained !== undefined ? { drainedS: seconds(phase.drained - phase.inject) } : {}),
    deliveries: accepted.reduce((n, p) => n + p.keys.length, 0),
    delivered,
    deadLettered,
    phantom,
    missing,
    doubled,
    notReadyS,
  };
}

/**
 * Is every event posted from `since` to `before` accepted, and each of its deliveries delivered or
 * dead-lettered in the ledger? (A phase waits for its own events: an earlier phase's leftovers are
 * that phase's to report.)
 */
export function settledBefore(before: number, posted: readonly Posted[], settled: (key: string) => boolean, since = 0): boolean {
  for (const p of posted) {
    if (p.firstPostAt >= before || p.firstPostAt < since) continue;
    if (p.acceptedAt === undefined) return false;
    for (const key of p.keys) if (!settled(key)) return false;
  }
  return true;
}
