// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, CostCentre, EmployeeId, GlAccount, MoneyNonNegative, Period, PersonRef, RecordId } from './common.v1';

/**
 * A person's expenses claim (mileage, subsistence, travel, accommodation) is approved by their line manager. Emitted by the expenses system on approval; payroll reimburses it in the next pay run (taxable items through PAYE), finance charges each line to its GL account and cost centre. Line descriptions can reveal journeys and home locations and are personal.
 */
export interface ExpensesClaimApprovedV1Data {
  claimId: RecordId;
  employeeId: EmployeeId;
  claimPeriod?: Period;
  approvedOn: CalendarDate;
  approvedBy?: PersonRef;
  /**
   * @minItems 1
   */
  lines: [LinesItem, ...LinesItem[]];
  total: MoneyNonNegative;
}
export interface LinesItem {
  date: CalendarDate;
  category: "mileage" | "subsistence" | "rail" | "accommodation" | "parking" | "taxi" | "course-fees" | "other";
  description?: string;
  miles?: number;
  amount: MoneyNonNegative;
  taxable?: boolean;
  glAccount: GlAccount;
  costCentre: CostCentre;
}
