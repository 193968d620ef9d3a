// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, InvoiceNumber, MoneyNonNegative, PurchaseOrderNumber, SupplierRef } from './common.v1';

/**
 * A supplier invoice or credit note is received and registered in the procurement (purchase-to-pay) system, before matching and approval. Emitted by the procurement system on registration; finance accrues it and schedules payment by dueOn. An invoice is identified by supplier.supplierId + invoiceNumber.
 */
export interface ProcurementInvoiceReceivedV1Data {
  invoiceNumber: InvoiceNumber;
  supplier: SupplierRef;
  documentType: "invoice" | "credit-note";
  /**
   * Absent for a non-PO invoice (utilities, rates).
   */
  purchaseOrderNumber?: PurchaseOrderNumber;
  invoiceDate: CalendarDate;
  receivedOn: CalendarDate;
  dueOn: CalendarDate;
  net: MoneyNonNegative;
  vat: MoneyNonNegative;
  gross: MoneyNonNegative;
}
