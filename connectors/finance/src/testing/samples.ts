// Test-only samples: canonical events built from the schemas' own fixtures, and ledger webhooks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalEvent } from '@hub/events';
import type { LedgerInvoicePaidWebhook, LedgerPurchaseOrderApprovedWebhook } from '../source/finance-webhook.format';

export const SCHEMAS_DIR = join(__dirname, '..', '..', '..', '..', 'schemas');

/** A valid fixture's data (`schemas/fixtures/<type>/valid/<name>.json`), a fresh copy each time. */
export function fixture<T = any>(type: string, name: string): T {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, 'fixtures', type, 'valid', `${name}.json`), 'utf8')) as T;
}

export function eventOf(type: string, data: unknown, tenant = 'fen'): CanonicalEvent {
  return { specversion: '1.0', id: `evt-${type}`, source: 'urn:erp-hub:source:test', type, subject: 'SUBJ-1', tenant, data };
}

export function invoicePaidWebhook(payment: Partial<LedgerInvoicePaidWebhook['payment']> = {}): LedgerInvoicePaidWebhook {
  return {
    eventType: 'invoice.paid',
    eventId: 'LEDGER-EVT-000981',
    createdAt: '2026-12-30T16:05:00Z',
    payment: {
      businessUnit: 'FEN',
      invoiceNumber: 'INV-2026-11873',
      supplierNumber: 'SUP-00871',
      supplierName: 'Anglia Protective Equipment Ltd',
      poNumber: 'FEN-PO-0045123',
      paymentDate: '2026-12-30',
      paymentAmount: '12048.00',
      currencyCode: 'GBP',
      paymentMethod: 'BACS',
      paymentRunReference: 'FEN-BACS-20261230-01',
      invoiceStatus: 'PAID',
      ...payment,
    },
  };
}

export function purchaseOrderApprovedWebhook(po: Partial<LedgerPurchaseOrderApprovedWebhook['purchaseOrder']> = {}): LedgerPurchaseOrderApprovedWebhook {
  return {
    eventType: 'purchaseOrder.approved',
    eventId: 'LEDGER-EVT-000977',
    createdAt: '2026-11-24T09:12:00Z',
    purchaseOrder: {
      businessUnit: 'FEN',
      poNumber: 'FEN-PO-0045123',
      supplierNumber: 'SUP-00871',
      supplierName: 'Anglia Protective Equipment Ltd',
      supplierVatNumber: 'GB123456789',
      orderDate: '2026-11-24',
      requesterEmployeeNumber: 'FEN-04410',
      shipToLocation: { code: 'FEN-STORES', name: 'Fenland Central Stores' },
      contractNumber: null,
      servicePeriod: null,
      currencyCode: 'GBP',
      lines: [
        { lineNumber: 1, description: 'Body armour, covert, size M', quantity: 20, unitPrice: '425.00', lineAmount: '8500.00', account: '6120', costCentre: 'FEN4520' },
        { lineNumber: 2, description: 'Handcuffs, rigid, with pouch', quantity: 40, unitPrice: '38.50', lineAmount: '1540.00', account: '6120', costCentre: 'FEN4520' },
      ],
      totalAmount: '10040.00',
      ...po,
    },
  };
}
