import type { RetryPolicy } from '@hub/config';

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of
 * many jobs that failed together (a target outage) spread out instead of arriving in waves.
 * `attemptsMade` counts failed attempts so far (1 after the first failure).
 */
export function backoffDelay(attemptsMade: number, policy: Pick<RetryPolicy, 'backoffMs' | 'maxBackoffMs'>, random: () => number = Math.random): number {
  const exp = policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1);
  const cap = Math.min(policy.maxBackoffMs, exp);
  return Math.round(cap / 2 + random() * (cap / 2));
}

export const HUB_BACKOFF = 'hub-exponential-jitter';
