import { DeliveryContext, DeliveryReceipt, HttpAnswer, OneCallConnector, SendCallOptions } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { FinanceCall } from '../finance.format';
import { financeManifest } from '../finance.manifest';
import { writtenFileTotals } from './finance.import-file';
import { mapToLedger } from './finance.mapper';

/** Where each answer of the ledger carries its own reference for what it stored. */
const REFERENCE: Record<FinanceCall['kind'], string> = {
  'journal-import': 'importId',
  'cost-centre-import': 'importId',
  'purchase-order': 'purchaseOrderId',
  invoice: 'invoiceId',
  payee: 'payeeId',
};

/** The shared finance ledger: one call per event, each with the idempotency key and the bearer token. */
export class FinanceConnector extends OneCallConnector<FinanceCall> {
  readonly manifest = financeManifest;

  protected toCall(event: CanonicalEvent): FinanceCall {
    return mapToLedger(event);
  }

  protected override sendOptions(_call: FinanceCall, _event: CanonicalEvent, ctx: DeliveryContext): SendCallOptions {
    // Without a credential the ledger answers 401, a permanent rejection that names the cause.
    return { headers: ctx.credential ? { authorization: `Bearer ${ctx.credential}` } : {} };
  }

  protected receiptOf(call: FinanceCall, answer: HttpAnswer): Omit<DeliveryReceipt, 'status'> {
    const reference = (answer.body as Record<string, unknown> | undefined)?.[REFERENCE[call.kind]];
    // An import file carries its own control totals: they go to the ledger with the delivery.
    const file = call.kind === 'journal-import' || call.kind === 'cost-centre-import' ? { file: writtenFileTotals(call.body) } : {};
    return { reference: typeof reference === 'string' ? reference : undefined, ...file };
  }
}
