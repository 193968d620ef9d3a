// Money as systems write it and as the canonical model holds it. Canonical amounts are integer
// minor units with their currency; systems write pounds and pence as text ("1234.50"). Converting
// goes through integers only, never floating point.
import { mappingFailed } from './errors/mapping-failed';

/** A canonical amount: integer minor units (pence) and the ISO 4217 currency. */
export interface Money {
  amountMinor: number;
  currency: string;
}

/** Pounds-and-pence text ("1234.5", "-12.00") → integer pence, without floating-point rounding. */
export function penceOf(amount: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount: "${amount}"`);
  const pence = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -pence : pence;
}

/** Like penceOf, for systems that never send a negative amount: a sign is refused as not an amount. */
export function unsignedPenceOf(amount: string): number {
  if (amount.trim().startsWith('-')) throw new Error(`not an amount: "${amount}"`);
  return penceOf(amount);
}

/** Integer pence → "1234.50" (what ledgers and bureaux want in their files). */
export function poundsOf(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The amount of `money` in minor units, for a system that holds one currency only: any other is
 * a mapping failure naming `<field>/currency` (`system` says who, e.g. "the ledger books").
 */
export function minorUnitsIn(money: Money, currency: string, field: string, system: string): number {
  if (money.currency !== currency) throw mappingFailed(`${system} ${currency} only, ${field} is in ${money.currency}`, `${field}/currency`);
  return money.amountMinor;
}
