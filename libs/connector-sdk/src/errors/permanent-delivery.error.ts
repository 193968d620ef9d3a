import { DeliveryErrorCode } from './delivery-error-code';

/** Retrying cannot help (4xx, a mapping that cannot succeed): dead-letter at once with the reason. */
export class PermanentDeliveryError extends Error {
  readonly transient = false;
  constructor(readonly code: DeliveryErrorCode, message: string, readonly status?: number, readonly field?: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
