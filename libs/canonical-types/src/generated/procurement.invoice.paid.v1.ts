// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, InvoiceNumber, MoneyNonNegative, PurchaseOrderNumber, SupplierRef } from './common.v1';

/**
 * A supplier invoice is paid (in full or in part). Emitted by the finance system's accounts-payable payment run when the payment is released to the bank; the procurement system closes the invoice and its purchase order from it. The invoice is identified by supplier.supplierId + invoiceNumber.
 */
export interface ProcurementInvoicePaidV1Data {
  invoiceNumber: InvoiceNumber;
  supplier: SupplierRef;
  purchaseOrderNumber?: PurchaseOrderNumber;
  paidOn: CalendarDate;
  amount: MoneyNonNegative;
  method: "bacs" | "faster-payment" | "chaps" | "purchase-card" | "cheque";
  /**
   * The payment run's reference, as on the remittance advice.
   */
  paymentReference: string;
  fullyPaid?: boolean;
}
