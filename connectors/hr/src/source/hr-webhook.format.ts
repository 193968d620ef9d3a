// The webhooks of the shared HR system, in its own shape: camelCase, its own field names and
// codes, amounts as pounds text ("29961.10"), dates as YYYY-MM-DD. Every webhook carries the same
// envelope and one body object named after what happened; `eventType` tells which.

interface HrWebhookEnvelope<E extends string> {
  eventType: E;
  /** The HR system's id of this webhook: stable when it re-sends the same one. */
  eventId: string;
  occurredAt: string;
  /** The HR system's code of the force the worker belongs to (FEN, MOOR, VALE). */
  organisation: string;
}

export interface HrDepartment {
  id: string;
  name: string;
}

export interface HrPlacement {
  department: HrDepartment;
  position?: string;
  rank?: string;
  payGrade: string;
  costCentre: string;
  /** Not carried: hr.employee.moved.v1 has no place for hours (see README). */
  fte?: number;
}

export interface HrWorkerHiredWebhook extends HrWebhookEnvelope<'worker.hired'> {
  worker: {
    workerNumber: string;
    givenName: string;
    middleNames?: string;
    familyName: string;
    birthDate: string;
    nationalInsurance?: string;
    workEmail?: string;
    category: 'POLICE_OFFICER' | 'POLICE_STAFF' | 'SPECIAL_CONSTABLE';
    rank?: string;
    position: string;
    payGrade: string;
    department: HrDepartment;
    costCentre: string;
    fte: number;
    annualSalaryGBP: string;
    hireDate: string;
  };
}

export interface HrWorkerTransferredWebhook extends HrWebhookEnvelope<'worker.transferred'> {
  transfer: {
    workerNumber: string;
    /** ACTING_UP is a temporary promotion; it and SECONDMENT need plannedEndDate. */
    transferType: 'LATERAL' | 'PROMOTION' | 'ACTING_UP' | 'SECONDMENT' | 'COST_CENTRE_ONLY';
    previousPlacement?: HrPlacement;
    newPlacement: HrPlacement;
    /** Where a secondee goes (e.g. a regional crime unit). */
    hostOrganisation?: string;
    effectiveDate: string;
    plannedEndDate?: string;
  };
}

export interface HrWorkerTerminatedWebhook extends HrWebhookEnvelope<'worker.terminated'> {
  termination: {
    workerNumber: string;
    leavingReason: 'RESIGNED' | 'RETIRED' | 'DISMISSED' | 'TRANSFERRED_OUT' | 'CONTRACT_ENDED' | 'DECEASED';
    lastDayWorked: string;
    /** The last day of the contract (after any leave owed); the day after is when the person has left. */
    lastDayOfEmployment: string;
  };
}

export interface HrWorkerUpdatedWebhook extends HrWebhookEnvelope<'worker.updated'> {
  update: {
    workerNumber: string;
    effectiveDate: string;
    /** Only what changed, each part whole. */
    changes: {
      legalName?: { title?: string; givenName: string; middleNames?: string; familyName: string };
      knownAs?: string;
      homeAddress?: { addressLines: string[]; town: string; county?: string; postcode: string };
      /** WORK addresses and numbers belong to the force, not the person: they are not carried. */
      emails?: { type: 'PERSONAL' | 'WORK'; address: string }[];
      phones?: { type: 'HOME' | 'MOBILE' | 'WORK'; number: string }[];
      emergencyContact?: { fullName: string; relationship: string; phoneNumber: string };
    };
  };
}

export interface HrAbsenceRecordedWebhook extends HrWebhookEnvelope<'absence.recorded'> {
  absence: {
    /** Stable: the same absence extended or closed is re-sent with the same reference. */
    absenceReference: string;
    workerNumber: string;
    /** IOD: injury on duty; SPL: shared parental leave. */
    absenceCode: 'SICK' | 'IOD' | 'MATERNITY' | 'PATERNITY' | 'ADOPTION' | 'SPL' | 'COMPASSIONATE' | 'SPECIAL' | 'UNPAID' | 'SUSPENDED';
    /** For sickness and injury: the HR system's reason group (never a diagnosis). */
    sicknessReason?: 'PSYCH' | 'MSK' | 'BACK' | 'RESP' | 'GASTRO' | 'INFECT' | 'ASSAULT' | 'INJURY' | 'PREGNANCY' | 'OTHER';
    workRelated?: boolean;
    hoursLost?: number;
    firstDayAbsent: string;
    lastDayAbsent?: string;
  };
}

export interface HrCompensationChangedWebhook extends HrWebhookEnvelope<'compensation.changed'> {
  compensation: {
    changeReference: string;
    workerNumber: string;
    changeKind: 'PAY_AWARD' | 'INCREMENT' | 'ALLOWANCE' | 'ONE_OFF_PAYMENT';
    /** The new rate (see frequency) or the one-off sum; "0.00" ends an allowance. */
    amountGBP: string;
    frequency: 'ANNUAL' | 'PER_PAY_PERIOD' | 'ONE_OFF';
    /** Required for ALLOWANCE: payroll's allowance code (ON-CALL, DOG-HANDLER). */
    allowanceCode?: string;
    newPayGrade?: string;
    approvedBy?: { workerNumber: string; givenName?: string; familyName?: string };
    effectiveDate: string;
    endDate?: string;
  };
}

/** Any webhook of the HR system. */
export type HrWebhook =
  | HrWorkerHiredWebhook
  | HrWorkerTransferredWebhook
  | HrWorkerTerminatedWebhook
  | HrWorkerUpdatedWebhook
  | HrAbsenceRecordedWebhook
  | HrCompensationChangedWebhook;

export type HrWebhookType = HrWebhook['eventType'];
