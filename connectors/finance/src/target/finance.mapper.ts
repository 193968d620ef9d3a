import {
  isEventOf,
  type HrEmployeeJoinedV1Data,
  type HrEmployeeJoinedV2Data,
  type ProcurementInvoiceReceivedV1Data,
  type ProcurementPurchaseOrderRaisedV1Data,
} from '@hub/canonical-types';
import { DeliveryErrorCode, PermanentDeliveryError, poundsOf } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { FinanceCall, LedgerEmployeePayee, LedgerInvoice, LedgerPurchaseOrder } from '../finance.format';
import { costCentreImportFile, journalImportFile } from './finance.import-file';
import { mappingFailed, penceInGbp } from './finance.money';

/** The lines must add up to the total: the ledger commits the lines, the supplier is sent the total. */
export function purchaseOrderOf(po: ProcurementPurchaseOrderRaisedV1Data, businessUnit: string): LedgerPurchaseOrder {
  let sum = 0;
  const lines = po.lines.map((l, i) => {
    const pence = Math.round(l.quantity * penceInGbp(l.unitPrice, `/data/lines/${i}/unitPrice`));
    sum += pence;
    return { lineNumber: l.lineNumber, description: l.description, quantity: l.quantity, unitPrice: poundsOf(l.unitPrice.amountMinor), lineAmount: poundsOf(pence), account: l.glAccount, costCentre: l.costCentre };
  });
  const total = penceInGbp(po.total, '/data/total');
  if (total !== sum) throw mappingFailed(`purchase order ${po.purchaseOrderNumber} total ${poundsOf(total)} is not the sum of its lines, ${poundsOf(sum)}`, '/data/total');
  return {
    businessUnit,
    poNumber: po.purchaseOrderNumber,
    supplierNumber: po.supplier.supplierId,
    supplierName: po.supplier.name,
    supplierVatNumber: po.supplier.vatNumber ?? null,
    orderDate: po.raisedOn,
    requesterEmployeeNumber: po.requisitioner?.employeeId ?? null,
    shipToLocation: po.deliverTo ? { code: po.deliverTo.code, name: po.deliverTo.name } : null,
    contractNumber: po.contractReference ?? null,
    servicePeriod: po.servicePeriod ? { from: po.servicePeriod.from, to: po.servicePeriod.to ?? null } : null,
    currencyCode: 'GBP',
    lines,
    totalAmount: poundsOf(total),
  };
}

/** Payables holds a credit note as a CREDIT invoice with negative amounts. */
export function invoiceOf(inv: ProcurementInvoiceReceivedV1Data, businessUnit: string): LedgerInvoice {
  const [net, vat, gross] = (['net', 'vat', 'gross'] as const).map((f) => penceInGbp(inv[f], `/data/${f}`));
  if (net + vat !== gross) throw mappingFailed(`invoice ${inv.invoiceNumber}: net ${poundsOf(net)} + VAT ${poundsOf(vat)} is not gross ${poundsOf(gross)}`, '/data/gross');
  const credit = inv.documentType === 'credit-note';
  const signed = (pence: number) => poundsOf(credit && pence !== 0 ? -pence : pence);
  return {
    businessUnit,
    invoiceNumber: inv.invoiceNumber,
    invoiceType: credit ? 'CREDIT' : 'STANDARD',
    supplierNumber: inv.supplier.supplierId,
    supplierName: inv.supplier.name,
    supplierVatNumber: inv.supplier.vatNumber ?? null,
    poNumber: inv.purchaseOrderNumber ?? null,
    invoiceDate: inv.invoiceDate,
    receivedDate: inv.receivedOn,
    dueDate: inv.dueOn,
    currencyCode: 'GBP',
    netAmount: signed(net),
    taxAmount: signed(vat),
    grossAmount: signed(gross),
  };
}

/** A joiner becomes a payee so expenses can be reimbursed: the legal name (banks match it), no pay data. */
export function payeeOf(event: CanonicalEvent, businessUnit: string): LedgerEmployeePayee {
  const d = event.data as HrEmployeeJoinedV1Data | HrEmployeeJoinedV2Data;
  const name = 'legalName' in d ? d.legalName : d.name;
  return {
    businessUnit,
    payeeType: 'EMPLOYEE',
    employeeNumber: d.employeeId,
    firstName: name.forename,
    middleNames: name.middleNames || null,
    lastName: name.surname,
    costCentre: d.employment.costCentre,
    activeFrom: d.effectiveFrom,
  };
}

/** Canonical event (a type the manifest consumes) → the one call the ledger gets for it. */
export function mapToLedger(event: CanonicalEvent): FinanceCall {
  const bu = event.tenant.toUpperCase();
  const imports = '/api/fbdi/imports' as const;
  if (isEventOf(event, 'finance.journal.posted.v1')) return { kind: 'journal-import', method: 'POST', path: imports, body: journalImportFile(event.data, bu) };
  if (isEventOf(event, 'finance.cost-centre.changed.v1')) return { kind: 'cost-centre-import', method: 'POST', path: imports, body: costCentreImportFile(event.data, bu) };
  if (isEventOf(event, 'procurement.purchase-order.raised.v1')) return { kind: 'purchase-order', method: 'POST', path: '/api/procurement/purchase-orders', body: purchaseOrderOf(event.data, bu) };
  if (isEventOf(event, 'procurement.invoice.received.v1')) return { kind: 'invoice', method: 'POST', path: '/api/payables/invoices', body: invoiceOf(event.data, bu) };
  if (isEventOf(event, 'hr.employee.joined.v1') || isEventOf(event, 'hr.employee.joined.v2')) return { kind: 'payee', method: 'POST', path: '/api/payables/employee-payees', body: payeeOf(event, bu) };
  throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `the ledger has no mapping for ${event.type}`);
}
