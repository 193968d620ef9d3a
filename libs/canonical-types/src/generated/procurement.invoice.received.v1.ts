// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A supplier invoice or credit note is received and registered in the procurement (purchase-to-pay) system, before matching and approval. Emitted by the procurement system on registration; finance accrues it and schedules payment by dueOn. An invoice is identified by supplier.supplierId + invoiceNumber.
 */
export interface ProcurementInvoiceReceivedV1Data {
  /**
   * The supplier's own invoice (or credit note) number. Unique per supplier only: an invoice is identified by supplierId + invoiceNumber.
   */
  invoiceNumber: string;
  supplier: SupplierRef;
  documentType: "invoice" | "credit-note";
  /**
   * Absent for a non-PO invoice (utilities, rates).
   */
  purchaseOrderNumber?: string;
  invoiceDate: string;
  receivedOn: string;
  dueOn: string;
  net: MoneyNonNegative;
  vat: MoneyNonNegative;
  gross: MoneyNonNegative;
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
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
