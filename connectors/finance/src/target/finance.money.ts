import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';

export interface Money {
  amountMinor: number;
  currency: string;
}

/** A fact the ledger cannot hold: dead-lettered at once, naming the field at fault. */
export function mappingFailed(message: string, field: string): PermanentDeliveryError {
  return new PermanentDeliveryError(DeliveryErrorCode.MappingFailed, message, undefined, field);
}

/** The ledger books every force in GBP only: any other currency cannot be posted. */
export function penceInGbp(money: Money, field: string): number {
  if (money.currency !== 'GBP') throw mappingFailed(`the ledger books GBP only, ${field} is in ${money.currency}`, `${field}/currency`);
  return money.amountMinor;
}

