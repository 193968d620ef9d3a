import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import { FinanceConnector } from './finance.connector';
import { invoiceOf, payeeOf, purchaseOrderOf } from './finance.mapper';
import { eventOf, fixture, purchaseOrderApprovedWebhook } from '../testing/samples';
import { thrown } from '@hub/testing';

const po = (name = 'full') => fixture('procurement.purchase-order.raised.v1', name);
const invoice = (name = 'full') => fixture('procurement.invoice.received.v1', name);

const failure = (fn: () => unknown) => thrown(fn, PermanentDeliveryError, 'the mapping');

describe('purchaseOrderOf', () => {
  it("maps a PO to the ledger's purchase order, amounts in pounds and each line's amount", () => {
    // The ledger's purchase order is the one its own webhook states, field for field.
    expect(purchaseOrderOf(po(), 'FEN')).toEqual(purchaseOrderApprovedWebhook().purchaseOrder);
  });

  it('carries the contract and service period of a services order', () => {
    expect(purchaseOrderOf(po('services'), 'VALE')).toMatchObject({ contractNumber: 'NPPF-OH-2024-017', servicePeriod: { from: '2027-01-01', to: '2027-12-31' }, requesterEmployeeNumber: 'VALE-21877' });
  });

  it('refuses a total that is not the sum of its lines, naming /data/total', () => {
    const data = po();
    data.total.amountMinor += 1;
    expect(failure(() => purchaseOrderOf(data, 'FEN'))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/total', message: expect.stringContaining('10040.01') });
  });

  it('refuses a unit price not in GBP, naming the line', () => {
    const data = po();
    data.lines[1].unitPrice.currency = 'USD';
    expect(failure(() => purchaseOrderOf(data, 'FEN'))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/lines/1/unitPrice/currency' });
  });
});

describe('invoiceOf', () => {
  it('maps an invoice to a STANDARD payables invoice', () => {
    expect(invoiceOf(invoice(), 'FEN')).toEqual({
      businessUnit: 'FEN',
      invoiceNumber: 'INV-2026-11873',
      invoiceType: 'STANDARD',
      supplierNumber: 'SUP-00871',
      supplierName: 'Anglia Protective Equipment Ltd',
      supplierVatNumber: 'GB123456789',
      poNumber: 'FEN-PO-0045123',
      invoiceDate: '2026-12-02',
      receivedDate: '2026-12-03',
      dueDate: '2027-01-01',
      currencyCode: 'GBP',
      netAmount: '10040.00',
      taxAmount: '2008.00',
      grossAmount: '12048.00',
    });
  });

  it('maps a credit note to a CREDIT invoice with negative amounts', () => {
    expect(invoiceOf(invoice('credit-note'), 'FEN')).toMatchObject({ invoiceType: 'CREDIT', netAmount: '-425.00', taxAmount: '-85.00', grossAmount: '-510.00' });
  });

  it('maps a non-PO invoice with zero VAT', () => {
    expect(invoiceOf(invoice('minimal'), 'FEN')).toMatchObject({ poNumber: null, supplierVatNumber: null, taxAmount: '0.00', grossAmount: '2844.10' });
  });

  it('refuses net + VAT that is not gross, and a non-GBP amount, naming the field', () => {
    const wrong = invoice();
    wrong.gross.amountMinor = 1204801;
    expect(failure(() => invoiceOf(wrong, 'FEN'))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/gross' });
    const euros = invoice();
    euros.vat.currency = 'EUR';
    expect(failure(() => invoiceOf(euros, 'FEN'))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/vat/currency', message: expect.stringContaining('EUR') });
  });
});

describe('payeeOf', () => {
  it('sets a v1 joiner up as an employee payee: number, name, cost centre, force, no pay or personal data', () => {
    const payee = payeeOf(eventOf('hr.employee.joined.v1', fixture('hr.employee.joined.v1', 'full')), 'FEN');
    expect(payee).toEqual({ businessUnit: 'FEN', payeeType: 'EMPLOYEE', employeeNumber: 'FEN-10234', firstName: 'Amira', middleNames: null, lastName: 'Okafor', costCentre: 'FEN4410', activeFrom: '2026-12-01' });
  });

  it('uses the legal name of a v2 joiner, which the bank account is in', () => {
    const payee = payeeOf(eventOf('hr.employee.joined.v2', fixture('hr.employee.joined.v2', 'full')), 'FEN');
    expect(payee).toMatchObject({ firstName: 'Amirah', middleNames: 'Ngozi', lastName: 'Okafor' });
  });
});

describe('FinanceConnector.map', () => {
  const connector = new FinanceConnector();

  it.each([
    ['finance.journal.posted.v1', 'full', 'journal-import', '/api/fbdi/imports'],
    ['finance.cost-centre.changed.v1', 'created', 'cost-centre-import', '/api/fbdi/imports'],
    ['procurement.purchase-order.raised.v1', 'full', 'purchase-order', '/api/procurement/purchase-orders'],
    ['procurement.invoice.received.v1', 'full', 'invoice', '/api/payables/invoices'],
    ['hr.employee.joined.v1', 'full', 'payee', '/api/payables/employee-payees'],
    ['hr.employee.joined.v2', 'full', 'payee', '/api/payables/employee-payees'],
  ])('maps %s to one POST of kind %s', (type, name, kind, path) => {
    const call = connector.map(eventOf(type, fixture(type, name), 'moor'));
    expect(call).toMatchObject({ kind, method: 'POST', path, body: expect.objectContaining({ businessUnit: 'MOOR' }) });
  });

  it('refuses a type it does not consume as unsupported', () => {
    expect(failure(() => connector.map(eventOf('hr.employee.left.v1', {})))).toMatchObject({ code: DeliveryErrorCode.UnsupportedEvent });
  });
});
