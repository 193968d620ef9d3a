import { createHash } from 'node:crypto';
import type { ParsedFile } from '@hub/connector-sdk';
import { completionsCsv } from './completions-csv';
import { TrainingCompletionsFileSource } from './training-completions.source';
import { COMPLETION_COLUMNS, CompletionRow } from './training.format';
import { TRAINING_SOURCE } from '../training.manifest';
import { sampleCompletions } from '../testing/samples';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const source = new TrainingCompletionsFileSource();
const FILE = 'COMPLETIONS_FEN_20261119.csv';

function read(content: string, fileName = FILE, tenant = 'fen'): ParsedFile {
  return source.parseFile(content, { tenant, source: TRAINING_SOURCE, fileName, fileHash: createHash('sha256').update(content).digest('hex') });
}
const eventsOf = (p: ParsedFile) => p.records.flatMap((r) => ('events' in r ? r.events : []));
const errorsOf = (p: ParsedFile) => p.records.flatMap((r) => ('error' in r ? [{ line: r.line, error: r.error }] : []));
const rowsWith = (i: number, o: Partial<CompletionRow>) => sampleCompletions().map((r, n) => (n === i ? { ...r, ...o } : r));

describe('TrainingCompletionsFileSource', () => {
  it('turns each row into a completion whose data passes the canonical schema, its id the completion ref', () => {
    const parsed = read(completionsCsv(sampleCompletions()));
    expect(parsed.fileError).toBeUndefined();
    expect(parsed.records.map((r) => r.line)).toEqual([2, 3, 4]);
    const events = eventsOf(parsed);
    expect(events.map((e) => [e.id, e.subject, e.tenant, e.source, e.type])).toEqual([
      ['FEN-TRN-2026-118204', 'FEN-10234', 'fen', TRAINING_SOURCE, 'training.course.completed.v1'],
      ['FEN-TRN-2026-118205', 'FEN-10501', 'fen', TRAINING_SOURCE, 'training.course.completed.v1'],
      ['FEN-TRN-2026-118230', 'FEN-20017', 'fen', TRAINING_SOURCE, 'training.course.completed.v1'],
    ]);
    for (const e of events) expect(registry.validate(e.type, e.data)).toEqual([]);
  });

  it('maps the system vocabulary: UK dates, results, compliance categories, score and hours', () => {
    const [pass, fail, attended] = eventsOf(read(completionsCsv(sampleCompletions()))).map((e) => e.data);
    expect(pass).toEqual({
      completionId: 'FEN-TRN-2026-118204',
      employeeId: 'FEN-10234',
      course: { code: 'OST-REFRESH', title: 'Officer Safety Training annual refresher', mandate: 'officer-safety', provider: 'Learning & Development' },
      completedOn: '2026-11-18',
      result: 'pass',
      score: 86,
      expiresOn: '2027-11-30',
      trainingHours: 14,
    });
    expect(fail).toMatchObject({ result: 'fail', score: 41 });
    expect(fail).not.toHaveProperty('expiresOn');
    expect(attended).toEqual({
      completionId: 'FEN-TRN-2026-118230',
      employeeId: 'FEN-20017',
      course: { code: 'CUST-AWARE', title: 'Custody awareness briefing' },
      completedOn: '2026-11-18',
      result: 'attended',
      trainingHours: 3.5,
    });
  });

  it('reads columns by name, in any order, and ignores columns it does not know', () => {
    const columns = ['venue', ...[...COMPLETION_COLUMNS].reverse()];
    const rows = sampleCompletions().map((r) => ['Room 4', ...[...COMPLETION_COLUMNS].reverse().map((c) => r[c])].join(','));
    const content = [columns.join(','), ...rows.map((r) => r.replace('Learning & Development', '"Learning & Development"')), 'TRAILER,3'].join('\r\n');
    const parsed = read(content);
    expect(errorsOf(parsed)).toEqual([]);
    expect(eventsOf(parsed).map((e) => e.data)).toEqual(eventsOf(read(completionsCsv(sampleCompletions()))).map((e) => e.data));
  });

  it.each([
    ['another force', { force_code: 'MOOR', learner_number: 'MOOR-20417' }, "FEN-TRN-2026-118205: a completion of force MOOR in force FEN's export"],
    ['a date that is not a day', { completed_date: '31/11/2026' }, 'FEN-TRN-2026-118205: completed date "31/11/2026" is not a date (DD/MM/YYYY)'],
    ['an ISO date', { completed_date: '2026-11-18' }, 'FEN-TRN-2026-118205: completed date "2026-11-18" is not a date (DD/MM/YYYY)'],
    ['an unknown result', { result: 'DEFERRED' }, 'FEN-TRN-2026-118205: unknown result "DEFERRED" (PASS, FAIL, ATTENDED)'],
    ['a mandated pass without an expiry date', { result: 'PASS' }, 'FEN-TRN-2026-118205: a pass in mandated training (OST) needs an expiry date'],
    ['an expiry before completion', { expiry_date: '01/01/2026' }, 'FEN-TRN-2026-118205: expires (01/01/2026) before it was completed (18/11/2026)'],
    ['a score above 100', { score: '101' }, 'FEN-TRN-2026-118205: score "101" is not a percentage'],
    ['a missing learner number', { learner_number: '' }, 'FEN-TRN-2026-118205: learner number "" is missing or not an employee number'],
    ['a missing completion ref', { completion_ref: '' }, 'completion: completion ref "" is missing or not a record id'],
    ['an unknown compliance category', { compliance_category: 'SWIM' }, 'FEN-TRN-2026-118205: unknown compliance category "SWIM"'],
  ])('refuses a row with %s on its line, and still posts the good rows', (_, o, error) => {
    const parsed = read(completionsCsv(rowsWith(1, o)));
    expect(parsed.fileError).toBeUndefined();
    expect(errorsOf(parsed)).toEqual([{ line: 3, error }]);
    expect(eventsOf(parsed).map((e) => e.id)).toEqual(['FEN-TRN-2026-118204', 'FEN-TRN-2026-118230']);
  });

  it('refuses a row whose completion ref repeats an earlier one, since its event would be dropped as a repeat', () => {
    const parsed = read(completionsCsv(rowsWith(2, { completion_ref: 'FEN-TRN-2026-118204' })));
    expect(errorsOf(parsed)).toEqual([{ line: 4, error: 'FEN-TRN-2026-118204: the completion ref repeats line 2' }]);
  });

  it('refuses a row with more or fewer fields than the header', () => {
    const lines = completionsCsv(sampleCompletions()).split('\n');
    lines[1] = `${lines[1]},extra`;
    expect(errorsOf(read(lines.join('\n')))).toEqual([{ line: 2, error: 'expected 12 fields, found 13' }]);
  });

  it.each([
    ['a trailer count above the rows', completionsCsv(sampleCompletions(), { recordCount: 4 }), /record count: the trailer says 4, the file has 3 completions/],
    ['a trailer count below the rows', completionsCsv(sampleCompletions(), { recordCount: 2 }), /record count: the trailer says 2, the file has 3 completions/],
    ['a file cut short (no trailer)', completionsCsv(sampleCompletions()).split('\n').slice(0, 3).join('\n'), /no TRAILER row at the end/],
    ['a header without a needed column', completionsCsv(sampleCompletions()).replace('expiry_date', 'expires'), /lacks the column\(s\) expiry_date/],
    ['a file that is not CSV', 'completion_ref,"force_code\nTRAILER,0', /is not readable CSV/],
  ])('refuses %s as a whole file, posting nothing', (_, content, reason) => {
    const parsed = read(content);
    expect(parsed.fileError).toMatch(reason);
    expect(eventsOf(parsed)).toEqual([]);
  });

  it.each([
    ['a name that is not an export', 'COMPLETIONS_FEN.csv', 'fen', /is not a completions export file name \(COMPLETIONS_<FORCE>_<YYYYMMDD>.csv\)/],
    ["another force's export in this force's directory", 'COMPLETIONS_MOOR_20261119.csv', 'fen', /is force MOOR's completions export; this drop directory is force FEN's/],
  ])('refuses %s', (_, fileName, tenant, reason) => {
    const parsed = read(completionsCsv(sampleCompletions()), fileName, tenant);
    expect(parsed.fileError).toMatch(reason);
    expect(eventsOf(parsed)).toEqual([]);
  });

  it('reads an export with no completions that day as nothing to post, not as an error', () => {
    expect(read(completionsCsv([]))).toEqual({ records: [] });
  });
});
