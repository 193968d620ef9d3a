import { SourceInputError } from '@hub/connector-sdk';
import { FinanceSourceConnector } from './finance-webhook.source';
import { FINANCE_SOURCE } from '../finance.manifest';
import { invoicePaidWebhook, purchaseOrderApprovedWebhook } from '../testing/samples';
import { canonicalSchemas } from '@hub/connector-sdk/testing';
import { thrown } from '@hub/testing';

const registry = canonicalSchemas();
const finance = new FinanceSourceConnector();
const ctx = { tenant: 'fen', source: FINANCE_SOURCE };

const refusal = (input: unknown, tenant = 'fen') => thrown(() => finance.toEvents(input, { ...ctx, tenant }), SourceInputError, 'reading the webhook');

describe('FinanceSourceConnector: invoice.paid', () => {
  it('becomes procurement.invoice.paid.v1 with the id of the ledger notification', () => {
    const [event] = finance.toEvents(invoicePaidWebhook(), ctx);
    expect(event).toEqual({
      specversion: '1.0',
      id: 'LEDGER-EVT-000981',
      source: FINANCE_SOURCE,
      type: 'procurement.invoice.paid.v1',
      subject: 'SUP-00871/INV-2026-11873',
      tenant: 'fen',
      time: '2026-12-30T16:05:00Z',
      data: {
        invoiceNumber: 'INV-2026-11873',
        supplier: { supplierId: 'SUP-00871', name: 'Anglia Protective Equipment Ltd' },
        purchaseOrderNumber: 'FEN-PO-0045123',
        paidOn: '2026-12-30',
        amount: { amountMinor: 1204800, currency: 'GBP' },
        method: 'bacs',
        paymentReference: 'FEN-BACS-20261230-01',
        fullyPaid: true,
      },
    });
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });

  it('reads a part payment by faster payment of a non-PO invoice', () => {
    const [event] = finance.toEvents(invoicePaidWebhook({ poNumber: null, paymentAmount: '6024.5', paymentMethod: 'FASTER_PAYMENT', invoiceStatus: 'PARTIALLY_PAID' }), ctx);
    expect(event.data).toMatchObject({ amount: { amountMinor: 602450, currency: 'GBP' }, method: 'faster-payment', fullyPaid: false });
    expect(event.data).not.toHaveProperty('purchaseOrderNumber');
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });

  it.each([
    ['another force', invoicePaidWebhook({ businessUnit: 'MOOR' }), '/payment/businessUnit', /MOOR, another force's business unit than FEN/],
    ['no invoice number', invoicePaidWebhook({ invoiceNumber: undefined }), '/payment/invoiceNumber', /invoiceNumber is missing/],
    ['a bad amount', invoicePaidWebhook({ paymentAmount: '12,048.00' }), '/payment/paymentAmount', /"12,048.00" is not an amount in pounds/],
    ['a negative amount', invoicePaidWebhook({ paymentAmount: '-5.00' }), '/payment/paymentAmount', /"-5.00" is not an amount in pounds/],
    ['an unknown payment method', invoicePaidWebhook({ paymentMethod: 'CASH' as never }), '/payment/paymentMethod', /"CASH" is not one of BACS/],
    ['a bad date', invoicePaidWebhook({ paymentDate: '30/12/2026' }), '/payment/paymentDate', /not a date/],
    ['no event id', { ...invoicePaidWebhook(), eventId: '' }, '/eventId', /eventId is missing/],
  ])('refuses %s, naming the field', (_, input, field, reason) => {
    const err = refusal(input);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(reason);
  });
});

describe('FinanceSourceConnector: purchaseOrder.approved', () => {
  it('becomes procurement.purchase-order.raised.v1, valid against its schema', () => {
    const [event] = finance.toEvents(purchaseOrderApprovedWebhook(), ctx);
    expect(event).toMatchObject({ id: 'LEDGER-EVT-000977', type: 'procurement.purchase-order.raised.v1', subject: 'FEN-PO-0045123', tenant: 'fen' });
    expect(event.data).toEqual({
      purchaseOrderNumber: 'FEN-PO-0045123',
      supplier: { supplierId: 'SUP-00871', name: 'Anglia Protective Equipment Ltd', vatNumber: 'GB123456789' },
      raisedOn: '2026-11-24',
      requisitioner: { employeeId: 'FEN-04410' },
      deliverTo: { code: 'FEN-STORES', name: 'Fenland Central Stores' },
      lines: [
        { lineNumber: 1, description: 'Body armour, covert, size M', quantity: 20, unitPrice: { amountMinor: 42500, currency: 'GBP' }, glAccount: '6120', costCentre: 'FEN4520' },
        { lineNumber: 2, description: 'Handcuffs, rigid, with pouch', quantity: 40, unitPrice: { amountMinor: 3850, currency: 'GBP' }, glAccount: '6120', costCentre: 'FEN4520' },
      ],
      total: { amountMinor: 1004000, currency: 'GBP' },
    });
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });

  it('carries a services order’s contract and open-ended period', () => {
    const [event] = finance.toEvents(purchaseOrderApprovedWebhook({ contractNumber: 'NPPF-OH-2024-017', servicePeriod: { from: '2027-01-01', to: null } }), ctx);
    expect(event.data).toMatchObject({ contractReference: 'NPPF-OH-2024-017', servicePeriod: { from: '2027-01-01' } });
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });

  it('refuses another force, an empty order and a line without quantity, naming the field', () => {
    expect(refusal(purchaseOrderApprovedWebhook({ businessUnit: 'VALE' })).field).toBe('/purchaseOrder/businessUnit');
    expect(refusal(purchaseOrderApprovedWebhook({ lines: [] })).field).toBe('/purchaseOrder/lines');
    const [line] = purchaseOrderApprovedWebhook().purchaseOrder.lines;
    expect(refusal(purchaseOrderApprovedWebhook({ lines: [{ ...line, quantity: 0 }] })).field).toBe('/purchaseOrder/lines/0/quantity');
  });
});

describe('FinanceSourceConnector: what it cannot read', () => {
  it.each([
    ['an unknown kind', { eventType: 'supplier.created', eventId: 'E-1' }, '/eventType', /"supplier.created" is not a webhook the hub takes/],
    ['no kind', { eventId: 'E-1' }, '/eventType', /eventType is missing/],
    ['not an object', 'invoice.paid', '', /the webhook is not an object/],
    ['a webhook without its record', { eventType: 'invoice.paid', eventId: 'E-1' }, '/payment', /\/payment is missing/],
  ])('refuses %s', (_, input, field, reason) => {
    const err = refusal(input);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(reason);
  });
});
