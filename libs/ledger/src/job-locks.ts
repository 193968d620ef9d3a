import type { Pool, PoolClient } from 'pg';

/** Work done under a job lock; `held` aborts if the lock is lost while it runs (see JobLocks). */
export type LockedWork = (held: AbortSignal) => Promise<void>;

/**
 * One job at a time across every replica: the lock a periodic job (the sweeper, the parallel-run
 * comparer, retention pruning, one backfill) takes for each of its runs. The contract:
 * - **Per name, per ledger schema.** `exclusively(name, work)` runs `work` only if no session
 *   anywhere holds the lock `<schema>:<name>`, and answers whether it ran. It never waits for the
 *   lock: a replica that finds it taken skips this run and tries again at its next interval.
 * - **Held by a session, for the run.** The lock is a PostgreSQL session advisory lock
 *   (`pg_try_advisory_lock`) on a connection checked out for the run alone and unlocked when the
 *   run ends, however it ends (a run that throws has the error passed on, the lock freed).
 * - **A replica that dies frees it.** Its connection closes and PostgreSQL drops the session's
 *   locks with it: no lease to expire, no row to clean up. Another replica takes the job over at its
 *   next try.
 * - **A lost lock is said so.** If the lock's connection fails while `work` runs (PostgreSQL
 *   restarted, the session was terminated, the network went), `held` aborts: another replica may
 *   take the lock from then on, so a long run checks `held.aborted` between pages and stops. A page
 *   already under way may overlap with the next holder's; every job's pages are idempotent.
 * - **Who holds it** is visible in PostgreSQL (pg_locks joined to pg_stat_activity, whose
 *   application_name names the process): docs/operations.md, "Several replicas".
 */
export interface JobLocks {
  exclusively(name: string, work: LockedWork): Promise<boolean>;
}

/** The advisory lock key of a job: hashed to one 64-bit key (the lanes' locks use two-int keys, a separate space). */
export const jobLockKey = (schema: string, name: string): string => `${schema}:${name}`;

/** JobLocks on a pg pool: one connection per run under way. */
export class PgJobLocks implements JobLocks {
  constructor(
    private readonly pool: Pick<Pool, 'connect'>,
    private readonly schema: string,
  ) {}

  async exclusively(name: string, work: LockedWork): Promise<boolean> {
    const key = jobLockKey(this.schema, name);
    const client: PoolClient = await this.pool.connect();
    const held = new AbortController();
    // A connection that may still hold the lock never goes back to the pool: it is closed instead.
    let broken: Error | undefined;
    const lost = (err?: Error) => {
      broken ??= err ?? new Error('the lock connection ended');
      held.abort(broken);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS held', [key]).catch((err: Error) => {
        lost(err);
        throw err;
      });
      if (!rows[0].held) return false;
      try {
        await work(held.signal);
      } finally {
        if (!broken) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((err: Error) => lost(err));
      }
      return true;
    } finally {
      client.off('error', lost);
      client.off('end', lost);
      client.release(broken);
    }
  }
}
