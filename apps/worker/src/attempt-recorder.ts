import { AttemptRow, DeliveryLedger, Lane, ReleasedDelivery } from '@hub/ledger';

/** Statements in flight at once: each commit waits for its WAL flush, so one at a time would leave the pool idle. */
export const ATTEMPT_WRITES_IN_FLIGHT = 4;

/**
 * Writes the worker's attempt rows to the ledger as group commits: the rows of every job that
 * finishes in one turn of the event loop go in one statement, up to `maxInFlight` statements run
 * side by side, and rows that arrive while all are busy fold into the next. Each caller still waits
 * for its own row. (One statement at a time made a job wait 1.5 commits on average, a third of its
 * time at 16 jobs in flight: bench/, hub_ledger_write_duration_seconds.)
 *
 * A write may finish deliveries of ordered targets, whose lanes' next deliveries (the same
 * subject's, held) are then released, in a transaction of its own after the write committed, and
 * handed to `onReleased`. The callers hear of their rows as soon as the write committed, before the
 * release: a job waits for its own row, not for the next one's release (four more round trips),
 * (BENCHMARKS.md, "Order per subject: what it costs"). The release
 * has slots of its own (`maxInFlight` more). If it fails, or the process dies first, the ledger holds the next
 * deliveries and the sweeper releases them (stuckLanes); if the hand-over fails the ledger says
 * queued, and the sweeper enqueues them.
 */
export class AttemptRecorder {
  private pending: { row: AttemptRow; done: (err?: unknown) => void }[] = [];
  private inFlight = 0;
  private toRelease: Lane[] = [];
  private releasing = 0;
  private scheduled = false;

  constructor(
    private readonly ledger: Pick<DeliveryLedger, 'recordAttemptRows' | 'releaseLanes'>,
    private readonly maxInFlight = ATTEMPT_WRITES_IN_FLIGHT,
    private readonly onReleased: (released: ReleasedDelivery[]) => Promise<void> = async () => undefined,
  ) {}

  record(row: AttemptRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.write();
    });
  }

  private async write(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.inFlight++;
    let done: Lane[] = [];
    try {
      done = await this.ledger.recordAttemptRows(batch.map((p) => p.row));
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.done(err);
    } finally {
      this.inFlight--;
      this.schedule();
    }
    if (done.length) await this.release(done);
  }

  /**
   * Releases finished lanes, at most `maxInFlight` transactions at once beside the writes (their
   * own slots: a release waiting for a lane lock must not keep the next rows from being written);
   * lanes that come while all are busy fold into the next release.
   */
  private async release(lanes: Lane[]): Promise<void> {
    this.toRelease.push(...lanes);
    if (this.releasing >= this.maxInFlight) return;
    this.releasing++;
    try {
      while (this.toRelease.length) {
        const next = this.toRelease;
        this.toRelease = [];
        // The rows are recorded whatever happens to the release and the hand-over (the sweeper finds what they missed).
        const released = await this.ledger.releaseLanes(next).catch(() => []);
        if (released.length) await this.onReleased(released).catch(() => undefined);
      }
    } finally {
      this.releasing--;
    }
  }
}
