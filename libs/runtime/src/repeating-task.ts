/**
 * A background task run now and then every `intervalMs` after the last run ended (never two at
 * once in one process), until stop(). A run that throws is handed to `onError` and the next one is
 * due as usual: a store that is away is waited out, not a reason to stop. The worker's sweeper and
 * parallel-run comparer are two of these.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** True once stop() was called: a long run checks it between pages. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Runs the task at once, then every `intervalMs`; does nothing when `intervalMs` is 0 (off). */
  start(): void {
    if (this.intervalMs > 0) this.schedule(0);
  }

  /** No run starts after this; resolves when the one under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.current = this.run()
        .catch((err) => this.onError(err))
        .finally(() => {
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, ms);
  }
}
