import { CanonicalEvent } from '@hub/events';
import { assertConsumes, ComparableValue, DeliveryContext, DeliveryReceipt, sendCall, TargetConnector } from '@hub/connector-sdk';
import { payrollCanonicalFields } from './payroll.canonical-fields';
import { PayrollCall } from './payroll.format';
import { payrollManifest } from '../payroll.manifest';
import { toPayrollCall } from './payroll.mapper';

/** The bureau's answer: `payrollId` for a new employee, `reference` for the changes to one. */
type BureauAnswer = { payrollId?: string; reference?: string } | undefined;

export class PayrollConnector implements TargetConnector<PayrollCall> {
  readonly manifest = payrollManifest;

  map(event: CanonicalEvent): PayrollCall {
    assertConsumes(this.manifest, event);
    return toPayrollCall(event);
  }

  canonicalFields(call: PayrollCall, event: CanonicalEvent): Record<string, ComparableValue> {
    return payrollCanonicalFields(call, event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const call = this.map(event);
    const answer = await sendCall(call, ctx);
    const body = answer.body as BureauAnswer;
    return { status: answer.status, reference: body?.payrollId ?? body?.reference };
  }
}
