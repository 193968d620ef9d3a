// The payroll bureau's own REST records (API v2). Money is pounds with two decimals as text
// ("29961.00"), the force code is upper case, and reasons are the bureau's own short codes.

/** A new starter (POST /api/v2/employees). */
export interface PayrollEmployeeRecord {
  employeeRef: string;
  forceCode: string;
  forenames: string;
  surname: string;
  /** The name the person is known by, when it differs from the legal name. */
  knownAs: string | null;
  dateOfBirth: string;
  nino: string | null;
  startDate: string;
  payGrade: string;
  costCentre: string;
  hoursFte: number;
  /** Major units with two decimals, as the bureau's API wants it: "29961.00". */
  annualSalary: string;
  currency: 'GBP';
  payFrequency: 'M';
}

/** Why an assignment changes: TRF transfer, PRM promotion, TPR temporary promotion, SEC secondment, CCC cost centre only. */
export const ASSIGNMENT_REASONS = ['TRF', 'PRM', 'TPR', 'SEC', 'CCC'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/** A new position from a date (POST /api/v2/employees/{employeeRef}/assignments). */
export interface PayrollAssignmentRecord {
  employeeRef: string;
  forceCode: string;
  reasonCode: AssignmentReason;
  effectiveDate: string;
  /** Last day of a temporary assignment (TPR, SEC); null when open-ended. */
  endDate: string | null;
  payGrade: string;
  costCentre: string;
  orgUnitCode: string;
  orgUnitName: string;
  jobTitle: string | null;
  rank: string | null;
  /** The host organisation of a secondment. */
  hostOrganisation: string | null;
  /** Set when this restates an earlier, wrong instruction: the bureau's operators read it. */
  correctionNote: string | null;
}

/** RES resignation, RET retirement, DSM dismissal, TRO transfer out, EOC end of contract, DIS death in service. */
export const LEAVING_REASONS = ['RES', 'RET', 'DSM', 'TRO', 'EOC', 'DIS'] as const;
export type LeavingReason = (typeof LEAVING_REASONS)[number];

/** A leaver (POST /api/v2/employees/{employeeRef}/leavers). */
export interface PayrollLeaverRecord {
  employeeRef: string;
  forceCode: string;
  reasonCode: LeavingReason;
  lastWorkingDay: string;
  /** The first day the person is no longer paid (the canonical effectiveFrom). */
  offPayrollFrom: string;
  correctionNote: string | null;
}

/** AWD pay award, INC increment, ALW allowance, ONE one-off payment. */
export const PAY_CHANGE_TYPES = ['AWD', 'INC', 'ALW', 'ONE'] as const;
export type PayChangeType = (typeof PAY_CHANGE_TYPES)[number];
/** A annual rate, P per pay period, O once. */
export const RATE_BASES = ['A', 'P', 'O'] as const;
export type RateBasis = (typeof RATE_BASES)[number];

/** A change to what a person is paid (POST /api/v2/employees/{employeeRef}/pay-changes). */
export interface PayrollPayChangeRecord {
  /** The requester's reference: the bureau keeps one change per reference. */
  changeRef: string;
  employeeRef: string;
  forceCode: string;
  changeType: PayChangeType;
  /** The pay element changed: BASIC for salary, ONE-OFF for a single payment, else the allowance code. */
  payElement: string;
  /** The new rate or the one-off sum, "2625.00"; an allowance that ends is "0.00". */
  amount: string;
  currency: 'GBP';
  rateBasis: RateBasis;
  payGrade: string | null;
  effectiveDate: string;
  endDate: string | null;
  authorisedBy: string | null;
  correctionNote: string | null;
}

/** One call to the bureau's API: what map() returns and deliver() sends. */
export type PayrollCall =
  | { kind: 'new-employee'; method: 'POST'; path: string; body: PayrollEmployeeRecord }
  | { kind: 'assignment'; method: 'POST'; path: string; body: PayrollAssignmentRecord }
  | { kind: 'leaver'; method: 'POST'; path: string; body: PayrollLeaverRecord }
  | { kind: 'pay-change'; method: 'POST'; path: string; body: PayrollPayChangeRecord };

export const EMPLOYEES_PATH = '/api/v2/employees';
export type EmployeeChangeKind = 'assignments' | 'leavers' | 'pay-changes';
export const employeeChangePath = (employeeRef: string, kind: EmployeeChangeKind) => `${EMPLOYEES_PATH}/${encodeURIComponent(employeeRef)}/${kind}`;
