// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { Correction, CostCentre, EffectiveFrom, EmployeeId, Money, MoneyNonNegative, NiNumber, PayPeriod, RecordId } from './common.v1';

/**
 * A payslip is issued to one person for one pay period. Emitted by the payroll system for each payslip when its run is finalised (see payroll.run.completed); consumed by HR (self-service and pensionable pay history) and finance (pay cost by cost centre). effectiveFrom is the pay date. Every figure is personal; the deduction lines are special category because a trade-union subscription reveals union membership.
 */
export interface PayrollPayslipIssuedV1Data {
  payslipId: RecordId;
  runId: RecordId;
  employeeId: EmployeeId;
  niNumber?: NiNumber;
  taxCode?: string;
  payPeriod: PayPeriod;
  costCentre?: CostCentre;
  gross: MoneyNonNegative;
  deductions: MoneyNonNegative;
  /**
   * Can be negative when recovered overpayments exceed pay.
   */
  net: Money;
  deductionLines?: DeductionLinesItem[];
  /**
   * The pay date.
   */
  effectiveFrom: EffectiveFrom;
  corrects?: Correction;
}
export interface DeductionLinesItem {
  code:
    | "income-tax"
    | "national-insurance"
    | "pension"
    | "student-loan"
    | "trade-union"
    | "attachment-of-earnings"
    | "salary-sacrifice"
    | "other";
  amount: MoneyNonNegative;
}
