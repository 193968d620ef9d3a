import { describeSourceContract, describeTargetContract } from '@hub/testing';
import { FinanceSourceConnector } from './source/finance-webhook.source';
import { FinanceConnector } from './target/finance.connector';
import { LedgerSimulator } from './simulator/ledger-simulator';
import { invoicePaidWebhook, purchaseOrderApprovedWebhook } from './testing/samples';

describeTargetContract({
  connector: new FinanceConnector(),
  simulator: (tenant) => new LedgerSimulator(tenant),
  tenant: 'fen',
  credential: 'ledger-api-token',
  checkRecord: (call, event) => {
    expect(call.method).toBe('POST');
    expect(call.body.businessUnit).toBe(event.tenant.toUpperCase());
    if (call.kind === 'journal-import' || call.kind === 'cost-centre-import') {
      expect(call.body.contentType).toBe('text/csv');
      expect(call.body.content).toMatch(/\nCONTROL,\d+,\d+\.\d{2}\n$/);
    }
    if (call.kind === 'invoice') expect(call.body.grossAmount).toMatch(/^-?\d+\.\d{2}$/);
    if (call.kind === 'purchase-order') expect(call.body.totalAmount).toMatch(/^\d+\.\d{2}$/);
    if (call.kind === 'payee') expect(Object.keys(call.body)).not.toContain('annualSalary');
  },
});

describeSourceContract({
  connector: new FinanceSourceConnector(),
  tenant: 'fen',
  samples: [
    { name: 'an invoice paid in full', input: invoicePaidWebhook() },
    { name: 'a part payment without PO', input: { ...invoicePaidWebhook({ poNumber: null, paymentAmount: '6024.00', invoiceStatus: 'PARTIALLY_PAID' }), eventId: 'LEDGER-EVT-000982' } },
    { name: 'an approved purchase order', input: purchaseOrderApprovedWebhook() },
  ],
  badInputs: [
    { name: 'an unknown kind', input: { ...invoicePaidWebhook(), eventType: 'invoice.voided' }, reason: /"invoice.voided" is not a webhook the hub takes/ },
    { name: "another force's invoice", input: invoicePaidWebhook({ businessUnit: 'MOOR' }), reason: /businessUnit is MOOR, another force's/ },
    { name: "another force's purchase order", input: purchaseOrderApprovedWebhook({ businessUnit: 'VALE' }), reason: /businessUnit is VALE, another force's/ },
    { name: 'a payment without invoice number', input: invoicePaidWebhook({ invoiceNumber: '' }), reason: /\/payment\/invoiceNumber is missing/ },
    { name: 'a bad amount', input: invoicePaidWebhook({ paymentAmount: '£12048' }), reason: /\/payment\/paymentAmount "£12048" is not an amount/ },
  ],
});
