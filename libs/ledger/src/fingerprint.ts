/**
 * Groups dead letters by cause: reason class + target + the field or HTTP status it failed on,
 * e.g. `target-rejected|payroll-fen|422` or `mapping-failed|payroll-fen|/data/employment/annualSalary/currency`.
 * Array indices in a field become `*`, so the same bad field on line 3 and line 7 is one problem.
 */
export function fingerprint(code: string, target: string, fieldOrStatus?: string | number): string {
  const detail = typeof fieldOrStatus === 'string' ? fieldOrStatus.replace(/\/\d+(?=\/|$)/g, '/*') : fieldOrStatus;
  return detail === undefined || detail === '' ? `${code}|${target}` : `${code}|${target}|${detail}`;
}

export interface FingerprintParts {
  reason: string;
  target: string;
  fieldOrStatus?: string;
}

/** The inverse of {@link fingerprint}; target ids and reason codes never contain `|`, a field might. */
export function parseFingerprint(fp: string): FingerprintParts {
  const [reason, target = '', ...rest] = fp.split('|');
  return rest.length ? { reason, target, fieldOrStatus: rest.join('|') } : { reason, target };
}
