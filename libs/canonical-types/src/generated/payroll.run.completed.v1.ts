// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A payroll run of one force is finalised (locked): payslips are issued and the BACS file is released. Emitted by the payroll system once per run (main or supplementary); finance posts the pay journal from it, HR reconciles headcount. effectiveFrom is the pay date. Totals only: no person-level figures.
 */
export interface PayrollRunCompletedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  runId: string;
  runType: "main" | "supplementary" | "off-cycle";
  payPeriod: PayPeriod;
  /**
   * An instant with its UTC offset (RFC 3339), e.g. 2026-12-14T22:40:00Z.
   */
  completedAt?: string;
  counts: {
    payslips: number;
    officers?: number;
    staff?: number;
    leavers?: number;
    starters?: number;
  };
  totals: {
    gross: MoneyNonNegative;
    deductions: MoneyNonNegative;
    net: MoneyNonNegative;
    employerNationalInsurance?: MoneyNonNegative;
    employerPension?: MoneyNonNegative;
  };
  /**
   * The pay date.
   */
  effectiveFrom: string;
  corrects?: Correction;
}
/**
 * A payroll period: the tax year (6 April to 5 April), the period number within it (month 1 = April for monthly pay) and its first and last days.
 */
export interface PayPeriod {
  taxYear: string;
  frequency?: "weekly" | "fortnightly" | "four-weekly" | "monthly";
  number: number;
  from: string;
  to: string;
}
/**
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
