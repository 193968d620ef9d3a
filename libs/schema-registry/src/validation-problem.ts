import type { ErrorObject } from 'ajv';

/** One thing wrong with an event, in the shape of the contract's `errors` entries. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** A problem with the ajv keyword that raised it, for tooling (fixtures, the compatibility gate). */
export interface KeywordProblem extends ValidationProblem {
  keyword: string;
}

/** ajv errors → problems whose `path` points at the offending field itself and whose message reads plainly. */
export function toProblems(errors: ErrorObject[] | null | undefined, base = ''): ValidationProblem[] {
  return toKeywordProblems(errors, base).map(({ path, message }) => ({ path, message }));
}

export function toKeywordProblems(errors: ErrorObject[] | null | undefined, base = ''): KeywordProblem[] {
  const seen = new Set<string>();
  const out: KeywordProblem[] = [];
  for (const e of errors ?? []) {
    let path = base + e.instancePath;
    let message = e.message ?? 'is invalid';
    switch (e.keyword) {
      case 'required':
        path += `/${e.params.missingProperty}`;
        message = 'is required';
        break;
      case 'additionalProperties':
        path += `/${e.params.additionalProperty}`;
        message = 'is not allowed here';
        break;
      case 'format':
        message = `must be a valid ${e.params.format}`;
        break;
      case 'enum':
        message = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
    }
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message, keyword: e.keyword });
    }
  }
  return out;
}
