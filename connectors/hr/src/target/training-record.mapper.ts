import type { TypedEvent } from '@hub/canonical-types';
import type { HrTrainingRequest, HrTrainingRecord } from './hr-records.format';
import { mappingFailed } from '@hub/connector-sdk';
import { isWorkerOf } from './worker-of-force';

type Mandate = NonNullable<TypedEvent<'training.course.completed.v1'>['data']['course']['mandate']>;

const COMPLIANCE: Record<Mandate, NonNullable<HrTrainingRecord['complianceCategory']>> = {
  'officer-safety': 'OST',
  'first-aid': 'FIRST_AID',
  taser: 'TASER',
  'public-order': 'PUBLIC_ORDER',
  'police-driving': 'DRIVING',
  firearms: 'FIREARMS',
  'data-protection': 'DATA_PROTECTION',
};
const OUTCOME = { pass: 'PASSED', fail: 'FAILED', attended: 'ATTENDED', deferred: 'DEFERRED' } as const;

/** training.course.completed.v1 → a training record on the person's file. */
export function mapTrainingRecord(event: TypedEvent<'training.course.completed.v1'>): HrTrainingRequest {
  const d = event.data;
  const organisation = event.tenant.toUpperCase();
  // Filing it under another force's worker would leak one force's training data into another's records.
  if (!isWorkerOf(d.employeeId, organisation)) throw mappingFailed(`${d.employeeId} is not a worker of ${organisation}`, '/data/employeeId');
  return {
    kind: 'training-records',
    workerNumber: d.employeeId,
    record: {
      organisation,
      externalReference: d.completionId,
      courseCode: d.course.code,
      courseTitle: d.course.title,
      provider: d.course.provider ?? null,
      complianceCategory: d.course.mandate ? COMPLIANCE[d.course.mandate] : null,
      completionDate: d.completedOn,
      outcome: OUTCOME[d.result],
      scorePercent: d.score ?? null,
      expiryDate: d.expiresOn ?? null,
      hours: d.trainingHours ?? null,
    },
  };
}
