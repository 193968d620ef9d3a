import type { HrEmployeeJoinedV1Data } from '@hub/canonical-types';
import type { HrWorkerHiredWebhook } from './hr-webhook.format';
import { COST_CENTRE, EMAIL, NI_NUMBER, WebhookFields } from '@hub/connector-sdk';
import { compact, orgUnitOf, WebhookMapper, workerNumberOf } from './webhook-mapping';

const WORKER_TYPE = { POLICE_OFFICER: 'officer', POLICE_STAFF: 'staff', SPECIAL_CONSTABLE: 'special-constable' } as const;

/** worker.hired → hr.employee.joined.v1 */
export const mapWorkerHired: WebhookMapper<HrWorkerHiredWebhook> = (hook, organisation) => {
  const w: WebhookFields<HrWorkerHiredWebhook['worker']> = hook.object('worker');
  const employeeId = workerNumberOf(w, organisation);
  const data: HrEmployeeJoinedV1Data = compact({
    employeeId,
    name: compact({ forename: w.text('givenName', { max: 100 }), middleNames: w.optionalText('middleNames', { max: 200 }), surname: w.text('familyName', { max: 100 }) }),
    dateOfBirth: w.date('birthDate'),
    niNumber: w.optionalText('nationalInsurance', { pattern: NI_NUMBER }),
    email: w.optionalText('workEmail', { pattern: EMAIL }),
    employment: compact({
      workerType: w.code('category', WORKER_TYPE),
      rank: w.optionalText('rank', { max: 40 }),
      jobTitle: w.text('position', { max: 120 }),
      grade: w.text('payGrade', { max: 20 }),
      orgUnit: orgUnitOf(w.object('department')),
      costCentre: w.text('costCentre', { pattern: COST_CENTRE }),
      fte: w.number('fte', { min: 0, max: 1, aboveMin: true }),
      annualSalary: { amountMinor: w.pence('annualSalaryGBP'), currency: 'GBP' },
    }),
    effectiveFrom: w.date('hireDate'),
  });
  return { type: 'hr.employee.joined.v1', subject: employeeId, data };
};
