// The ledger's own request shapes, as its REST API takes them. Amounts are pounds with two
// decimals as text ("10040.00"), the ledger's business unit is the force code in capitals.

/** The ledger's batch import jobs (its file-based data import). */
export type LedgerImportJob = 'GL_JOURNAL_IMPORT' | 'COA_SEGMENT_VALUE_IMPORT';

/** POST /api/fbdi/imports: the CSV file travels as text inside JSON; answered 202 { importId }. */
export interface LedgerImportRequest {
  jobName: LedgerImportJob;
  businessUnit: string;
  fileName: string;
  contentType: 'text/csv';
  content: string;
}

export interface LedgerPoLine {
  lineNumber: number;
  description: string;
  quantity: number;
  unitPrice: string;
  /** quantity × unitPrice, rounded to the penny. */
  lineAmount: string;
  account: string;
  costCentre: string;
}

/** POST /api/procurement/purchase-orders (and the resource its purchaseOrder.approved webhook carries). */
export interface LedgerPurchaseOrder {
  businessUnit: string;
  poNumber: string;
  supplierNumber: string;
  supplierName: string;
  supplierVatNumber: string | null;
  orderDate: string;
  requesterEmployeeNumber: string | null;
  shipToLocation: { code: string; name: string } | null;
  contractNumber: string | null;
  servicePeriod: { from: string; to: string | null } | null;
  currencyCode: 'GBP';
  lines: LedgerPoLine[];
  /** Sum of the line amounts, excluding VAT. */
  totalAmount: string;
}

/** POST /api/payables/invoices. A credit note is a CREDIT invoice with negative amounts. */
export interface LedgerInvoice {
  businessUnit: string;
  invoiceNumber: string;
  invoiceType: 'STANDARD' | 'CREDIT';
  supplierNumber: string;
  supplierName: string;
  supplierVatNumber: string | null;
  poNumber: string | null;
  invoiceDate: string;
  receivedDate: string;
  dueDate: string;
  currencyCode: 'GBP';
  netAmount: string;
  taxAmount: string;
  grossAmount: string;
}

/** POST /api/payables/employee-payees: a person payables can reimburse. No pay data. */
export interface LedgerEmployeePayee {
  businessUnit: string;
  payeeType: 'EMPLOYEE';
  employeeNumber: string;
  firstName: string;
  middleNames: string | null;
  lastName: string;
  costCentre: string;
  activeFrom: string;
}

type Call<K extends string, P extends string, B> = { kind: K; method: 'POST'; path: P; body: B };

/** What map() returns: the one call the ledger gets for an event. */
export type FinanceCall =
  | Call<'journal-import' | 'cost-centre-import', '/api/fbdi/imports', LedgerImportRequest>
  | Call<'purchase-order', '/api/procurement/purchase-orders', LedgerPurchaseOrder>
  | Call<'invoice', '/api/payables/invoices', LedgerInvoice>
  | Call<'payee', '/api/payables/employee-payees', LedgerEmployeePayee>;
