import type { PayrollPayChangeRequestedV1Data } from '@hub/canonical-types';
import type { HrCompensationChangedWebhook } from './hr-webhook.format';
import { CODE, RECORD_ID, EMPLOYEE_ID } from '@hub/connector-sdk';
import { assertNotBefore, compact, WebhookMapper, workerNumberOf } from './webhook-mapping';

const CHANGE_TYPE = { PAY_AWARD: 'pay-award', INCREMENT: 'increment', ALLOWANCE: 'allowance', ONE_OFF_PAYMENT: 'one-off-payment' } as const;
const BASIS = { ANNUAL: 'annual', PER_PAY_PERIOD: 'per-pay-period', ONE_OFF: 'one-off' } as const;

/** compensation.changed → payroll.pay-change.requested.v1 (HR asks payroll to change what a person is paid). */
export const mapCompensationChanged: WebhookMapper<HrCompensationChangedWebhook> = (hook, organisation) => {
  const c = hook.object('compensation');
  const employeeId = workerNumberOf(c, organisation);
  const changeType = c.code('changeKind', CHANGE_TYPE);
  const effectiveFrom = c.date('effectiveDate');
  const effectiveTo = c.optionalDate('endDate');
  assertNotBefore(c, 'endDate', effectiveTo, effectiveFrom);
  const approver = c.optionalObject('approvedBy');
  const data: PayrollPayChangeRequestedV1Data = compact({
    requestId: c.text('changeReference', { pattern: RECORD_ID }),
    employeeId,
    changeType,
    amount: { amountMinor: c.pence('amountGBP'), currency: 'GBP' },
    basis: c.code('frequency', BASIS),
    // Payroll cannot apply an allowance without knowing which one.
    allowanceCode: changeType === 'allowance' ? c.text('allowanceCode', { pattern: CODE }) : c.optionalText('allowanceCode', { pattern: CODE }),
    grade: c.optionalText('newPayGrade', { max: 20 }),
    authorisedBy: approver && compact({
      employeeId: approver.text('workerNumber', { pattern: EMPLOYEE_ID }),
      forename: approver.optionalText('givenName', { max: 100 }),
      surname: approver.optionalText('familyName', { max: 100 }),
    }),
    effectiveFrom,
    effectiveTo,
  });
  return { type: 'payroll.pay-change.requested.v1', subject: employeeId, data };
};
