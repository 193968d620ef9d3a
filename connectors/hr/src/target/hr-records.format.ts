// The personnel records the HR system's REST API takes, in its own shape. Each is posted to the
// worker it belongs to: POST /api/v1/workers/{workerNumber}/training-records | incident-records.
// `externalReference` is the other system's id: the HR system updates the record it already
// holds under that reference (an incident re-sent after investigation) instead of adding one.

export interface HrTrainingRecord {
  /** The force, as the HR system codes it (FEN): the API refuses another force's record. */
  organisation: string;
  externalReference: string;
  courseCode: string;
  courseTitle: string;
  provider: string | null;
  /** The compliance requirement the course meets, when it is mandated training. */
  complianceCategory: 'OST' | 'FIRST_AID' | 'TASER' | 'PUBLIC_ORDER' | 'DRIVING' | 'FIREARMS' | 'DATA_PROTECTION' | null;
  completionDate: string;
  outcome: 'PASSED' | 'FAILED' | 'ATTENDED' | 'DEFERRED';
  scorePercent: number | null;
  /** When the qualification lapses; HR tracks compliance against it. */
  expiryDate: string | null;
  hours: number | null;
}

export interface HrIncidentRecord {
  organisation: string;
  externalReference: string;
  occurredAt: string;
  incidentType: 'ASSAULT' | 'SLIP_TRIP_FALL' | 'MANUAL_HANDLING' | 'RTC' | 'BODILY_FLUIDS' | 'DOG_BITE' | 'HAZARDOUS_SUBSTANCE' | 'NEAR_MISS' | 'OTHER';
  location: string;
  locationUnit: { id: string; name: string } | null;
  /** This worker's part in the incident. */
  role: 'INJURED' | 'INVOLVED' | 'WITNESS';
  /** This worker's own injury only (health data): never another person's. */
  injury: { nature: string; bodyPart: string | null; treatment: string } | null;
  riddorReportable: boolean | null;
}

/** One call to the HR system's API: the record and the worker it is filed under. */
export type HrTrainingRequest = { kind: 'training-records'; workerNumber: string; record: HrTrainingRecord };
export type HrIncidentRequest = { kind: 'incident-records'; workerNumber: string; record: HrIncidentRecord };
export type HrRecordRequest = HrTrainingRequest | HrIncidentRequest;
