import { AttemptRow, DeliveryLedger, ReleasedDelivery } from '@hub/ledger';

/** Statements in flight at once: each commit waits for its WAL flush, so one at a time would leave the pool idle. */
export const ATTEMPT_WRITES_IN_FLIGHT = 4;

/**
 * Writes the worker's attempt rows to the ledger as group commits: the rows of every job that
 * finishes in one turn of the event loop go in one statement, up to `maxInFlight` statements run
 * side by side, and rows that arrive while all are busy fold into the next. Each caller still waits
 * for its own row. (One statement at a time made a job wait 1.5 commits on average, a third of its
 * time at 16 jobs in flight: bench/, hub_ledger_write_duration_seconds.)
 *
 * A write may release held deliveries (an ordered target's next ones for the same subject, now
 * that one is delivered); they go to `onReleased` once the write committed, before the callers
 * hear of it. If that hand-over fails the ledger still says queued, and the sweeper enqueues them.
 */
export class AttemptRecorder {
  private pending: { row: AttemptRow; done: (err?: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly ledger: Pick<DeliveryLedger, 'recordAttempts'>,
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
    try {
      const released = await this.ledger.recordAttempts(batch.map((p) => p.row));
      // The rows are recorded whatever happens to the hand-over (the sweeper enqueues what it missed).
      if (released.length) await this.onReleased(released).catch(() => undefined);
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.done(err);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
