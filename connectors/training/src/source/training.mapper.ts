import type { TrainingCourseCompletedV1Data } from '@hub/canonical-types';
import { CODE, EMPLOYEE_ID, isIsoDate, RECORD_ID } from '@hub/connector-sdk';
import { COMPLIANCE_CATEGORIES, CompletionRow, RESULTS } from './training.format';

const NUMBER = /^\d+(\.\d+)?$/;

/** DD/MM/YYYY (the system's dates) → YYYY-MM-DD, or undefined when it is not a real day. */
export function isoDateOf(ukDate: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(ukDate);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  return isIsoDate(iso) ? iso : undefined;
}

function numberIn(text: string, max: number): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/**
 * One exported row → the canonical completion, or why the row cannot be one. The row must be of
 * `forceCode`'s force: a row of another force is refused, never posted under this one.
 */
export function completionOf(row: CompletionRow, forceCode: string): { data: TrainingCourseCompletedV1Data } | { error: string } {
  const r = row;
  const fail = (why: string) => ({ error: `${r.completion_ref || 'completion'}: ${why}` });
  if (r.force_code !== forceCode) return fail(`a completion of force ${r.force_code || '(none)'} in force ${forceCode}'s export`);
  if (!RECORD_ID.test(r.completion_ref)) return fail(`completion ref "${r.completion_ref}" is missing or not a record id`);
  if (!EMPLOYEE_ID.test(r.learner_number)) return fail(`learner number "${r.learner_number}" is missing or not an employee number`);
  if (!CODE.test(r.course_code)) return fail(`course code "${r.course_code}" is missing or not a course code`);
  if (!r.course_title || r.course_title.length > 200) return fail('course title is missing or longer than 200 characters');
  if (r.provider.length > 120) return fail('provider is longer than 120 characters');
  if (r.compliance_category && !(r.compliance_category in COMPLIANCE_CATEGORIES)) return fail(`unknown compliance category "${r.compliance_category}"`);
  if (!(r.result in RESULTS)) return fail(`unknown result "${r.result}" (PASS, FAIL, ATTENDED)`);
  const completedOn = isoDateOf(r.completed_date);
  if (!completedOn) return fail(`completed date "${r.completed_date}" is not a date (DD/MM/YYYY)`);
  const expiresOn = r.expiry_date ? isoDateOf(r.expiry_date) : undefined;
  if (r.expiry_date && !expiresOn) return fail(`expiry date "${r.expiry_date}" is not a date (DD/MM/YYYY)`);
  if (expiresOn && expiresOn < completedOn) return fail(`expires (${r.expiry_date}) before it was completed (${r.completed_date})`);
  const score = r.score ? numberIn(r.score, 100) : undefined;
  if (r.score && score === undefined) return fail(`score "${r.score}" is not a percentage`);
  const hours = r.duration_hours ? numberIn(r.duration_hours, 500) : undefined;
  if (r.duration_hours && hours === undefined) return fail(`duration "${r.duration_hours}" is not a number of hours up to 500`);
  const mandate = r.compliance_category ? COMPLIANCE_CATEGORIES[r.compliance_category as keyof typeof COMPLIANCE_CATEGORIES] : undefined;
  // Duty management deploys on the expiry date: a mandated pass without one cannot be trusted.
  if (mandate && r.result === 'PASS' && !expiresOn) return fail(`a pass in mandated training (${r.compliance_category}) needs an expiry date`);
  return {
    data: {
      completionId: r.completion_ref,
      employeeId: r.learner_number,
      course: { code: r.course_code, title: r.course_title, ...(mandate ? { mandate } : {}), ...(r.provider ? { provider: r.provider } : {}) },
      completedOn,
      result: RESULTS[r.result as keyof typeof RESULTS],
      ...(score !== undefined ? { score } : {}),
      ...(expiresOn ? { expiresOn } : {}),
      ...(hours !== undefined ? { trainingHours: hours } : {}),
    },
  };
}
