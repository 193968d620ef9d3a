// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { AccountingPeriod, CalendarDate, CostCentre, GlAccount, MoneyNonNegative, RecordId } from './common.v1';

/**
 * A journal is posted to the general ledger (a payroll journal, an accrual, a recharge between forces, a manual adjustment). Emitted by the finance system when the journal is posted, not when drafted. At least two lines, each a debit or a credit (side) of a non-negative amount to one GL account and cost centre; the producer guarantees that debits equal credits (JSON Schema cannot check a sum). A posted journal is never changed: it is reversed by another journal that names it in reverses.
 */
export interface FinanceJournalPostedV1Data {
  journalId: RecordId;
  postedOn: CalendarDate;
  accountingPeriod: AccountingPeriod;
  source: "payroll" | "procurement" | "expenses" | "recharge" | "accrual" | "manual";
  /**
   * The source's own reference, e.g. the payroll runId.
   */
  sourceReference?: string;
  description?: string;
  /**
   * The journalId this journal reverses.
   */
  reverses?: RecordId;
  /**
   * @minItems 2
   */
  lines: [LinesItem, LinesItem, ...LinesItem[]];
}
export interface LinesItem {
  glAccount: GlAccount;
  costCentre: CostCentre;
  side: "debit" | "credit";
  amount: MoneyNonNegative;
  narrative?: string;
}
