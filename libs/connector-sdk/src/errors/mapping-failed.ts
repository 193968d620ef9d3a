import { DeliveryErrorCode } from './delivery-error-code';
import { PermanentDeliveryError } from './permanent-delivery.error';

/**
 * A fact the system cannot represent: a permanent failure (dead-lettered at once, never retried)
 * with the reason, naming the canonical field at fault by its JSON Pointer (`/data/amount/currency`)
 * so dead letters of one cause group together. What every target mapper throws when it cannot map.
 */
export function mappingFailed(message: string, field?: string): PermanentDeliveryError {
  return new PermanentDeliveryError(DeliveryErrorCode.MappingFailed, message, undefined, field);
}
