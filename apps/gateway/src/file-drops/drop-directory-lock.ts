import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import type { Logger } from 'pino';

/** The lock's name in a drop directory (beside inbox/, processed/...): a directory, as proper-lockfile makes it. */
export const DROP_LOCK_NAME = 'gateway.lock';

/**
 * One gateway at a time reads a drop directory. Several gateways may watch the same directories (on
 * one host, or on several over a shared volume); each sweep, a gateway that does not hold a
 * directory's lock tries to take it and, failing, skips the directory. The holder keeps it from
 * sweep to sweep and lets it go when it stops, so another takes over at its next sweep.
 *
 * The lock is proper-lockfile's: an atomic mkdir of `<dir>/gateway.lock`, which works on local
 * disks and network shares alike (NFS included), whose mtime the holder touches every stale/2. A
 * holder that died (SIGKILL, host lost) stops touching it, and after `staleMs` another gateway may
 * take it: that is how long a dead gateway's directories wait. Hosts' clocks must roughly agree
 * (within staleMs/2) for that to be right. A holder that finds it lost the lock (it could not touch
 * it in time, or another took it as stale) is told (`held` turns false) and stops between files;
 * a file it was in the middle of may then be read again by the next holder, whose events the hub
 * takes as duplicates (same source and id) and whose bytes the seen-files store knows.
 */
export class DropDirectoryLock {
  private releaseLock?: () => Promise<void>;

  constructor(
    private readonly dir: string,
    private readonly staleMs: number,
    private readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  /** Whether this gateway holds the directory now. */
  get held(): boolean {
    return this.releaseLock !== undefined;
  }

  /** Holds the lock after this (true), or another gateway does (false). Never waits. */
  async acquire(): Promise<boolean> {
    if (this.releaseLock) return true;
    try {
      this.releaseLock = await lock(this.dir, {
        stale: this.staleMs,
        retries: 0,
        realpath: false,
        lockfilePath: join(this.dir, DROP_LOCK_NAME),
        onCompromised: (err) => {
          this.releaseLock = undefined;
          this.logger.error({ err, dir: this.dir }, 'lost the lock of a drop directory (not touched in time, or taken over as stale): not reading it until it is ours again');
        },
      });
      this.logger.info({ dir: this.dir }, 'drop directory locked: this gateway reads it');
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') this.logger.warn({ err, dir: this.dir }, 'cannot lock the drop directory; trying again at the next sweep');
      return false;
    }
  }

  /** Lets the directory go (at shutdown), so another gateway takes it over at once. */
  async release(): Promise<void> {
    const release = this.releaseLock;
    this.releaseLock = undefined;
    await release?.().catch((err: Error) => this.logger.warn({ err, dir: this.dir }, 'could not release the lock of a drop directory; another gateway takes it once it is stale'));
  }
}
