/** A webhook of the shared HR system, in its own shape. */
export interface HrWorkerHiredWebhook {
  eventType: 'worker.hired';
  eventId: string;
  occurredAt: string;
  /** The HR system's code of the force that employs the worker. */
  organisation: string;
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
    department: { id: string; name: string };
    costCentre: string;
    fte: number;
    annualSalaryGBP: string;
    hireDate: string;
  };
}
