import { LedgerRetentionService } from './ledger-retention.service';

describe('LedgerRetentionService', () => {
  const now = Date.UTC(2026, 10, 23);
  const logger = { info: jest.fn(), error: jest.fn() };
  /** The job lock as a replica finds it: free (the work runs) or held by another replica (it does not). */
  const lock = (free = true) => jest.fn(async (_: string, work: (held: AbortSignal) => Promise<void>) => (free ? (await work(new AbortController().signal), true) : false));

  it("forgets settled events, quarantined messages and parallel-run comparisons' values and file control totals older than the retention, counted back from now", async () => {
    const ledger = { exclusively: lock(), prune: jest.fn(async () => ({ events: 3, deliveries: 5 })), pruneQuarantine: jest.fn(async () => 2), forgetComparisonValues: jest.fn(async () => 4), pruneFileTotals: jest.fn(async () => 6) };
    const sut = new LedgerRetentionService(ledger, { ledgerRetentionDays: 90 }, logger);
    sut.now = () => now;
    expect(await sut.pruneOnce()).toEqual({ events: 3, deliveries: 5, quarantined: 2, comparisonValues: 4, fileTotals: 6 });
    expect(ledger.prune).toHaveBeenCalledWith(new Date(now - 90 * 24 * 3_600_000));
    expect(ledger.pruneQuarantine).toHaveBeenCalledWith(new Date(now - 90 * 24 * 3_600_000));
    expect(ledger.forgetComparisonValues).toHaveBeenCalledWith(new Date(now - 90 * 24 * 3_600_000));
    expect(ledger.pruneFileTotals).toHaveBeenCalledWith(new Date(now - 90 * 24 * 3_600_000));
    expect(ledger.exclusively).toHaveBeenCalledWith('ledger-retention', expect.any(Function));
  });

  it('prunes nothing while another replica holds the retention lock', async () => {
    const ledger = { exclusively: lock(false), prune: jest.fn(), pruneQuarantine: jest.fn(), forgetComparisonValues: jest.fn(), pruneFileTotals: jest.fn() };
    const sut = new LedgerRetentionService(ledger, { ledgerRetentionDays: 90 }, logger);
    expect(await sut.pruneOnce()).toBeUndefined();
    expect(ledger.prune).not.toHaveBeenCalled();
  });

  it('keeps everything when retention is 0', async () => {
    const ledger = { exclusively: lock(), prune: jest.fn(), pruneQuarantine: jest.fn(), forgetComparisonValues: jest.fn(), pruneFileTotals: jest.fn() };
    const sut = new LedgerRetentionService(ledger, { ledgerRetentionDays: 0 }, logger);
    sut.now = () => now;
    expect(await sut.pruneOnce()).toBeUndefined();
    sut.onApplicationBootstrap();
    await sut.onModuleDestroy();
    expect(ledger.exclusively).not.toHaveBeenCalled();
    expect(ledger.prune).not.toHaveBeenCalled();
  });

  it('logs a failed prune and lets the next hour try again', async () => {
    const ledger = { exclusively: lock(), prune: jest.fn(async () => Promise.reject(new Error('ECONNREFUSED'))), pruneQuarantine: jest.fn(), forgetComparisonValues: jest.fn(), pruneFileTotals: jest.fn() };
    const sut = new LedgerRetentionService(ledger, { ledgerRetentionDays: 30 }, logger);
    sut.now = () => now;
    expect(await sut.pruneOnce()).toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), expect.stringContaining('pruning failed'));
  });
});
