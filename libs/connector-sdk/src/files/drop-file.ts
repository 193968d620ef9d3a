// What every file source checks about a file dropped in its drop directory, said the same way by
// each: the file's name and the force it names, that it can be read at all, and that its trailer's
// record count and control totals match its records. Any of these failing makes the whole file
// untrustworthy (ParsedFile.fileError), and none of it is posted.
import { CsvRecord, readCsvRecords } from './csv';
import type { FileSourceContext, ParsedFile, ParsedRecord } from './file-source';

/** The whole file refused, with the records read so far (each with its own line and reason, if any). */
export function refusedFile(fileError: string, records: ParsedRecord[] = []): ParsedFile {
  return { records, fileError };
}

/** The names a file source reads, for checkDropFileName. */
export interface DropFileNaming {
  /** The names the connector reads (its filePattern); one group is the force's code. */
  pattern: RegExp;
  /** The name's form, said in a refusal: `PAYRUN_<FORCE>_<YYYYMM>_<runId>.csv`. */
  form: string;
  /** What one such file is, said in a refusal: "pay run", "export". */
  what: string;
  /** The pattern's group that holds the force's code (default 1). */
  forceGroup?: number;
}

/**
 * A dropped file's name: of the form the connector reads, and of the drop directory's force
 * (`force`: the tenant's code as the system writes it), so no force's file is posted as another's.
 * Gives the name's match, or why the file is refused.
 */
export function checkDropFileName(ctx: FileSourceContext, force: string, naming: DropFileNaming): { name: RegExpExecArray } | { fileError: string } {
  const name = naming.pattern.exec(ctx.fileName);
  if (!name) return { fileError: `${ctx.fileName} is not a${/^[aeiou]/.test(naming.what) ? 'n' : ''} ${naming.what} file name (${naming.form})` };
  const named = name[naming.forceGroup ?? 1];
  if (named !== force) return { fileError: `${ctx.fileName} is force ${named}'s ${naming.what}; this drop directory is force ${force}'s` };
  return { name };
}

/** A dropped file's CSV records, or why the file is not CSV. */
export function readCsvDropFile(content: string, fileName: string): { rows: CsvRecord[] } | { fileError: string } {
  try {
    return { rows: readCsvRecords(content) };
  } catch (err) {
    return { fileError: `${fileName} is not readable CSV: ${(err as Error).message}` };
  }
}

/**
 * The trailer's record count against the records the file has (`what`: "completions"): the problem,
 * or undefined when they match. A count as text must be digits (of the system's `form`, default any).
 */
export function recordCountProblem(stated: string | number, counted: number, what: string, form = /^\d+$/): string | undefined {
  const n = typeof stated === 'number' ? stated : form.test(stated) ? Number(stated) : NaN;
  if (n === counted) return undefined;
  return `record count: the trailer says ${stated === '' ? '(nothing)' : stated}, the file has ${counted} ${what}`;
}

/** A control total of the trailer against what the records add up to, both as the file writes them: the problem, or undefined. */
export function controlTotalProblem(of: string, stated: string, summed: string): string | undefined {
  return stated === summed ? undefined : `control total of ${of}: the trailer says ${stated}, the records add up to ${summed}`;
}

/**
 * A dropped CSV file opened as every CSV file source opens one: its name checked (checkDropFileName,
 * the force being the tenant's code in capitals), then its records read (readCsvDropFile).
 */
export function openCsvDropFile(content: string, ctx: FileSourceContext, naming: DropFileNaming): { name: RegExpExecArray; force: string; rows: CsvRecord[] } | { fileError: string } {
  const force = ctx.tenant.toUpperCase();
  const named = checkDropFileName(ctx, force, naming);
  if ('fileError' in named) return named;
  const csv = readCsvDropFile(content, ctx.fileName);
  if ('fileError' in csv) return csv;
  return { name: named.name, force, rows: csv.rows };
}
