import { DeliveryErrorCode } from './delivery-error-code';

/**
 * The target may accept the same delivery later (down, 5xx, 429, timeout): retry with backoff.
 * `retryAfterMs` is what the target asked for (Retry-After on 429 and 503): the worker holds the
 * target's queue that long instead of spending an attempt.
 */
export class TransientDeliveryError extends Error {
  readonly transient = true;
  constructor(readonly code: DeliveryErrorCode, message: string, readonly status?: number, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}
