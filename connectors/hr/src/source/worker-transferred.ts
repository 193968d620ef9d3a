import type { HrEmployeeMovedV1Data } from '@hub/canonical-types';
import type { HrPlacement, HrWorkerTransferredWebhook } from './hr-webhook.format';
import { COST_CENTRE, WebhookFields } from '@hub/connector-sdk';
import { assertNotBefore, compact, orgUnitOf, WebhookMapper, workerNumberOf } from './webhook-mapping';

const MOVE_TYPE = {
  LATERAL: 'transfer',
  PROMOTION: 'promotion',
  ACTING_UP: 'temporary-promotion',
  SECONDMENT: 'secondment',
  COST_CENTRE_ONLY: 'cost-centre-change',
} as const;

function positionOf(p: WebhookFields<HrPlacement>): HrEmployeeMovedV1Data['to'] {
  return compact({
    orgUnit: orgUnitOf(p.object('department')),
    jobTitle: p.optionalText('position', { max: 120 }),
    rank: p.optionalText('rank', { max: 40 }),
    grade: p.text('payGrade', { max: 20 }),
    costCentre: p.text('costCentre', { pattern: COST_CENTRE }),
  });
}

/** worker.transferred → hr.employee.moved.v1 (the placement's fte is not carried: moved.v1 has no place for it). */
export const mapWorkerTransferred: WebhookMapper<HrWorkerTransferredWebhook> = (hook, organisation) => {
  const t = hook.object('transfer');
  const employeeId = workerNumberOf(t, organisation);
  const moveType = t.code('transferType', MOVE_TYPE);
  const effectiveFrom = t.date('effectiveDate');
  const previous = t.optionalObject('previousPlacement');
  // A temporary move without its planned end would be refused by the hub: refuse it here, by name.
  const temporary = moveType === 'temporary-promotion' || moveType === 'secondment';
  const effectiveTo = temporary ? t.date('plannedEndDate') : t.optionalDate('plannedEndDate');
  assertNotBefore(t, 'plannedEndDate', effectiveTo, effectiveFrom);
  const data: HrEmployeeMovedV1Data = compact({
    employeeId,
    moveType,
    from: previous && positionOf(previous),
    to: positionOf(t.object('newPlacement')),
    secondedTo: moveType === 'secondment' ? t.optionalText('hostOrganisation', { max: 120 }) : undefined,
    effectiveFrom,
    effectiveTo,
  });
  return { type: 'hr.employee.moved.v1', subject: employeeId, data };
};
