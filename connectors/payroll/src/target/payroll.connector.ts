import type { CanonicalEvent } from '@hub/events';
import { ComparableValue, HttpAnswer, OneCallConnector } from '@hub/connector-sdk';
import { payrollCanonicalFields } from './payroll.canonical-fields';
import type { PayrollCall } from './payroll.format';
import { payrollManifest } from '../payroll.manifest';
import { toPayrollCall } from './payroll.mapper';

/** The bureau's answer: `payrollId` for a new employee, `reference` for the changes to one. */
type BureauAnswer = { payrollId?: string; reference?: string } | undefined;

/** Joiners, movers, leavers and pay changes → the payroll bureau's REST API, one call per event. */
export class PayrollConnector extends OneCallConnector<PayrollCall> {
  readonly manifest = payrollManifest;

  protected toCall(event: CanonicalEvent): PayrollCall {
    return toPayrollCall(event);
  }

  protected receiptOf(_call: PayrollCall, answer: HttpAnswer): { reference?: string } {
    const body = answer.body as BureauAnswer;
    return { reference: body?.payrollId ?? body?.reference };
  }

  canonicalFields(call: PayrollCall, event: CanonicalEvent): Record<string, ComparableValue> {
    return payrollCanonicalFields(call, event);
  }
}
