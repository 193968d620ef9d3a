import { AttemptRow, DeliveryLedger } from '@hub/ledger';

/**
 * Writes the worker's attempt rows to the ledger, folding the rows of jobs that finish while a write
 * is in flight into the next one (group commit): with many targets and concurrent jobs this is one
 * statement per round trip instead of one per job. Each caller still waits for its own row.
 */
export class AttemptRecorder {
  private pending: { row: AttemptRow; done: (err?: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly ledger: Pick<DeliveryLedger, 'recordAttempts'>) {}

  record(row: AttemptRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.ledger.recordAttempts(batch.map((p) => p.row));
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
    this.writing = false;
  }
}
