// The training administration system's completions export, one file per force and day:
//   COMPLETIONS_<FORCE>_<YYYYMMDD>.csv
// A header row of column names (the system's own; their order may change, extra columns are
// ignored), one row per completion, and a last row `TRAILER,<recordCount>`. Dates are DD/MM/YYYY.

export const COMPLETIONS_FILE = /^COMPLETIONS_([A-Z]+)_(\d{8})\.csv$/;

export const completionsFileName = (forceCode: string, on: Date) => `COMPLETIONS_${forceCode.toUpperCase()}_${on.toISOString().slice(0, 10).replace(/-/g, '')}.csv`;

export const COMPLETION_COLUMNS = [
  'completion_ref',
  'force_code',
  'learner_number',
  'course_code',
  'course_title',
  'compliance_category',
  'completed_date',
  'result',
  'score',
  'expiry_date',
  'duration_hours',
  'provider',
] as const;

/**
 * One completion as the system exports it, every value text. `learner_number` is the HR employee
 * number; `result` PASS | FAIL | ATTENDED; `score` a percentage or empty; `expiry_date` when the
 * qualification lapses (mandated training), else empty; `compliance_category` one of
 * COMPLIANCE_CATEGORIES or empty for training that is not mandated.
 */
export type CompletionRow = Record<(typeof COMPLETION_COLUMNS)[number], string>;

export const TRAILER = 'TRAILER';

/** The system's compliance categories → the canonical mandate. */
export const COMPLIANCE_CATEGORIES = {
  OST: 'officer-safety',
  FIRSTAID: 'first-aid',
  TASER: 'taser',
  PUBORD: 'public-order',
  DRIVING: 'police-driving',
  FIREARMS: 'firearms',
  DPA: 'data-protection',
} as const;

export const RESULTS = { PASS: 'pass', FAIL: 'fail', ATTENDED: 'attended' } as const;
