import type { ProcurementInvoicePaidV1Data, ProcurementPurchaseOrderRaisedV1Data } from '@hub/canonical-types';
import { SourceConnector, SourceContext, WebhookFields } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { LedgerInvoicePaidWebhook, LedgerPaymentMethod, LedgerPurchaseOrderApprovedWebhook, LedgerWebhook } from './finance-webhook.format';
import { financeManifest } from '../finance.manifest';

const METHOD: Record<LedgerPaymentMethod, ProcurementInvoicePaidV1Data['method']> = {
  BACS: 'bacs',
  FASTER_PAYMENT: 'faster-payment',
  CHAPS: 'chaps',
  PCARD: 'purchase-card',
  CHEQUE: 'cheque',
};

type Mapped = { subject: string; type: string; data: unknown };
const KINDS = ['invoice.paid', 'purchaseOrder.approved'] as const;

/** The ledger's webhooks (`invoice.paid`, `purchaseOrder.approved`) → canonical events. */
export class FinanceSourceConnector implements SourceConnector<unknown> {
  readonly manifest = financeManifest;

  toEvents(input: unknown, ctx: SourceContext): CanonicalEvent[] {
    const hook = WebhookFields.of<LedgerWebhook>(input);
    const kind = hook.text('eventType');
    if (!(KINDS as readonly string[]).includes(kind)) hook.fail('eventType', `"${kind}" is not a webhook the hub takes (${KINDS.join(', ')})`);
    const mapped = kind === 'invoice.paid' ? this.invoicePaid(WebhookFields.of<LedgerInvoicePaidWebhook>(input), ctx) : this.purchaseOrderApproved(WebhookFields.of<LedgerPurchaseOrderApprovedWebhook>(input), ctx);
    // The ledger's own notification id: a re-sent webhook gives the same event id, which the hub drops.
    const id = hook.text('eventId');
    const time = hook.optionalText('createdAt');
    return [{ specversion: '1.0', id, source: ctx.source, tenant: ctx.tenant, ...(time ? { time } : {}), ...mapped }];
  }

  private invoicePaid(hook: WebhookFields<LedgerInvoicePaidWebhook>, ctx: SourceContext): Mapped {
    const p = hook.object('payment');
    checkForce(p, ctx);
    const supplierId = p.text('supplierNumber');
    const invoiceNumber = p.text('invoiceNumber');
    const poNumber = p.optionalText('poNumber');
    const data: ProcurementInvoicePaidV1Data = {
      invoiceNumber,
      supplier: { supplierId, name: p.text('supplierName') },
      ...(poNumber ? { purchaseOrderNumber: poNumber } : {}),
      paidOn: p.date('paymentDate'),
      amount: { amountMinor: p.pence('paymentAmount'), currency: p.text('currencyCode') },
      method: p.code('paymentMethod', METHOD),
      paymentReference: p.text('paymentRunReference'),
      fullyPaid: p.oneOf('invoiceStatus', ['PAID', 'PARTIALLY_PAID']) === 'PAID',
    };
    // An invoice is unique per supplier only.
    return { subject: `${supplierId}/${invoiceNumber}`, type: 'procurement.invoice.paid.v1', data };
  }

  private purchaseOrderApproved(hook: WebhookFields<LedgerPurchaseOrderApprovedWebhook>, ctx: SourceContext): Mapped {
    const po = hook.object('purchaseOrder');
    checkForce(po, ctx);
    const currency = po.text('currencyCode');
    const lines = po.list('lines', { minItems: 1 }).map((l) => ({
      lineNumber: l.number('lineNumber', { min: 1, integer: true }),
      description: l.text('description'),
      quantity: l.number('quantity', { min: 0, aboveMin: true }),
      unitPrice: { amountMinor: l.pence('unitPrice'), currency },
      glAccount: l.text('account'),
      costCentre: l.text('costCentre'),
    }));
    const vat = po.optionalText('supplierVatNumber');
    const requester = po.optionalText('requesterEmployeeNumber');
    const contract = po.optionalText('contractNumber');
    const deliverTo = po.optionalObject('shipToLocation');
    const period = po.optionalObject('servicePeriod');
    const to = period?.optionalDate('to');
    const poNumber = po.text('poNumber');
    const data: ProcurementPurchaseOrderRaisedV1Data = {
      purchaseOrderNumber: poNumber,
      supplier: { supplierId: po.text('supplierNumber'), name: po.text('supplierName'), ...(vat ? { vatNumber: vat } : {}) },
      raisedOn: po.date('orderDate'),
      ...(requester ? { requisitioner: { employeeId: requester } } : {}),
      ...(deliverTo ? { deliverTo: { code: deliverTo.text('code'), name: deliverTo.text('name') } } : {}),
      ...(contract ? { contractReference: contract } : {}),
      ...(period ? { servicePeriod: { from: period.date('from'), ...(to ? { to } : {}) } } : {}),
      lines: lines as ProcurementPurchaseOrderRaisedV1Data['lines'],
      total: { amountMinor: po.pence('totalAmount'), currency },
    };
    return { subject: poNumber, type: 'procurement.purchase-order.raised.v1', data };
  }
}

/** The ledger is shared: a record of another force's business unit must never become this force's event. */
function checkForce(record: WebhookFields<{ businessUnit: string }>, ctx: SourceContext): void {
  const bu = record.text('businessUnit');
  if (bu.toLowerCase() !== ctx.tenant) record.fail('businessUnit', `is ${bu}, another force's business unit than ${ctx.tenant.toUpperCase()}`);
}
