// The ledger's batch import files (CSV): a row of column names, one LINE row per journal line or
// segment value, and a CONTROL row of the line count and the control total (the sum of the
// debits, 0.00 for segment values). The ledger recounts both and refuses a file that disagrees.
import type { FinanceCostCentreChangedV1Data, FinanceJournalPostedV1Data } from '@hub/canonical-types';
import { penceOf, poundsOf, WrittenFile } from '@hub/connector-sdk';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { LedgerImportJob, LedgerImportRequest } from '../finance.format';
import { mappingFailed, penceInGbp } from './finance.money';

export const IMPORT_COLUMNS: Record<LedgerImportJob, readonly string[]> = {
  GL_JOURNAL_IMPORT: ['RECORD_TYPE', 'BUSINESS_UNIT', 'JOURNAL_ID', 'ACCOUNTING_DATE', 'PERIOD_NAME', 'JOURNAL_SOURCE', 'SOURCE_REFERENCE', 'REVERSES_JOURNAL', 'JOURNAL_DESCRIPTION', 'LINE_NUMBER', 'ACCOUNT', 'COST_CENTRE', 'CURRENCY', 'DEBIT', 'CREDIT', 'LINE_DESCRIPTION'],
  COA_SEGMENT_VALUE_IMPORT: ['RECORD_TYPE', 'BUSINESS_UNIT', 'SEGMENT', 'VALUE', 'DESCRIPTION', 'ACTION', 'ENABLED', 'START_DATE', 'END_DATE', 'PARENT_VALUE', 'OWNER_ORG_UNIT', 'BUDGET_HOLDER', 'REPLACED_BY'],
};

function importFile(jobName: LedgerImportJob, businessUnit: string, fileName: string, lines: string[][], debitPence: number): LedgerImportRequest {
  const content = stringify([[...IMPORT_COLUMNS[jobName]], ...lines, ['CONTROL', String(lines.length), poundsOf(debitPence)]]);
  return { jobName, businessUnit, fileName, contentType: 'text/csv', content };
}

/** A posted journal → its GL import file. Debits must equal credits: the ledger posts nothing unbalanced. */
export function journalImportFile(j: FinanceJournalPostedV1Data, businessUnit: string): LedgerImportRequest {
  let debits = 0;
  let credits = 0;
  const lines = j.lines.map((l, i) => {
    const pence = penceInGbp(l.amount, `/data/lines/${i}/amount`);
    if (l.side === 'debit') debits += pence;
    else credits += pence;
    const [debit, credit] = l.side === 'debit' ? [poundsOf(pence), ''] : ['', poundsOf(pence)];
    return ['LINE', businessUnit, j.journalId, j.postedOn, j.accountingPeriod, j.source.toUpperCase(), j.sourceReference ?? '', j.reverses ?? '', j.description ?? '',
      String(i + 1), l.glAccount, l.costCentre, 'GBP', debit, credit, l.narrative ?? j.description ?? ''];
  });
  if (debits !== credits) {
    throw mappingFailed(`journal ${j.journalId} does not balance: debits ${poundsOf(debits)}, credits ${poundsOf(credits)}`, '/data/lines');
  }
  return importFile('GL_JOURNAL_IMPORT', businessUnit, `GlJournal_${businessUnit}_${j.journalId.replace(/\//g, '_')}.csv`, lines, debits);
}

/** The day before an ISO date: a cost centre closed from D takes its last posting on D-1. */
function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const ACTION = { created: 'CREATE', updated: 'UPDATE', closed: 'CLOSE' } as const;

/** A cost-centre change → a one-value segment import of the COST_CENTRE segment. */
export function costCentreImportFile(c: FinanceCostCentreChangedV1Data, businessUnit: string): LedgerImportRequest {
  const closed = c.change === 'closed';
  const line = ['LINE', businessUnit, 'COST_CENTRE', c.costCentre, c.name, ACTION[c.change], closed ? 'N' : 'Y',
    closed ? '' : c.effectiveFrom, closed ? dayBefore(c.effectiveFrom) : (c.effectiveTo ?? ''),
    c.parentCostCentre ?? '', c.ownerOrgUnit.code, c.budgetHolder?.employeeId ?? '', c.replacedBy ?? ''];
  return importFile('COA_SEGMENT_VALUE_IMPORT', businessUnit, `CoaSegmentValues_${businessUnit}_${c.costCentre}_${c.effectiveFrom}.csv`, [line], 0);
}

/**
 * The control totals of an import file as the file itself states them: the CONTROL row's line
 * count and total (pence), and the currency of its LINE rows. Read back from what is sent, not
 * recomputed, so reconciliation compares the hub's numbers with the file's own.
 */
export function writtenFileTotals(file: LedgerImportRequest): WrittenFile {
  const rows = parse(file.content, { relax_column_count: true }) as string[][];
  const control = rows[rows.length - 1];
  if (control?.[0] !== 'CONTROL') throw new Error(`${file.fileName}: no CONTROL row at the end`);
  const currencyAt = IMPORT_COLUMNS[file.jobName].indexOf('CURRENCY');
  const currencies = currencyAt < 0 ? [] : [...new Set(rows.slice(1, -1).map((r) => r[currencyAt]))];
  return {
    name: file.fileName,
    kind: file.jobName,
    records: Number(control[1]),
    total: penceOf(control[2]),
    unit: 'minor-units',
    ...(currencies.length === 1 ? { currency: currencies[0] } : {}),
  };
}
