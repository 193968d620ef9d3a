import { CanonicalEvent } from '@hub/events';
import { DeliveryContext, DeliveryErrorCode, DeliveryReceipt, PermanentDeliveryError, sendJson, TargetConnector } from '@hub/connector-sdk';
import { payrollManifest } from './payroll.manifest';
import { mapJoinerToPayroll } from './payroll.mapper';

export class PayrollConnector implements TargetConnector {
  readonly manifest = payrollManifest;

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    if (!this.manifest.consumes.includes(event.type)) {
      throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `payroll connector does not take ${event.type}`);
    }
    const record = mapJoinerToPayroll(event);
    const answer = await sendJson('POST', `${ctx.target.endpoint}/api/v2/employees`, record, {
      timeoutMs: ctx.target.timeoutMs,
      headers: { 'idempotency-key': ctx.idempotencyKey },
    });
    const reference = (answer.body as { payrollId?: string } | undefined)?.payrollId;
    return { status: answer.status, reference };
  }
}
