/** What a replay (or dry run) from the dashboard did, carried in the redirect back to the page. */
export interface ReplayResult {
  tenant: string;
  fingerprint: string;
  dryRun: boolean;
  /** Open dead letters (not already being replayed) that matched. */
  matched: number;
  /** Replayed, or for a dry run: would be replayed. */
  replayed: number;
  skipped: number;
  failed: number;
}

const COUNTS = ['matched', 'replayed', 'skipped', 'failed'] as const;

export function resultQuery(r: ReplayResult): string {
  const q = new URLSearchParams({ tenant: r.tenant, fingerprint: r.fingerprint });
  if (r.dryRun) q.set('dryRun', '1');
  for (const k of COUNTS) q.set(k, String(r[k]));
  return q.toString();
}

/** The page's query back to a result; anything malformed shows no message rather than a wrong one. */
export function readResult(q: Record<string, unknown>): ReplayResult | undefined {
  const { tenant, fingerprint } = q;
  if (typeof tenant !== 'string' || typeof fingerprint !== 'string' || !tenant || !fingerprint) return undefined;
  const counts: Partial<Record<(typeof COUNTS)[number], number>> = {};
  for (const k of COUNTS) {
    const raw = q[k];
    if (typeof raw !== 'string' || !/^\d{1,7}$/.test(raw)) return undefined;
    counts[k] = Number(raw);
  }
  return { tenant, fingerprint, dryRun: q.dryRun === '1', ...(counts as Record<(typeof COUNTS)[number], number>) };
}

/** What a release or discard from the dashboard did, carried in the redirect back to the page. */
export interface QuarantineResult {
  id: string;
  outcome: 'released' | 'discarded' | 'not-released';
}

const OUTCOMES: readonly QuarantineResult['outcome'][] = ['released', 'discarded', 'not-released'];

export function quarantineResultQuery(r: QuarantineResult): string {
  return new URLSearchParams({ quarantine: r.outcome, id: r.id }).toString();
}

export function readQuarantineResult(q: Record<string, unknown>): QuarantineResult | undefined {
  const { quarantine, id } = q;
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id) || !OUTCOMES.includes(quarantine as QuarantineResult['outcome'])) return undefined;
  return { id, outcome: quarantine as QuarantineResult['outcome'] };
}
