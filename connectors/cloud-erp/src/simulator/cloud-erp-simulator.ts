import { HttpSimulator, IdempotencyKeys, SimAnswer, SimRequest } from '@hub/connector-sdk';
import {
  COMPENSATION_CHANGES_PATH,
  ErpCompensationChange,
  ErpFieldError,
  ErpJobChange,
  ErpProblem,
  ErpTermination,
  ErpWorker,
  WorkerChangeKind,
  WORKERS_PATH,
} from '../target/cloud-erp.format';
import { COMPENSATION_CHANGE_RULE, fieldErrors, JOB_CHANGE_RULE, ResourceRule, TenantSettings, TERMINATION_RULE, WORKER_RULE } from './erp-rules';
import { DEFAULT_GRADE_CATALOGUE } from './grade-catalogue';

export type StoredWorker = ErpWorker & { id: string };
export type StoredJobChange = ErpJobChange & { id: string; workerNumber: string };
export type StoredTermination = ErpTermination & { id: string; workerNumber: string };
export type StoredCompensationChange = ErpCompensationChange & { id: string };

export interface CloudErpSimulatorOptions {
  /** The bearer token the ERP tenant accepts (default `cloud-erp-token`). */
  token?: string;
  /** The grade catalogue (default DEFAULT_GRADE_CATALOGUE: the fixtures' grades but SC). */
  grades?: readonly string[];
  /** The tenant's payroll currency (default GBP). */
  currency?: string;
}

const CHANGE_PATH = /^\/api\/v1\/workers\/([^/]+)\/(job-changes|terminations)$/;
type Body = Record<string, unknown>;

const problem = (status: number, slug: string, title: string, errors?: ErpFieldError[], headers?: Record<string, string>): SimAnswer => {
  const body: ErpProblem = { type: `https://cloud-erp.example/problems/${slug}`, title, status, ...(errors ? { errors } : {}) };
  return { status, body, headers: { 'content-type': 'application/problem+json', ...headers } };
};
const invalid = (errors: ErpFieldError[]) => problem(422, 'validation', 'The request has fields the ERP cannot accept', errors);

/**
 * The SaaS ERP's HR and payroll API for one force's tenant, as far as the hub uses it. Like the
 * real one it needs the tenant's bearer token (401), an Idempotency-Key on every call (400; a
 * repeated key gets the first answer, a key reused for another request 409), and validates what
 * it stores: required fields, its codes, dates, money and FTE, the tenant's currency, and grades
 * against its grade catalogue (422 with the fields at fault). A job change or termination of a
 * worker it does not hold is 404, a compensation change for one 422; a second hire, termination or
 * change under one reference is 409 unless it carries a correction, which replaces the first.
 */
export class CloudErpSimulator extends HttpSimulator {
  readonly workers = new Map<string, StoredWorker>();
  /** Every job change taken, per worker number, in the order received. */
  readonly jobChanges = new Map<string, StoredJobChange[]>();
  /** The termination of each worker number (a correction replaces it). */
  readonly terminations = new Map<string, StoredTermination>();
  /** Compensation changes by requestReference (a correction replaces it). */
  readonly compensationChanges = new Map<string, StoredCompensationChange>();
  /** The grade catalogue: add a grade to it as the ERP's administrators would. */
  readonly grades: Set<string>;
  readonly currency: string;
  private readonly token: string;
  private readonly keys = new IdempotencyKeys({
    missing: () => problem(400, 'idempotency-key', 'The Idempotency-Key header is required', [{ field: 'Idempotency-Key', code: 'required' }]),
    reused: (key) => problem(409, 'idempotency-key', `Idempotency-Key ${key} was used for another request`, [{ field: 'Idempotency-Key', code: 'conflict' }]),
  });
  /** How many requests repeated an idempotency key already answered. */
  get repeats(): number {
    return this.keys.repeats;
  }
  private seq = 0;

  constructor(readonly forceCode: string, port = 0, host = '127.0.0.1', options: CloudErpSimulatorOptions = {}) {
    super(`cloud-erp-${forceCode}`, port, host);
    this.token = options.token ?? 'cloud-erp-token';
    this.grades = new Set(options.grades ?? DEFAULT_GRADE_CATALOGUE);
    this.currency = options.currency ?? 'GBP';
  }

  protected handle(req: SimRequest): SimAnswer {
    if (req.headers.authorization !== `Bearer ${this.token}`) return problem(401, 'unauthorised', 'A valid bearer token for this tenant is required', undefined, { 'www-authenticate': 'Bearer' });
    const change = CHANGE_PATH.exec(req.path);
    if (req.method !== 'POST' || (req.path !== WORKERS_PATH && req.path !== COMPENSATION_CHANGES_PATH && !change)) return problem(404, 'not-found', `No endpoint ${req.method} ${req.path}`);
    // Only what it took is remembered: a refusal may be sent again under the same key once fixed
    // (a dead letter replayed after a grade was added to the catalogue).
    return this.keys.answer(req, () => this.take(req, change));
  }

  private take(req: SimRequest, change: RegExpExecArray | null): SimAnswer {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) return problem(400, 'body', 'The body must be a JSON object');
    const body = req.body as Body;
    if (!change) return req.path === WORKERS_PATH ? this.takeWorker(body) : this.takeCompensationChange(body);
    let workerNumber: string;
    try {
      workerNumber = decodeURIComponent(change[1]);
    } catch {
      return problem(400, 'path', `${change[1]} is not a worker number`);
    }
    return this.takeWorkerChange(change[2] as WorkerChangeKind, workerNumber, body);
  }

  private get settings(): TenantSettings {
    return { grades: this.grades, currency: this.currency };
  }

  private check<R>(body: Body, rule: ResourceRule<R>): SimAnswer | undefined {
    const errors = fieldErrors(body, rule, this.settings);
    return errors.length ? invalid(errors) : undefined;
  }

  private takeWorker(body: Body): SimAnswer {
    const refused = this.check(body, WORKER_RULE);
    if (refused) return refused;
    const record = body as unknown as ErpWorker;
    const earlier = this.workers.get(record.workerNumber);
    if (earlier && !record.correction) return problem(409, 'duplicate', `Worker ${record.workerNumber} exists`, [{ field: 'workerNumber', code: 'duplicate' }]);
    const id = earlier?.id ?? this.nextId('wrk');
    this.workers.set(record.workerNumber, { ...record, id });
    return { status: earlier ? 200 : 201, body: { id } };
  }

  private takeWorkerChange(kind: WorkerChangeKind, workerNumber: string, body: Body): SimAnswer {
    const refused = kind === 'job-changes' ? this.check(body, JOB_CHANGE_RULE) : this.check(body, TERMINATION_RULE);
    if (refused) return refused;
    const worker = this.workers.get(workerNumber);
    if (!worker) return problem(404, 'not-found', `Worker ${workerNumber} does not exist`, [{ field: 'workerNumber', code: 'not-found' }]);
    return kind === 'job-changes' ? this.takeJobChange(worker, body as unknown as ErpJobChange) : this.takeTermination(worker, body as unknown as ErpTermination);
  }

  private takeJobChange(worker: StoredWorker, record: ErpJobChange): SimAnswer {
    if (record.temporary && !record.endDate) return invalid([{ field: 'endDate', code: 'required', detail: 'a temporary change needs its end date' }]);
    if (record.endDate && record.endDate < record.effectiveDate) return invalid([{ field: 'endDate', code: 'invalid', detail: `before effectiveDate ${record.effectiveDate}` }]);
    const afterLeaving = this.afterTermination(worker.workerNumber, record.effectiveDate);
    if (afterLeaving) return afterLeaving;
    const stored = { ...record, id: this.nextId('jch'), workerNumber: worker.workerNumber };
    this.jobChanges.set(worker.workerNumber, [...(this.jobChanges.get(worker.workerNumber) ?? []), stored]);
    return { status: 201, body: { id: stored.id } };
  }

  /** One termination per worker; only a correction may restate it. */
  private takeTermination(worker: StoredWorker, record: ErpTermination): SimAnswer {
    if (record.lastDayWorked > record.terminationDate) return invalid([{ field: 'lastDayWorked', code: 'invalid', detail: `after terminationDate ${record.terminationDate}` }]);
    if (record.terminationDate < worker.hireDate) return invalid([{ field: 'terminationDate', code: 'invalid', detail: `before hireDate ${worker.hireDate}` }]);
    const earlier = this.terminations.get(worker.workerNumber);
    if (earlier && !record.correction) return problem(409, 'duplicate', `Worker ${worker.workerNumber} is already terminated on ${earlier.terminationDate}`, [{ field: 'workerNumber', code: 'duplicate' }]);
    const id = earlier?.id ?? this.nextId('trm');
    this.terminations.set(worker.workerNumber, { ...record, id, workerNumber: worker.workerNumber });
    return { status: earlier ? 200 : 201, body: { id } };
  }

  /** One change per requestReference; only a correction may restate it. */
  private takeCompensationChange(body: Body): SimAnswer {
    const refused = this.check(body, COMPENSATION_CHANGE_RULE);
    if (refused) return refused;
    const record = body as unknown as ErpCompensationChange;
    if (record.changeType === 'ALLOWANCE' && !record.allowanceCode) return invalid([{ field: 'allowanceCode', code: 'required', detail: 'an allowance needs its plan' }]);
    if (!this.workers.has(record.workerNumber)) return invalid([{ field: 'workerNumber', code: 'unknown', detail: `worker ${record.workerNumber} does not exist` }]);
    if (record.endDate && record.endDate < record.effectiveDate) return invalid([{ field: 'endDate', code: 'invalid', detail: `before effectiveDate ${record.effectiveDate}` }]);
    const afterLeaving = this.afterTermination(record.workerNumber, record.effectiveDate);
    if (afterLeaving) return afterLeaving;
    const earlier = this.compensationChanges.get(record.requestReference);
    if (earlier && !record.correction) return problem(409, 'duplicate', `Compensation change ${record.requestReference} exists`, [{ field: 'requestReference', code: 'duplicate' }]);
    const id = earlier?.id ?? this.nextId('cmp');
    this.compensationChanges.set(record.requestReference, { ...record, id });
    return { status: earlier ? 200 : 201, body: { id } };
  }

  /** Nothing takes effect after the last day of employment. */
  private afterTermination(workerNumber: string, effectiveDate: string): SimAnswer | undefined {
    const gone = this.terminations.get(workerNumber);
    if (!gone || effectiveDate <= gone.terminationDate) return undefined;
    return invalid([{ field: 'effectiveDate', code: 'conflict', detail: `worker ${workerNumber} is terminated on ${gone.terminationDate}` }]);
  }

  private nextId(prefix: string): string {
    return `${prefix}_${this.forceCode.toLowerCase()}_${String(++this.seq).padStart(6, '0')}`;
  }

  protected clear(): void {
    this.workers.clear();
    this.jobChanges.clear();
    this.terminations.clear();
    this.compensationChanges.clear();
    this.keys.clear();
  }

  override snapshot() {
    return {
      workers: [...this.workers.values()],
      jobChanges: [...this.jobChanges.values()].flat(),
      terminations: [...this.terminations.values()],
      compensationChanges: [...this.compensationChanges.values()],
      gradeCatalogue: [...this.grades].sort(),
      currency: this.currency,
      repeats: this.repeats,
    };
  }
}
