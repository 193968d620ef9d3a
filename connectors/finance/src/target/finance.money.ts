import { minorUnitsIn, Money } from '@hub/connector-sdk';

export { mappingFailed, type Money } from '@hub/connector-sdk';

/** The ledger books every force in GBP only: any other currency cannot be posted. */
export function penceInGbp(money: Money, field: string): number {
  return minorUnitsIn(money, 'GBP', field, 'the ledger books');
}
