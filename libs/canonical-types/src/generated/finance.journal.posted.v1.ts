// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A journal is posted to the general ledger (a payroll journal, an accrual, a recharge between forces, a manual adjustment). Emitted by the finance system when the journal is posted, not when drafted. At least two lines, each a debit or a credit (side) of a non-negative amount to one GL account and cost centre; the producer guarantees that debits equal credits (JSON Schema cannot check a sum). A posted journal is never changed: it is reversed by another journal that names it in reverses.
 */
export interface FinanceJournalPostedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  journalId: string;
  postedOn: string;
  /**
   * A financial year (1 April to 31 March) and its accounting period, P01 = April; P13 is the year-end adjustment period. E.g. 2026/27-P09.
   */
  accountingPeriod: string;
  source: "payroll" | "procurement" | "expenses" | "recharge" | "accrual" | "manual";
  /**
   * The source's own reference, e.g. the payroll runId.
   */
  sourceReference?: string;
  description?: string;
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  reverses?: string;
  /**
   * @minItems 2
   */
  lines: [
    {
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
      side: "debit" | "credit";
      amount: MoneyNonNegative;
      narrative?: string;
    },
    {
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
      side: "debit" | "credit";
      amount: MoneyNonNegative;
      narrative?: string;
    },
    ...{
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
      side: "debit" | "credit";
      amount: MoneyNonNegative;
      narrative?: string;
    }[]
  ];
}
/**
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
