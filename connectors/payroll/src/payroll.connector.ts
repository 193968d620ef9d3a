import { CanonicalEvent } from '@hub/events';
import { assertConsumes, DeliveryContext, DeliveryReceipt, sendJson, TargetConnector } from '@hub/connector-sdk';
import { PayrollEmployeeRecord } from './payroll.format';
import { payrollManifest } from './payroll.manifest';
import { mapJoinerToPayroll } from './payroll.mapper';

export class PayrollConnector implements TargetConnector<PayrollEmployeeRecord> {
  readonly manifest = payrollManifest;

  map(event: CanonicalEvent): PayrollEmployeeRecord {
    assertConsumes(this.manifest, event);
    return mapJoinerToPayroll(event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const answer = await sendJson('POST', `${ctx.target.endpoint}/api/v2/employees`, this.map(event), {
      timeoutMs: ctx.target.timeoutMs,
      headers: { 'idempotency-key': ctx.idempotencyKey },
    });
    const reference = (answer.body as { payrollId?: string } | undefined)?.payrollId;
    return { status: answer.status, reference };
  }
}
