import type { Logger } from 'pino';

export interface KeepTryingOptions {
  /** First wait after a failure; doubled each time up to `maxMs`. */
  initialMs?: number;
  maxMs?: number;
  /** Stops trying (the last error is thrown) once aborted, e.g. at shutdown. */
  signal?: AbortSignal;
  /** Waits for `ms`; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure (with jitter, so processes
 * that lost a store together do not come back in step), and logs every failure with the wait. For
 * what a role needs before it can work at all (migrations, the first connection to a store): a
 * store that is away at boot makes the role wait for it, not exit.
 */
export async function keepTrying<T>(what: string, attempt: () => Promise<T>, logger: Pick<Logger, 'warn'>, o: KeepTryingOptions = {}): Promise<T> {
  const initial = o.initialMs ?? 500;
  const max = o.maxMs ?? 10_000;
  const sleep = o.sleep ?? sleepFor;
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (err) {
      if (o.signal?.aborted) throw err;
      const cap = Math.min(max, initial * 2 ** failures);
      const wait = Math.round(cap / 2 + Math.random() * (cap / 2));
      logger.warn({ err, failures: failures + 1, retryInMs: wait }, `${what} failed; trying again in ${wait} ms`);
      await sleep(wait);
    }
  }
}
