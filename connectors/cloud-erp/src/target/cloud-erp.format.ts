// The SaaS ERP's own REST resources (HR and payroll modules, API v1), as its API reference gives
// them: JSON in camelCase, money in integer minor units with its ISO 4217 currency, codes in upper
// snake case, ISO 8601 dates. The ERP is one tenant per force and the bearer token says which, so
// no record names the force. Every call carries an Idempotency-Key.

/** A person's legal name, its parts kept apart. */
export interface ErpLegalName {
  title: string | null;
  givenName: string;
  middleNames: string | null;
  familyName: string;
}

/** The name the person is known by (directory, payslips), when it differs from the legal name. */
export interface ErpPreferredName {
  givenName: string;
  familyName: string | null;
}

/** An amount in integer minor units of its ISO 4217 currency (pence for GBP). */
export interface ErpMoney {
  amountMinor: number;
  currency: string;
}

/** Where a worker sits: a grade of the ERP's grade catalogue, an org unit and a cost centre it knows by code. */
export interface ErpPosition {
  title: string | null;
  rank: string | null;
  gradeCode: string;
  orgUnitCode: string;
  costCentre: string;
}

/** Set when the call restates an earlier, wrong one: the ERP keeps the history and the reason. */
export interface ErpCorrection {
  reason: string;
}

export const WORKER_CATEGORIES = ['POLICE_OFFICER', 'POLICE_STAFF', 'SPECIAL_CONSTABLE'] as const;
export type WorkerCategory = (typeof WORKER_CATEGORIES)[number];

/** A hire (POST /api/v1/workers). */
export interface ErpWorker {
  workerNumber: string;
  legalName: ErpLegalName;
  preferredName: ErpPreferredName | null;
  birthDate: string;
  nationalInsuranceNumber: string | null;
  workEmail: string | null;
  /** The first day of employment. */
  hireDate: string;
  category: WorkerCategory;
  position: ErpPosition;
  compensation: {
    /** What the person is paid a year (already pro rata: the ERP does not scale it by FTE). */
    annualBase: ErpMoney;
    /** Full-time equivalent, held to two decimals (0.01 to 1.00). */
    fte: number;
  };
  correction: ErpCorrection | null;
}

export const JOB_CHANGE_REASONS = ['TRANSFER', 'PROMOTION', 'SECONDMENT', 'COST_CENTRE_CHANGE'] as const;
export type JobChangeReason = (typeof JOB_CHANGE_REASONS)[number];

/** A new position from a date (POST /api/v1/workers/{workerNumber}/job-changes). */
export interface ErpJobChange {
  reason: JobChangeReason;
  /** A temporary change (acting up, secondment) ends on `endDate`, and the worker goes back. */
  temporary: boolean;
  effectiveDate: string;
  endDate: string | null;
  position: ErpPosition;
  /** The organisation that hosts a secondment. */
  hostOrganisation: string | null;
  correction: ErpCorrection | null;
}

export const TERMINATION_REASONS = ['RESIGNATION', 'RETIREMENT', 'DISMISSAL', 'TRANSFER_OUT', 'END_OF_CONTRACT', 'DEATH_IN_SERVICE'] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

/** A worker leaves (POST /api/v1/workers/{workerNumber}/terminations). */
export interface ErpTermination {
  reason: TerminationReason;
  lastDayWorked: string;
  /** The last day of employment, inclusive (the canonical effectiveFrom is the day after). */
  terminationDate: string;
  correction: ErpCorrection | null;
}

export const COMPENSATION_CHANGE_TYPES = ['PAY_AWARD', 'INCREMENT', 'ALLOWANCE', 'ONE_TIME_PAYMENT'] as const;
export type CompensationChangeType = (typeof COMPENSATION_CHANGE_TYPES)[number];
export const PAY_FREQUENCIES = ['ANNUAL', 'PER_PAY_PERIOD', 'ONE_TIME'] as const;
export type PayFrequency = (typeof PAY_FREQUENCIES)[number];

/** A change to what a worker is paid (POST /api/v1/compensation-changes). */
export interface ErpCompensationChange {
  /** The requester's reference: the ERP keeps one change per reference. */
  requestReference: string;
  workerNumber: string;
  changeType: CompensationChangeType;
  /** The allowance plan, for an allowance only. */
  allowanceCode: string | null;
  /** The new rate (per `frequency`) or the one-time sum; an allowance that ends is 0. */
  amount: ErpMoney;
  frequency: PayFrequency;
  gradeCode: string | null;
  effectiveDate: string;
  endDate: string | null;
  /** The worker number of whoever approved it. */
  approvedBy: string | null;
  correction: ErpCorrection | null;
}

export const WORKERS_PATH = '/api/v1/workers';
export const COMPENSATION_CHANGES_PATH = '/api/v1/compensation-changes';
export type WorkerChangeKind = 'job-changes' | 'terminations';
export const workerChangePath = (workerNumber: string, kind: WorkerChangeKind) => `${WORKERS_PATH}/${encodeURIComponent(workerNumber)}/${kind}`;

/** One call to the ERP's API: what map() returns and deliver() sends. `workerNumber` is the worker it is about. */
export type CloudErpCall =
  | { kind: 'worker'; method: 'POST'; path: string; workerNumber: string; body: ErpWorker }
  | { kind: 'job-change'; method: 'POST'; path: string; workerNumber: string; body: ErpJobChange }
  | { kind: 'termination'; method: 'POST'; path: string; workerNumber: string; body: ErpTermination }
  | { kind: 'compensation-change'; method: 'POST'; path: string; workerNumber: string; body: ErpCompensationChange };

/** The ERP's answer to a call it took (201): the id of what it stored. */
export interface ErpCreated {
  id: string;
}

/**
 * The ERP's refusal (RFC 9457 problem details): 400, 401, 404, 409 or 422, with the fields at fault
 * as dotted paths into the body (`position.gradeCode`), or the path's `workerNumber`.
 */
export interface ErpProblem {
  type: string;
  title: string;
  status: number;
  errors?: ErpFieldError[];
}

export type ErpFieldErrorCode = 'required' | 'invalid' | 'unknown' | 'unsupported' | 'duplicate' | 'not-found' | 'conflict';

/** Dotted paths to the leaves of an ERP record (`position.gradeCode`), as its problems name fields. */
export type ErpFieldPath<R> = LeafPath<R, '.'>;

/** The value at a dotted field path of an ERP body; undefined where the path leads nowhere. */
export function erpFieldValue(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), body);
}

/** Paths to the leaves of a record, joined by `Sep` (with '/', the tail of a JSON Pointer). */
export type LeafPath<T, Sep extends string> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends object ? `${K}${Sep}${LeafPath<NonNullable<T[K]>, Sep>}` : K;
}[keyof T & string];

export interface ErpFieldError {
  field: string;
  code: ErpFieldErrorCode;
  detail?: string;
}
