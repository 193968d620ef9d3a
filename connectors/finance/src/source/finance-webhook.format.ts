import type { LedgerPurchaseOrder } from '../finance.format';

export type LedgerPaymentMethod = 'BACS' | 'FASTER_PAYMENT' | 'CHAPS' | 'PCARD' | 'CHEQUE';

/** A payment the ledger's payables run released to the bank, against one invoice. */
export interface LedgerPayment {
  businessUnit: string;
  invoiceNumber: string;
  supplierNumber: string;
  supplierName: string;
  poNumber: string | null;
  paymentDate: string;
  /** Pounds with two decimals, as text. */
  paymentAmount: string;
  currencyCode: string;
  paymentMethod: LedgerPaymentMethod;
  paymentRunReference: string;
  /** The invoice's status after this payment. */
  invoiceStatus: 'PAID' | 'PARTIALLY_PAID';
}

interface LedgerWebhookEnvelope {
  /** The ledger's own id of the notification: the same on every re-send. */
  eventId: string;
  createdAt: string;
}

export interface LedgerInvoicePaidWebhook extends LedgerWebhookEnvelope {
  eventType: 'invoice.paid';
  payment: LedgerPayment;
}

export interface LedgerPurchaseOrderApprovedWebhook extends LedgerWebhookEnvelope {
  eventType: 'purchaseOrder.approved';
  purchaseOrder: LedgerPurchaseOrder;
}

/** The webhooks the ledger sends the hub, in its own shape. */
export type LedgerWebhook = LedgerInvoicePaidWebhook | LedgerPurchaseOrderApprovedWebhook;
