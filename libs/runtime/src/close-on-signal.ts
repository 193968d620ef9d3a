/**
 * What a process's main does on SIGTERM or SIGINT: `close` (the app, then tracing, which exports
 * the spans the app's last work made), then exit. Instead of Nest's enableShutdownHooks, which
 * closes the app but gives nothing after it a turn before it re-raises the signal.
 */
export function closeOnSignal(close: () => Promise<void>, exit: (code: number) => void = (code) => process.exit(code)): void {
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    let code = 0;
    try {
      await close();
    } catch (err) {
      // eslint-disable-next-line no-console
      console.error(err instanceof Error ? err.message : err);
      code = 1;
    }
    exit(code);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
