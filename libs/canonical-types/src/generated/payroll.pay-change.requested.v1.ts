// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * Payroll is asked to change what a person is paid: a pay award (new salary), an annual increment to the next pay point, an allowance starting, changing or ending (on-call, dog handler, South East allowance...), or a one-off payment. Emitted by the shared HR system when the change is approved; payroll applies it from effectiveFrom (with arrears when backdated).
 */
export interface PayrollPayChangeRequestedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  requestId: string;
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  changeType: "pay-award" | "increment" | "allowance" | "one-off-payment";
  amount: MoneyNonNegative;
  basis: "annual" | "per-pay-period" | "one-off";
  /**
   * Required for an allowance: the payroll's allowance code (e.g. ON-CALL, DOG-HANDLER).
   */
  allowanceCode?: string;
  /**
   * The pay point reached, for a pay award or increment.
   */
  grade?: string;
  authorisedBy?: PersonRef;
  /**
   * The first day on which the fact holds (business date, not the date the event was sent). May be in the past (backdated) or the future.
   */
  effectiveFrom: string;
  /**
   * The last day of a temporary allowance.
   */
  effectiveTo?: string;
  corrects?: Correction;
}
/**
 * The new rate (annual or per pay period, see basis) or the one-off sum. An allowance that ends has amount 0.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
/**
 * A reference to a person other than the event's subject (an approver, a referring manager, a budget holder): the employeeId, with display name parts when the source has them.
 */
export interface PersonRef {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  forename?: string;
  surname?: string;
}
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
