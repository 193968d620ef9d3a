import { HttpSimulator, IdempotencyKeys, SimAnswer, SimRequest } from '@hub/connector-sdk';
import type { HrIncidentRecord, HrTrainingRecord } from '../target/hr-records.format';

export type StoredTrainingRecord = HrTrainingRecord & { recordId: string };
export type StoredIncidentRecord = HrIncidentRecord & { recordId: string };

const ROUTE = /^\/api\/v1\/workers\/([^/]+)\/(training-records|incident-records)$/;

// What the HR API requires of each record, and the codes it knows.
const REQUIRED = {
  'training-records': ['organisation', 'externalReference', 'courseCode', 'courseTitle', 'completionDate', 'outcome'],
  'incident-records': ['organisation', 'externalReference', 'occurredAt', 'incidentType', 'location', 'role'],
} as const;
const CODES: Record<string, readonly (string | null)[]> = {
  outcome: ['PASSED', 'FAILED', 'ATTENDED', 'DEFERRED'],
  complianceCategory: ['OST', 'FIRST_AID', 'TASER', 'PUBLIC_ORDER', 'DRIVING', 'FIREARMS', 'DATA_PROTECTION', null],
  incidentType: ['ASSAULT', 'SLIP_TRIP_FALL', 'MANUAL_HANDLING', 'RTC', 'BODILY_FLUIDS', 'DOG_BITE', 'HAZARDOUS_SUBSTANCE', 'NEAR_MISS', 'OTHER'],
  role: ['INJURED', 'INVOLVED', 'WITNESS'],
};

type Kind = keyof typeof REQUIRED;
type Body = Record<string, unknown>;

/**
 * The shared HR system's REST API for one force, as far as the hub uses it: training and incident
 * records on a worker's file. Like the real one it needs the force's bearer token (401), an
 * Idempotency-Key (400; a repeated key gets the first answer, a key reused for another request
 * 422), refuses an incomplete record or another force's (422, naming why), and files a record
 * again under the same externalReference as an update (200) rather than a second record.
 */
export class HrSimulator extends HttpSimulator {
  /** Training records on each worker's file, by worker number. */
  readonly trainingRecords = new Map<string, StoredTrainingRecord[]>();
  /** Incident records on each worker's file, by worker number. */
  readonly incidentRecords = new Map<string, StoredIncidentRecord[]>();
  private readonly keys = new IdempotencyKeys({
    missing: () => ({ status: 400, body: { error: 'Idempotency-Key header is required' } }),
    reused: (key) => ({ status: 422, body: { error: `Idempotency-Key ${key} was used for another request` } }),
  });
  /** How many requests repeated an idempotency key already answered. */
  get repeats(): number {
    return this.keys.repeats;
  }
  private seq = 0;

  constructor(readonly forceCode: string, port = 0, host = '127.0.0.1', private readonly token = 'hr-api-token') {
    super(`hr-${forceCode}`, port, host);
  }

  private get organisation(): string {
    return this.forceCode.toUpperCase();
  }

  protected handle(req: SimRequest): SimAnswer {
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'a valid bearer token is required' } };
    const route = ROUTE.exec(req.path);
    if (req.method !== 'POST' || !route) return { status: 404, body: { error: `no endpoint ${req.method} ${req.path}` } };
    return this.keys.answer(req, () => {
      let workerNumber: string;
      try {
        workerNumber = decodeURIComponent(route[1]);
      } catch {
        return { status: 400, body: { error: `${route[1]} is not a worker number` } };
      }
      return this.file(workerNumber, route[2] as Kind, req.body);
    });
  }

  private file(workerNumber: string, kind: Kind, body: unknown): SimAnswer {
    if (!workerNumber.startsWith(`${this.organisation}-`)) return { status: 422, body: { error: `${workerNumber} is not a worker of ${this.organisation}` } };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 422, body: { error: 'the body must be a JSON object' } };
    const record = body as Body;
    const missing: string[] = REQUIRED[kind].filter((f) => record[f] === undefined || record[f] === null || record[f] === '');
    // HR tracks compliance by expiry: a passed mandated course without one cannot be tracked.
    if (kind === 'training-records' && record.complianceCategory && record.outcome === 'PASSED' && !record.expiryDate) missing.push('expiryDate');
    const invalid = Object.keys(CODES).filter((f) => record[f] !== undefined && !CODES[f].includes(record[f] as string));
    if (missing.length || invalid.length) return { status: 422, body: { error: `invalid ${kind.replace(/s$/, '').replace('-', ' ')}`, missing, invalid } };
    if (record.organisation !== this.organisation) return { status: 422, body: { error: `this HR tenant is ${this.organisation}, not ${String(record.organisation)}` } };
    return kind === 'training-records'
      ? this.upsert(this.trainingRecords, workerNumber, record as unknown as HrTrainingRecord, 'TRN')
      : this.upsert(this.incidentRecords, workerNumber, record as unknown as HrIncidentRecord, 'INC');
  }

  private upsert<R extends { externalReference: string }>(file: Map<string, (R & { recordId: string })[]>, workerNumber: string, record: R, prefix: string): SimAnswer {
    const records = file.get(workerNumber) ?? [];
    const index = records.findIndex((r) => r.externalReference === record.externalReference);
    if (index >= 0) {
      const recordId = records[index].recordId;
      records[index] = { ...record, recordId };
      return { status: 200, body: { recordId, updated: true } };
    }
    const recordId = `HR-${this.organisation}-${prefix}-${String(++this.seq).padStart(6, '0')}`;
    file.set(workerNumber, [...records, { ...record, recordId }]);
    return { status: 201, body: { recordId } };
  }

  protected clear(): void {
    this.trainingRecords.clear();
    this.incidentRecords.clear();
    this.keys.clear();
    this.seq = 0;
  }

  override snapshot(): { trainingRecords: Record<string, StoredTrainingRecord[]>; incidentRecords: Record<string, StoredIncidentRecord[]>; repeats: number } {
    return { trainingRecords: Object.fromEntries(this.trainingRecords), incidentRecords: Object.fromEntries(this.incidentRecords), repeats: this.repeats };
  }
}
