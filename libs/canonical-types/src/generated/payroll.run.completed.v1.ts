// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { Correction, DateTime, EffectiveFrom, MoneyNonNegative, PayPeriod, RecordId } from './common.v1';

/**
 * A payroll run of one force is finalised (locked): payslips are issued and the BACS file is released. Emitted by the payroll system once per run (main or supplementary); finance posts the pay journal from it, HR reconciles headcount. effectiveFrom is the pay date. Totals only: no person-level figures.
 */
export interface PayrollRunCompletedV1Data {
  runId: RecordId;
  runType: "main" | "supplementary" | "off-cycle";
  payPeriod: PayPeriod;
  completedAt?: DateTime;
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
  effectiveFrom: EffectiveFrom;
  corrects?: Correction;
}
