import type { HrEmployeeLeftV1Data } from '@hub/canonical-types';
import type { HrWorkerTerminatedWebhook } from './hr-webhook.format';
import { assertNotBefore, WebhookMapper, workerNumberOf } from './webhook-mapping';

const REASON = {
  RESIGNED: 'resignation',
  RETIRED: 'retirement',
  DISMISSED: 'dismissal',
  TRANSFERRED_OUT: 'transfer-out',
  CONTRACT_ENDED: 'end-of-contract',
  DECEASED: 'death-in-service',
} as const;

/** The day after a YYYY-MM-DD date. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * worker.terminated → hr.employee.left.v1. The HR system gives the last day of employment; the
 * canonical effectiveFrom is the first day the person has left, the day after.
 */
export const mapWorkerTerminated: WebhookMapper<HrWorkerTerminatedWebhook> = (hook, organisation) => {
  const t = hook.object('termination');
  const employeeId = workerNumberOf(t, organisation);
  const lastWorkingDay = t.date('lastDayWorked');
  const lastDayOfEmployment = t.date('lastDayOfEmployment');
  assertNotBefore(t, 'lastDayOfEmployment', lastDayOfEmployment, lastWorkingDay);
  const data: HrEmployeeLeftV1Data = {
    employeeId,
    reason: t.code('leavingReason', REASON),
    lastWorkingDay,
    effectiveFrom: dayAfter(lastDayOfEmployment),
  };
  return { type: 'hr.employee.left.v1', subject: employeeId, data };
};
