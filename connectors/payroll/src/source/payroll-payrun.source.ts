import type { FinanceJournalPostedV1Data, PayrollRunCompletedV1Data } from '@hub/canonical-types';
import { controlTotalProblem, FileSourceConnector, FileSourceContext, openCsvDropFile, ParsedFile, ParsedRecord, poundsOf, recordCountProblem, refusedFile as refused } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { payrollManifest } from '../payroll.manifest';
import { accountingPeriodOf, journalSides, payrollJournalLines } from './payrun-journal';
import { Payslip, readHeader, readPayslip, readTrailer, RunHeader } from './payrun-records';
import { PAYRUN_FILE } from './payrun.format';

const gbp = (pence: number) => ({ amountMinor: pence, currency: 'GBP' });

/**
 * The bureau's pay-run results file → one `payroll.run.completed.v1` (the run's totals) and one
 * `finance.journal.posted.v1` (its pay journal), both carried by the trailer record, with ids
 * built from the run id so a re-read file posts the same events.
 *
 * A pay run is posted whole or not at all: a bad employee record is reported on its line AND
 * fails the file, because totals and a journal built from part of a run would misstate pay costs
 * and liabilities in the ledger, and the missing people would be posted by nobody.
 */
export class PayRunFileSource implements FileSourceConnector {
  readonly manifest = payrollManifest;
  readonly filePattern = PAYRUN_FILE;

  parseFile(content: string, ctx: FileSourceContext): ParsedFile {
    const file = openCsvDropFile(content, ctx, { pattern: PAYRUN_FILE, form: 'PAYRUN_<FORCE>_<YYYYMM>_<runId>.csv', what: 'pay run' });
    if ('fileError' in file) return refused(file.fileError);
    const { force, rows: all } = file;
    const first = all[0];
    const last = all.length > 1 ? all[all.length - 1] : undefined;
    if (first?.fields[0] !== 'H') return refused('no header record (H) on the first line');
    if (last?.fields[0] !== 'T') return refused('no trailer record (T) on the last line: the file is incomplete');
    const header = readHeader(first, force, file.name[3]);
    if ('error' in header) return refused(`header, line ${first.line}: ${header.error}`);
    const trailer = readTrailer(last);
    if ('error' in trailer) return refused(`trailer, line ${last.line}: ${trailer.error}`);

    const lines = all.slice(1, -1).map((rec) => ({ rec, read: readPayslip(rec, force) }));
    const records: ParsedRecord[] = lines.map(({ rec, read }) => ('error' in read ? { line: rec.line, raw: rec.raw, error: read.error } : { line: rec.line, raw: rec.raw, events: [] }));
    const payslips = lines.flatMap(({ read }) => ('value' in read ? [read.value] : []));
    const bad = lines.filter(({ read }) => 'error' in read).map(({ rec }) => rec.line);
    const problems: string[] = [];
    const count = recordCountProblem(trailer.value.recordCount, lines.length, 'employee records');
    if (count) problems.push(count);
    if (bad.length) problems.push(`bad employee records on line(s) ${bad.join(', ')}: a pay run is posted whole or not at all`);
    else problems.push(...controlTotalProblems(payslips, trailer.value));
    if (!lines.length) problems.push('no employee records: nothing to post');
    if (problems.length) return refused(problems.join('; '), records);

    const run = header.value;
    const journal = journalOf(force, run, payslips);
    const { debit, credit } = journalSides(journal.lines);
    // Cannot happen while every payslip nets out; checked because an unbalanced journal must never post.
    if (debit !== credit) return refused(`the pay journal does not balance: debits ${poundsOf(debit)}, credits ${poundsOf(credit)}`, records);
    const totals = totalsOf(payslips);
    if (Object.values(totals).some((m) => m.amountMinor < 0)) return refused('the run totals are below zero, which a pay run cannot report', records);

    const event = <T>(id: string, type: string, subject: string, data: T): CanonicalEvent<T> => ({
      specversion: '1.0',
      id,
      source: ctx.source,
      type,
      subject,
      tenant: ctx.tenant,
      ...(run.completedAt ? { time: run.completedAt } : {}),
      data,
    });
    const completed: PayrollRunCompletedV1Data = {
      runId: run.runId,
      runType: run.runType,
      payPeriod: run.payPeriod,
      ...(run.completedAt ? { completedAt: run.completedAt } : {}),
      counts: {
        payslips: payslips.length,
        officers: payslips.filter((p) => p.category === 'O').length,
        staff: payslips.filter((p) => p.category === 'S').length,
        leavers: payslips.filter((p) => p.movement === 'L').length,
        starters: payslips.filter((p) => p.movement === 'S').length,
      },
      totals,
      effectiveFrom: run.payDate,
    };
    records.push({
      line: last.line,
      raw: last.raw,
      events: [
        event(`${run.runId}.run-completed`, 'payroll.run.completed.v1', run.runId, completed),
        event(`${run.runId}.journal`, 'finance.journal.posted.v1', journal.journalId, journal),
      ],
    });
    return { records };
  }
}

function controlTotalProblems(payslips: Payslip[], trailer: { totalGross: number; totalNet: number }): string[] {
  const sum = (f: 'gross' | 'net') => payslips.reduce((s, p) => s + p[f], 0);
  return (['gross', 'net'] as const).flatMap((f) => controlTotalProblem(f, poundsOf(f === 'gross' ? trailer.totalGross : trailer.totalNet), poundsOf(sum(f))) ?? []);
}

function totalsOf(payslips: Payslip[]): PayrollRunCompletedV1Data['totals'] {
  const sum = (f: (p: Payslip) => number) => gbp(payslips.reduce((s, p) => s + f(p), 0));
  return {
    gross: sum((p) => p.gross),
    deductions: sum((p) => p.tax + p.employeeNi + p.employeePension + p.otherDeductions),
    net: sum((p) => p.net),
    employerNationalInsurance: sum((p) => p.employerNi),
    employerPension: sum((p) => p.employerPension),
  };
}

function journalOf(force: string, run: RunHeader, payslips: Payslip[]): FinanceJournalPostedV1Data {
  return {
    journalId: `${run.runId}-PJ`,
    postedOn: run.payDate,
    accountingPeriod: accountingPeriodOf(run.payDate),
    source: 'payroll',
    sourceReference: run.runId,
    description: `Payroll journal of ${run.runType} run ${run.runId}, paid ${run.payDate}`,
    lines: payrollJournalLines(force, payslips) as FinanceJournalPostedV1Data['lines'],
  };
}
