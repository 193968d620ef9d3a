import type { ProcurementInvoicePaidV1Data, ProcurementPurchaseOrderRaisedV1Data } from '@hub/canonical-types';
import { SourceConnector, SourceContext, SourceInputError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { LedgerPaymentMethod } from './finance-webhook.format';
import { WebhookReader } from './finance-webhook.reader';
import { financeManifest } from '../finance.manifest';

const METHOD: Record<LedgerPaymentMethod, ProcurementInvoicePaidV1Data['method']> = {
  BACS: 'bacs',
  FASTER_PAYMENT: 'faster-payment',
  CHAPS: 'chaps',
  PCARD: 'purchase-card',
  CHEQUE: 'cheque',
};

type Mapped = { subject: string; type: string; data: unknown };

/** The ledger's webhooks (`invoice.paid`, `purchaseOrder.approved`) → canonical events. */
export class FinanceSourceConnector implements SourceConnector<unknown> {
  readonly manifest = financeManifest;

  toEvents(input: unknown, ctx: SourceContext): CanonicalEvent[] {
    const r = new WebhookReader(input);
    const kind = r.text('/eventType');
    const mapped = kind === 'invoice.paid' ? this.invoicePaid(r, ctx) : kind === 'purchaseOrder.approved' ? this.purchaseOrderApproved(r, ctx) : undefined;
    if (!mapped) throw new SourceInputError(`/eventType "${kind}" is not a webhook the hub takes (invoice.paid, purchaseOrder.approved)`, '/eventType');
    // The ledger's own notification id: a re-sent webhook gives the same event id, which the hub drops.
    const id = r.text('/eventId');
    const time = r.optionalText('/createdAt');
    return [{ specversion: '1.0', id, source: ctx.source, tenant: ctx.tenant, ...(time ? { time } : {}), ...mapped }];
  }

  /** The ledger is shared: a record of another force's business unit must never become this force's event. */
  private checkForce(r: WebhookReader, path: string, ctx: SourceContext): void {
    const bu = r.text(path);
    if (bu.toLowerCase() !== ctx.tenant) r.refuse(path, `is ${bu}, another force's business unit than ${ctx.tenant.toUpperCase()}`);
  }

  private invoicePaid(r: WebhookReader, ctx: SourceContext): Mapped {
    this.checkForce(r, '/payment/businessUnit', ctx);
    const supplierId = r.text('/payment/supplierNumber');
    const invoiceNumber = r.text('/payment/invoiceNumber');
    const poNumber = r.optionalText('/payment/poNumber');
    const data: ProcurementInvoicePaidV1Data = {
      invoiceNumber,
      supplier: { supplierId, name: r.text('/payment/supplierName') },
      ...(poNumber ? { purchaseOrderNumber: poNumber } : {}),
      paidOn: r.date('/payment/paymentDate'),
      amount: { amountMinor: r.pence('/payment/paymentAmount'), currency: r.text('/payment/currencyCode') },
      method: METHOD[r.oneOf('/payment/paymentMethod', Object.keys(METHOD) as LedgerPaymentMethod[])],
      paymentReference: r.text('/payment/paymentRunReference'),
      fullyPaid: r.oneOf('/payment/invoiceStatus', ['PAID', 'PARTIALLY_PAID']) === 'PAID',
    };
    // An invoice is unique per supplier only.
    return { subject: `${supplierId}/${invoiceNumber}`, type: 'procurement.invoice.paid.v1', data };
  }

  private purchaseOrderApproved(r: WebhookReader, ctx: SourceContext): Mapped {
    const po = '/purchaseOrder';
    this.checkForce(r, `${po}/businessUnit`, ctx);
    const currency = r.text(`${po}/currencyCode`);
    const lines = Array.from({ length: r.count(`${po}/lines`) }, (_, i) => {
      const l = `${po}/lines/${i}`;
      return {
        lineNumber: r.integer(`${l}/lineNumber`),
        description: r.text(`${l}/description`),
        quantity: r.positiveNumber(`${l}/quantity`),
        unitPrice: { amountMinor: r.pence(`${l}/unitPrice`), currency },
        glAccount: r.text(`${l}/account`),
        costCentre: r.text(`${l}/costCentre`),
      };
    });
    const vat = r.optionalText(`${po}/supplierVatNumber`);
    const requester = r.optionalText(`${po}/requesterEmployeeNumber`);
    const contract = r.optionalText(`${po}/contractNumber`);
    const poNumber = r.text(`${po}/poNumber`);
    const data: ProcurementPurchaseOrderRaisedV1Data = {
      purchaseOrderNumber: poNumber,
      supplier: { supplierId: r.text(`${po}/supplierNumber`), name: r.text(`${po}/supplierName`), ...(vat ? { vatNumber: vat } : {}) },
      raisedOn: r.date(`${po}/orderDate`),
      ...(requester ? { requisitioner: { employeeId: requester } } : {}),
      ...(r.has(`${po}/shipToLocation`) ? { deliverTo: { code: r.text(`${po}/shipToLocation/code`), name: r.text(`${po}/shipToLocation/name`) } } : {}),
      ...(contract ? { contractReference: contract } : {}),
      ...(r.has(`${po}/servicePeriod`) ? { servicePeriod: this.period(r, `${po}/servicePeriod`) } : {}),
      lines: lines as ProcurementPurchaseOrderRaisedV1Data['lines'],
      total: { amountMinor: r.pence(`${po}/totalAmount`), currency },
    };
    return { subject: poNumber, type: 'procurement.purchase-order.raised.v1', data };
  }

  private period(r: WebhookReader, path: string): { from: string; to?: string } {
    const to = r.has(`${path}/to`) ? r.date(`${path}/to`) : undefined;
    return { from: r.date(`${path}/from`), ...(to ? { to } : {}) };
  }
}
