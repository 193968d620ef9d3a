import type { ConnectorManifest } from '@hub/connector-sdk';

export const financeManifest: ConnectorManifest = {
  name: 'finance',
  description: 'Shared finance ledger with procurement: journals and cost centres as batch import files, POs, invoices and employee payees over its REST API; its payment and PO webhooks become canonical events.',
  direction: 'both',
  transport: 'http',
  credential: 'required',
  consumes: [
    'finance.journal.posted.v1',
    'finance.cost-centre.changed.v1',
    'procurement.purchase-order.raised.v1',
    'procurement.invoice.received.v1',
    'hr.employee.joined.v1',
    'hr.employee.joined.v2',
  ],
  produces: ['procurement.invoice.paid.v1', 'procurement.purchase-order.raised.v1'],
  defaults: {
    // A payee's or cost centre's changes, and an invoice after its purchase order, in order.
    ordering: 'subject',
    // The ledger's published API limit is 20 calls a second per client; imports can take a while to queue.
    rateLimit: { max: 20, perMs: 1000 },
    retry: { attempts: 6, backoffMs: 2_000, maxBackoffMs: 120_000 },
    timeoutMs: 15_000,
    concurrency: 4,
  },
};

/** The CloudEvents `source` of events the ledger emits. */
export const FINANCE_SOURCE = 'urn:erp-hub:source:finance';
