// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * Code of the organisation (police force) that owns the data.
 */
export type TenantCode = string;
/**
 * The HR system's stable identifier of a person's employment record (collar or staff number).
 */
export type EmployeeId = string;
export type CalendarDate = string;
export interface PersonName {
  title?: string;
  forename: string;
  middleNames?: string;
  surname: string;
}
/**
 * UK National Insurance number.
 */
export type NiNumber = string;
/**
 * A unit of the force's organisation structure (command, department, station).
 */
export interface OrgUnit {
  code: string;
  name: string;
}
/**
 * Finance cost-centre code.
 */
export type CostCentre = string;
/**
 * An amount in integer minor units (pence) with its ISO 4217 currency.
 */
export interface Money {
  amountMinor: number;
  currency: string;
}
/**
 * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
 */
export type RecordId = string;
/**
 * A reference to a person other than the event's subject (an approver, a referring manager, a budget holder): the employeeId, with display name parts when the source has them.
 */
export interface PersonRef {
  employeeId: EmployeeId;
  forename?: string;
  surname?: string;
}
/**
 * A span of days, both ends inclusive. No `to` means open-ended (still running).
 */
export interface Period {
  from: CalendarDate;
  to?: CalendarDate;
}
/**
 * A span of days with both ends known, both inclusive (a booked leave, a claim).
 */
export interface DateRange {
  from: CalendarDate;
  to: CalendarDate;
}
/**
 * A payroll period: the tax year (6 April to 5 April), the period number within it (month 1 = April for monthly pay) and its first and last days.
 */
export interface PayPeriod {
  taxYear: string;
  frequency?: "weekly" | "fortnightly" | "four-weekly" | "monthly";
  number: number;
  from: CalendarDate;
  to: CalendarDate;
}
/**
 * A UK postal address of a person (home address). Every part is personal.
 */
export interface Address {
  /**
   * @minItems 1
   * @maxItems 4
   */
  lines: [string] | [string, string] | [string, string, string] | [string, string, string, string];
  town: string;
  county?: string;
  postcode: string;
}
/**
 * A person's telephone number, national or international (+44) form.
 */
export type PhoneNumber = string;
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
/**
 * The first day on which the fact holds (business date, not the date the event was sent). May be in the past (backdated) or the future.
 */
export type EffectiveFrom = CalendarDate;
/**
 * The last day on which the fact holds, inclusive. Absent when open-ended. Not before effectiveFrom.
 */
export type EffectiveTo = CalendarDate;
/**
 * An instant with its UTC offset (RFC 3339), e.g. 2026-12-14T22:40:00Z.
 */
export type DateTime = string;
/**
 * A wall-clock time of day in UK local time, 24-hour HH:MM.
 */
export type LocalTime = string;
/**
 * A number of hours within one day (0 to 24, decimals allowed, e.g. 7.5).
 */
export type Hours = number;
/**
 * A pay grade or spine point of the force's pay structure (PC-3, PS-2, SO1, SCP-25).
 */
export type Grade = string;
/**
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
/**
 * A supplier as the finance/procurement system's supplier master knows it.
 */
export interface SupplierRef {
  supplierId: string;
  name: string;
  vatNumber?: string;
}
/**
 * The purchase order number the procurement system issues (e.g. FEN-PO-0045123).
 */
export type PurchaseOrderNumber = string;
/**
 * The supplier's own invoice (or credit note) number. Unique per supplier only: an invoice is identified by supplierId + invoiceNumber.
 */
export type InvoiceNumber = string;
/**
 * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
 */
export type GlAccount = string;
/**
 * A financial year (1 April to 31 March) and its accounting period, P01 = April; P13 is the year-end adjustment period. E.g. 2026/27-P09.
 */
export type AccountingPeriod = string;
