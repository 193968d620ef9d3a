import { assertConsumes, DeliveryContext, DeliveryReceipt, sendCall, TargetConnector } from '@hub/connector-sdk';
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
export class FinanceConnector implements TargetConnector<FinanceCall> {
  readonly manifest = financeManifest;

  map(event: CanonicalEvent): FinanceCall {
    assertConsumes(this.manifest, event);
    return mapToLedger(event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const call = this.map(event);
    // Without a credential the ledger answers 401, a permanent rejection that names the cause.
    const auth: Record<string, string> = ctx.credential ? { authorization: `Bearer ${ctx.credential}` } : {};
    const answer = await sendCall(call, ctx, { headers: auth });
    const reference = (answer.body as Record<string, unknown> | undefined)?.[REFERENCE[call.kind]];
    // An import file carries its own control totals: they go to the ledger with the delivery.
    const file = call.kind === 'journal-import' || call.kind === 'cost-centre-import' ? { file: writtenFileTotals(call.body) } : {};
    return { status: answer.status, reference: typeof reference === 'string' ? reference : undefined, ...file };
  }
}
