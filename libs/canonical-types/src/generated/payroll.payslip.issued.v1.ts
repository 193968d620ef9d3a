// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A payslip is issued to one person for one pay period. Emitted by the payroll system for each payslip when its run is finalised (see payroll.run.completed); consumed by HR (self-service and pensionable pay history) and finance (pay cost by cost centre). effectiveFrom is the pay date. Every figure is personal; the deduction lines are special category because a trade-union subscription reveals union membership.
 */
export interface PayrollPayslipIssuedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  payslipId: string;
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  runId: string;
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  /**
   * UK National Insurance number.
   */
  niNumber?: string;
  taxCode?: string;
  payPeriod: PayPeriod;
  /**
   * Finance cost-centre code.
   */
  costCentre?: string;
  gross: MoneyNonNegative;
  deductions: MoneyNonNegative1;
  net: Money;
  deductionLines?: {
    code:
      | "income-tax"
      | "national-insurance"
      | "pension"
      | "student-loan"
      | "trade-union"
      | "attachment-of-earnings"
      | "salary-sacrifice"
      | "other";
    amount: MoneyNonNegative2;
  }[];
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
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative1 {
  amountMinor: number;
  currency: string;
}
/**
 * Can be negative when recovered overpayments exceed pay.
 */
export interface Money {
  amountMinor: number;
  currency: string;
}
/**
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative2 {
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
