import { DeliveryErrorCode } from './delivery-error-code';

/** The target may accept the same delivery later (down, 5xx, 429, timeout): retry with backoff. */
export class TransientDeliveryError extends Error {
  readonly transient = true;
  constructor(readonly code: DeliveryErrorCode, message: string, readonly status?: number) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}
