import type { CompletionRow } from '../source/training.format';

/** A day's completions of one force: a mandated pass, a mandated fail, attended training without a score. */
export function sampleCompletions(forceCode = 'FEN'): CompletionRow[] {
  const f = forceCode.toUpperCase();
  const row = (o: Partial<CompletionRow>): CompletionRow => ({
    completion_ref: '',
    force_code: f,
    learner_number: '',
    course_code: 'OST-REFRESH',
    course_title: 'Officer Safety Training annual refresher',
    compliance_category: 'OST',
    completed_date: '18/11/2026',
    result: 'PASS',
    score: '',
    expiry_date: '',
    duration_hours: '14',
    provider: 'Learning & Development',
    ...o,
  });
  return [
    row({ completion_ref: `${f}-TRN-2026-118204`, learner_number: `${f}-10234`, score: '86', expiry_date: '30/11/2027' }),
    row({ completion_ref: `${f}-TRN-2026-118205`, learner_number: `${f}-10501`, result: 'FAIL', score: '41' }),
    row({ completion_ref: `${f}-TRN-2026-118230`, learner_number: `${f}-20017`, course_code: 'CUST-AWARE', course_title: 'Custody awareness briefing', compliance_category: '', result: 'ATTENDED', duration_hours: '3.5', provider: '' }),
  ];
}
