import { FileSourceConnector, FileSourceContext, openCsvDropFile, ParsedFile, ParsedRecord, recordCountProblem, refusedFile as refused } from '@hub/connector-sdk';
import { COMPLETION_COLUMNS, COMPLETIONS_FILE, CompletionRow, TRAILER } from './training.format';
import { trainingManifest } from '../training.manifest';
import { completionOf } from './training.mapper';

/**
 * The training system's completions export → one `training.course.completed.v1` per row, its id
 * the system's own completion ref. Completions are independent facts: a bad row is reported on
 * its line and the good rows still post. A trailer count that does not match means rows were
 * lost or added on the way, so nothing of the file is trusted.
 */
export class TrainingCompletionsFileSource implements FileSourceConnector {
  readonly manifest = trainingManifest;
  readonly filePattern = COMPLETIONS_FILE;

  parseFile(content: string, ctx: FileSourceContext): ParsedFile {
    const file = openCsvDropFile(content, ctx, { pattern: COMPLETIONS_FILE, form: 'COMPLETIONS_<FORCE>_<YYYYMMDD>.csv', what: 'completions export' });
    if ('fileError' in file) return refused(file.fileError);
    const { force, rows } = file;
    const [header, ...rest] = rows;
    const missing = COMPLETION_COLUMNS.filter((c) => !header?.fields.includes(c));
    if (missing.length) return refused(`the header row lacks the column(s) ${missing.join(', ')}`);
    const trailer = rest.pop();
    if (trailer?.fields[0] !== TRAILER) return refused(`no ${TRAILER} row at the end: the file is incomplete`);
    const count = recordCountProblem(trailer.fields[1] ?? '', rest.length, 'completions');
    if (count) return refused(count);

    const seen = new Map<string, number>();
    const records = rest.map((row): ParsedRecord => {
      const base = { line: row.line, raw: row.raw };
      if (row.fields.length !== header.fields.length) return { ...base, error: `expected ${header.fields.length} fields, found ${row.fields.length}` };
      const values = Object.fromEntries(header.fields.map((c, i) => [c, row.fields[i]])) as CompletionRow;
      const read = completionOf(values, force);
      if ('error' in read) return { ...base, error: read.error };
      // The ref is the event id: a second row with it would be dropped by the hub as a repeat.
      const earlier = seen.get(read.data.completionId);
      if (earlier) return { ...base, error: `${read.data.completionId}: the completion ref repeats line ${earlier}` };
      seen.set(read.data.completionId, row.line);
      const event = { specversion: '1.0' as const, id: read.data.completionId, source: ctx.source, type: 'training.course.completed.v1', subject: read.data.employeeId, tenant: ctx.tenant, data: read.data };
      return { ...base, events: [event] };
    });
    return { records };
  }
}
