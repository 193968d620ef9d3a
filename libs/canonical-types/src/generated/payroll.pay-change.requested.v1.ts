// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { Correction, EffectiveFrom, EffectiveTo, EmployeeId, Grade, MoneyNonNegative, PersonRef, RecordId } from './common.v1';

/**
 * Payroll is asked to change what a person is paid: a pay award (new salary), an annual increment to the next pay point, an allowance starting, changing or ending (on-call, dog handler, South East allowance...), or a one-off payment. Emitted by the shared HR system when the change is approved; payroll applies it from effectiveFrom (with arrears when backdated).
 */
export interface PayrollPayChangeRequestedV1Data {
  requestId: RecordId;
  employeeId: EmployeeId;
  changeType: "pay-award" | "increment" | "allowance" | "one-off-payment";
  /**
   * The new rate (annual or per pay period, see basis) or the one-off sum. An allowance that ends has amount 0.
   */
  amount: MoneyNonNegative;
  basis: "annual" | "per-pay-period" | "one-off";
  /**
   * Required for an allowance: the payroll's allowance code (e.g. ON-CALL, DOG-HANDLER).
   */
  allowanceCode?: string;
  /**
   * The pay point reached, for a pay award or increment.
   */
  grade?: Grade;
  authorisedBy?: PersonRef;
  effectiveFrom: EffectiveFrom;
  /**
   * The last day of a temporary allowance.
   */
  effectiveTo?: EffectiveTo;
  corrects?: Correction;
}
