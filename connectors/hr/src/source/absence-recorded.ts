import type { HrAbsenceRecordedV1Data } from '@hub/canonical-types';
import type { HrAbsenceRecordedWebhook } from './hr-webhook.format';
import { RECORD_ID } from '@hub/connector-sdk';
import { assertNotBefore, compact, WebhookMapper, workerNumberOf } from './webhook-mapping';

const ABSENCE_TYPE = {
  SICK: 'sickness',
  IOD: 'injury-on-duty',
  MATERNITY: 'maternity',
  PATERNITY: 'paternity',
  ADOPTION: 'adoption',
  SPL: 'shared-parental',
  COMPASSIONATE: 'compassionate',
  SPECIAL: 'special-leave',
  UNPAID: 'unpaid',
  SUSPENDED: 'suspension',
} as const;

// The HR system's reason groups → the Home Office annual data return categories.
const REASON_CATEGORY = {
  PSYCH: 'mental-health',
  MSK: 'musculoskeletal',
  BACK: 'back-problems',
  RESP: 'respiratory',
  GASTRO: 'gastrointestinal',
  INFECT: 'infectious-disease',
  ASSAULT: 'injury-assault',
  INJURY: 'injury-other',
  PREGNANCY: 'pregnancy-related',
  OTHER: 'other',
} as const;

/** absence.recorded → hr.absence.recorded.v1 (re-sent with the same reference when extended or closed). */
export const mapAbsenceRecorded: WebhookMapper<HrAbsenceRecordedWebhook> = (hook, organisation) => {
  const a = hook.object('absence');
  const employeeId = workerNumberOf(a, organisation);
  const effectiveFrom = a.date('firstDayAbsent');
  const effectiveTo = a.optionalDate('lastDayAbsent');
  assertNotBefore(a, 'lastDayAbsent', effectiveTo, effectiveFrom);
  const data: HrAbsenceRecordedV1Data = compact({
    absenceId: a.text('absenceReference', { pattern: RECORD_ID }),
    employeeId,
    absenceType: a.code('absenceCode', ABSENCE_TYPE),
    reasonCategory: a.optionalCode('sicknessReason', REASON_CATEGORY),
    dutyRelated: a.optionalFlag('workRelated'),
    partDayHours: a.optionalNumber('hoursLost', { min: 0, max: 24 }),
    effectiveFrom,
    effectiveTo,
  });
  return { type: 'hr.absence.recorded.v1', subject: employeeId, data };
};
