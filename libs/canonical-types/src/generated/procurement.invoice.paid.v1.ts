// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A supplier invoice is paid (in full or in part). Emitted by the finance system's accounts-payable payment run when the payment is released to the bank; the procurement system closes the invoice and its purchase order from it. The invoice is identified by supplier.supplierId + invoiceNumber.
 */
export interface ProcurementInvoicePaidV1Data {
  /**
   * The supplier's own invoice (or credit note) number. Unique per supplier only: an invoice is identified by supplierId + invoiceNumber.
   */
  invoiceNumber: string;
  supplier: SupplierRef;
  /**
   * The purchase order number the procurement system issues (e.g. FEN-PO-0045123).
   */
  purchaseOrderNumber?: string;
  paidOn: string;
  amount: MoneyNonNegative;
  method: "bacs" | "faster-payment" | "chaps" | "purchase-card" | "cheque";
  /**
   * The payment run's reference, as on the remittance advice.
   */
  paymentReference: string;
  fullyPaid?: boolean;
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
