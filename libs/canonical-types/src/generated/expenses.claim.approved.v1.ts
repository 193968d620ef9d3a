// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person's expenses claim (mileage, subsistence, travel, accommodation) is approved by their line manager. Emitted by the expenses system on approval; payroll reimburses it in the next pay run (taxable items through PAYE), finance charges each line to its GL account and cost centre. Line descriptions can reveal journeys and home locations and are personal.
 */
export interface ExpensesClaimApprovedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  claimId: string;
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  claimPeriod?: Period;
  approvedOn: string;
  approvedBy?: PersonRef;
  /**
   * @minItems 1
   */
  lines: [
    {
      date: string;
      category: "mileage" | "subsistence" | "rail" | "accommodation" | "parking" | "taxi" | "course-fees" | "other";
      description?: string;
      miles?: number;
      amount: MoneyNonNegative;
      taxable?: boolean;
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
    },
    ...{
      date: string;
      category: "mileage" | "subsistence" | "rail" | "accommodation" | "parking" | "taxi" | "course-fees" | "other";
      description?: string;
      miles?: number;
      amount: MoneyNonNegative;
      taxable?: boolean;
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
    }[]
  ];
  total: MoneyNonNegative;
}
/**
 * A span of days, both ends inclusive. No `to` means open-ended (still running).
 */
export interface Period {
  from: string;
  to?: string;
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
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
