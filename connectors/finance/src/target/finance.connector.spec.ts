import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, penceOf, PermanentDeliveryError } from '@hub/connector-sdk';
import { rejection } from '@hub/testing';
import { FinanceConnector } from './finance.connector';
import { LedgerSimulator } from '../simulator/ledger-simulator';
import { eventOf, fixture } from '../testing/samples';

describe('FinanceConnector.deliver against the ledger simulator', () => {
  const connector = new FinanceConnector();
  const sim = new LedgerSimulator('fen');
  let target: TargetConfig;
  beforeAll(async () => {
    await sim.start();
    target = { id: 'finance-fen', tenant: 'fen', connector: 'finance', endpoint: sim.url, timeoutMs: 2000, concurrency: 1, ordering: 'none', retry: { attempts: 1, backoffMs: 10, maxBackoffMs: 10 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } };
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  const deliver = (type: string, name: string, key: string, credential: string | null = 'ledger-api-token') =>
    connector.deliver(eventOf(type, fixture(type, name)), { target, idempotencyKey: key, attempt: 1, credential: credential ?? undefined, extensions: {} });

  it('uploads a journal as an import file with the bearer token and key, and returns the import id', async () => {
    const receipt = await deliver('finance.journal.posted.v1', 'full', 'finance-fen.j1');

    const stored = sim.imports.get('IMP-FEN-000001');
    expect(stored).toMatchObject({ jobName: 'GL_JOURNAL_IMPORT', lineCount: 3, controlTotal: '204953.87' });
    // The file's control totals, for reconciliation: what the ledger counted in the same file.
    expect(receipt).toEqual({
      status: 202, reference: 'IMP-FEN-000001',
      file: { name: stored!.fileName, kind: 'GL_JOURNAL_IMPORT', records: stored!.lineCount, total: penceOf(stored!.controlTotal), unit: 'minor-units', currency: 'GBP' },
    });
    expect(sim.calls[0].request.headers).toMatchObject({ authorization: 'Bearer ledger-api-token', 'idempotency-key': 'finance-fen.j1' });
  });

  it.each([
    ['finance.cost-centre.changed.v1', 'created', 202, 'IMP-FEN-000001', () => sim.imports.size],
    ['procurement.purchase-order.raised.v1', 'full', 201, 'PO-FEN-000001', () => sim.purchaseOrders.size],
    ['procurement.invoice.received.v1', 'credit-note', 201, 'INV-FEN-000001', () => sim.invoices.size],
    ['hr.employee.joined.v2', 'full', 201, 'PAYEE-FEN-000001', () => sim.payees.size],
  ])('delivers %s (%s) and the ledger stores it', async (type, name, status, reference, stored) => {
    const { file, ...receipt } = await deliver(type, name, `k-${type}`);
    expect(receipt).toEqual({ status, reference });
    // Only import files carry control totals.
    expect(file?.kind).toBe(type === 'finance.cost-centre.changed.v1' ? 'COA_SEGMENT_VALUE_IMPORT' : undefined);
    expect(stored()).toBe(1);
  });

  it('without its credential the ledger answers 401: a permanent rejection', async () => {
    const err = await rejection(deliver('procurement.purchase-order.raised.v1', 'full', 'k-nocred', null));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 401 });
    expect(sim.purchaseOrders.size).toBe(0);
  });

  it("a 409 for a record the ledger holds already (another key) is permanent, with the ledger's reason", async () => {
    await deliver('procurement.invoice.received.v1', 'full', 'k-a');
    const err = await rejection(deliver('procurement.invoice.received.v1', 'full', 'k-b'));
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 409, message: expect.stringContaining('INV-2026-11873') });
  });
});
