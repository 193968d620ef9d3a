// Realistic webhooks of each kind for force FEN, for specs, integration tests and the demo.
import type {
  HrAbsenceRecordedWebhook,
  HrCompensationChangedWebhook,
  HrWorkerHiredWebhook,
  HrWorkerTerminatedWebhook,
  HrWorkerTransferredWebhook,
  HrWorkerUpdatedWebhook,
} from '../source/hr-webhook.format';
import type { HrIncidentRecord, HrTrainingRecord } from '../target/hr-records.format';

const envelope = <E extends string>(eventType: E, eventId: string) => ({ eventType, eventId, occurredAt: '2026-11-20T10:15:00Z', organisation: 'FEN' });

export const hired = (worker: Partial<HrWorkerHiredWebhook['worker']> = {}): HrWorkerHiredWebhook => ({
  ...envelope('worker.hired', 'wh-FEN-10234-1'),
  worker: {
    workerNumber: 'FEN-10234',
    givenName: 'Amira',
    middleNames: 'Grace',
    familyName: 'Okafor',
    birthDate: '1994-03-17',
    nationalInsurance: 'QQ123456C',
    workEmail: 'amira.okafor@example.police.uk',
    category: 'POLICE_OFFICER',
    rank: 'Constable',
    position: 'Police Constable',
    payGrade: 'PC-1',
    department: { id: 'NPT-03', name: 'Neighbourhood Policing Team 3' },
    costCentre: 'FEN4410',
    fte: 1,
    annualSalaryGBP: '29961.10',
    hireDate: '2026-12-01',
    ...worker,
  },
});

export const transferred = (transfer: Partial<HrWorkerTransferredWebhook['transfer']> = {}): HrWorkerTransferredWebhook => ({
  ...envelope('worker.transferred', 'wh-FEN-10234-7'),
  transfer: {
    workerNumber: 'FEN-10234',
    transferType: 'PROMOTION',
    previousPlacement: { department: { id: 'NPT-03', name: 'Neighbourhood Policing Team 3' }, position: 'Police Constable', rank: 'Constable', payGrade: 'PC-7', costCentre: 'FEN4410', fte: 1 },
    newPlacement: { department: { id: 'RP-01', name: 'Roads Policing Unit' }, position: 'Police Sergeant', rank: 'Sergeant', payGrade: 'PS-1', costCentre: 'FEN4520', fte: 1 },
    effectiveDate: '2027-02-01',
    ...transfer,
  },
});

export const terminated = (termination: Partial<HrWorkerTerminatedWebhook['termination']> = {}): HrWorkerTerminatedWebhook => ({
  ...envelope('worker.terminated', 'wh-FEN-08811-3'),
  termination: { workerNumber: 'FEN-08811', leavingReason: 'RETIRED', lastDayWorked: '2026-12-18', lastDayOfEmployment: '2026-12-31', ...termination },
});

export const updated = (changes: HrWorkerUpdatedWebhook['update']['changes'] = {
  legalName: { title: 'Mrs', givenName: 'Hannah', familyName: 'Whitfield' },
  knownAs: 'Han',
  homeAddress: { addressLines: ['14 Mill Lane', 'Little Ashby'], town: 'Fenbridge', postcode: 'fe4 7qt' },
  emails: [{ type: 'WORK', address: 'hannah.whitfield@example.police.uk' }, { type: 'PERSONAL', address: 'hannah.w@example.com' }],
  phones: [{ type: 'MOBILE', number: '07700 900123' }, { type: 'HOME', number: '01632 960123' }],
  emergencyContact: { fullName: 'Tom Whitfield', relationship: 'Spouse', phoneNumber: '07700 900456' },
}): HrWorkerUpdatedWebhook => ({
  ...envelope('worker.updated', 'wh-FEN-30561-12'),
  update: { workerNumber: 'FEN-30561', effectiveDate: '2026-10-12', changes },
});

export const absence = (a: Partial<HrAbsenceRecordedWebhook['absence']> = {}): HrAbsenceRecordedWebhook => ({
  ...envelope('absence.recorded', 'wh-FEN-ABS-0099812-1'),
  absence: {
    absenceReference: 'FEN-ABS-0099812',
    workerNumber: 'FEN-10234',
    absenceCode: 'SICK',
    sicknessReason: 'MSK',
    workRelated: false,
    firstDayAbsent: '2026-11-02',
    lastDayAbsent: '2026-11-06',
    ...a,
  },
});

export const compensation = (c: Partial<HrCompensationChangedWebhook['compensation']> = {}): HrCompensationChangedWebhook => ({
  ...envelope('compensation.changed', 'wh-FEN-PCR-2026-00318'),
  compensation: {
    changeReference: 'FEN-PCR-2026-00318',
    workerNumber: 'FEN-10234',
    changeKind: 'ALLOWANCE',
    amountGBP: '2625.00',
    frequency: 'ANNUAL',
    allowanceCode: 'DOG-HANDLER',
    approvedBy: { workerNumber: 'FEN-11873', givenName: 'Gareth', familyName: 'Pryce' },
    effectiveDate: '2026-12-01',
    endDate: '2027-11-30',
    ...c,
  },
});

/** The personnel record of FEN-10234's officer safety training (the connector's record of the training fixture). */
export const sampleTrainingRecord = (o: Partial<HrTrainingRecord> = {}): HrTrainingRecord => ({
  organisation: 'FEN',
  externalReference: 'FEN-TRN-2026-118204',
  courseCode: 'OST-REFRESH',
  courseTitle: 'Officer Safety Training annual refresher',
  provider: 'Fenland Constabulary Learning & Development',
  complianceCategory: 'OST',
  completionDate: '2026-11-18',
  outcome: 'PASSED',
  scorePercent: 86,
  expiryDate: '2027-11-30',
  hours: 14,
  ...o,
});

/** A personnel record of an incident FEN-10234 was involved in. */
export const sampleIncidentRecord = (o: Partial<HrIncidentRecord> = {}): HrIncidentRecord => ({
  organisation: 'FEN',
  externalReference: 'FEN-HS-2026-0213',
  occurredAt: '2026-11-30T08:15:00Z',
  incidentType: 'SLIP_TRIP_FALL',
  location: 'Rear yard, vehicle wash bay',
  locationUnit: null,
  role: 'INJURED',
  injury: { nature: 'SPRAIN_STRAIN', bodyPart: 'LEG', treatment: 'FIRST_AID' },
  riddorReportable: false,
  ...o,
});
