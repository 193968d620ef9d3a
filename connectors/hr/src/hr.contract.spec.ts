import { describeSourceContract, describeTargetContract } from '@hub/testing';
import type { HrRecordRequest } from './target/hr-records.format';
import { HrConnector } from './target/hr.connector';
import { HrSourceConnector } from './source/hr-webhook.source';
import { HrSimulator } from './simulator/hr-simulator';
import { absence, compensation, hired, terminated, transferred, updated } from './testing/samples';

describeTargetContract<HrRecordRequest[]>({
  connector: new HrConnector(),
  simulator: (tenant) => new HrSimulator(tenant),
  tenant: 'fen',
  credential: 'hr-api-token',
  checkRecord: (requests, event) => {
    for (const r of requests) {
      expect(r.workerNumber.startsWith(`${event.tenant.toUpperCase()}-`)).toBe(true);
      expect(r.record.organisation).toBe(event.tenant.toUpperCase());
      expect(r.kind).toBe(event.type === 'training.course.completed.v1' ? 'training-records' : 'incident-records');
    }
  },
});

describeSourceContract({
  connector: new HrSourceConnector(),
  tenant: 'fen',
  samples: [
    { name: 'worker.hired', input: hired() },
    { name: 'worker.transferred', input: transferred() },
    { name: 'worker.transferred (secondment)', input: transferred({ transferType: 'SECONDMENT', hostOrganisation: 'Eastern ROCU', plannedEndDate: '2028-01-31' }) },
    { name: 'worker.terminated', input: terminated() },
    { name: 'worker.updated', input: updated() },
    { name: 'absence.recorded', input: absence() },
    { name: 'compensation.changed', input: compensation() },
  ],
  badInputs: [
    { name: 'an unknown eventType', input: { ...hired(), eventType: 'worker.promoted' }, reason: /eventType "worker\.promoted" is not a webhook/ },
    { name: 'a webhook of another organisation', input: { ...hired(), organisation: 'MOOR' }, reason: /organisation MOOR is not FEN/ },
    { name: 'a malformed amount', input: compensation({ amountGBP: '2,625.00' }), reason: /\/compensation\/amountGBP .* is not an amount/ },
    { name: 'a missing worker number', input: absence({ workerNumber: undefined }), reason: /\/absence\/workerNumber is missing/ },
  ],
});
