// How the ledger reads a batch import file before it queues the import: the column row it
// expects, LINE rows of the simulator's force, and a CONTROL row whose line count and control
// total (the sum of the debits) it recounts. Any disagreement refuses the whole file.
import { penceOf, poundsOf } from '@hub/connector-sdk';
import { parse } from 'csv-parse/sync';
import type { LedgerImportJob } from '../finance.format';
import { IMPORT_COLUMNS } from '../target/finance.import-file';

export type ImportRow = Record<string, string>;

export interface ReadImport {
  lines: ImportRow[];
  lineCount: number;
  controlTotal: string;
}

const REQUIRED: Record<LedgerImportJob, string[]> = {
  GL_JOURNAL_IMPORT: ['JOURNAL_ID', 'ACCOUNTING_DATE', 'PERIOD_NAME', 'JOURNAL_SOURCE', 'LINE_NUMBER', 'ACCOUNT', 'COST_CENTRE', 'CURRENCY'],
  COA_SEGMENT_VALUE_IMPORT: ['SEGMENT', 'VALUE', 'DESCRIPTION', 'ACTION', 'ENABLED'],
};

/** The ledger's refusal of a whole file, with its reason. */
export class ImportFileRefused extends Error {}

const refuse = (why: string): never => {
  throw new ImportFileRefused(why);
};

function amount(text: string, where: string): number {
  try {
    return penceOf(text);
  } catch {
    return refuse(`${where} is not an amount: "${text}"`);
  }
}

/** Journal lines: one side each, and every journal balances. Returns the sum of the debits. */
function checkJournal(lines: ImportRow[]): number {
  const balance = new Map<string, number>();
  let debits = 0;
  lines.forEach((l, i) => {
    if (l.CURRENCY !== 'GBP') refuse(`line ${i + 1}: CURRENCY ${l.CURRENCY} is not the ledger currency GBP`);
    if ((l.DEBIT === '') === (l.CREDIT === '')) refuse(`line ${i + 1}: exactly one of DEBIT and CREDIT is required`);
    const pence = l.DEBIT ? amount(l.DEBIT, `line ${i + 1} DEBIT`) : -amount(l.CREDIT, `line ${i + 1} CREDIT`);
    if (pence > 0) debits += pence;
    balance.set(l.JOURNAL_ID, (balance.get(l.JOURNAL_ID) ?? 0) + pence);
  });
  for (const [journal, net] of balance) if (net !== 0) refuse(`journal ${journal} does not balance: debits exceed credits by ${poundsOf(net)}`);
  return debits;
}

function checkSegmentValues(lines: ImportRow[]): number {
  lines.forEach((l, i) => {
    if (!['CREATE', 'UPDATE', 'CLOSE'].includes(l.ACTION)) refuse(`line ${i + 1}: ACTION ${l.ACTION} is not CREATE, UPDATE or CLOSE`);
    if (l.ACTION === 'CLOSE' ? !l.END_DATE : !l.START_DATE) refuse(`line ${i + 1}: ${l.ACTION === 'CLOSE' ? 'END_DATE' : 'START_DATE'} is required for ${l.ACTION}`);
  });
  return 0;
}

/** Reads an import file of `jobName` for `businessUnit`; throws ImportFileRefused with the ledger's reason. */
export function readImportFile(jobName: LedgerImportJob, content: string, businessUnit: string): ReadImport {
  let rows: string[][];
  try {
    rows = parse(content, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    return refuse(`not a readable CSV file: ${(err as Error).message}`);
  }
  const columns = IMPORT_COLUMNS[jobName];
  if (rows[0]?.join(',') !== columns.join(',')) refuse(`the first row must name the ${jobName} columns: ${columns.join(',')}`);
  const control = rows.at(-1)!;
  if (rows.length < 2 || control[0] !== 'CONTROL' || control.length !== 3) refuse('the last row must be the control record CONTROL,<line count>,<control total>');
  const lines = rows.slice(1, -1).map((cells, i) => {
    if (cells[0] !== 'LINE' || cells.length !== columns.length) refuse(`line ${i + 1} is not a LINE record of ${columns.length} columns`);
    return Object.fromEntries(columns.map((c, k) => [c, cells[k]])) as ImportRow;
  });
  if (lines.length === 0) refuse('the file has no LINE records');
  if (Number(control[1]) !== lines.length) refuse(`control record line count ${control[1]} does not match the ${lines.length} LINE records`);
  lines.forEach((l, i) => {
    if (l.BUSINESS_UNIT !== businessUnit) refuse(`line ${i + 1}: BUSINESS_UNIT ${l.BUSINESS_UNIT} is another force's, this ledger import is for ${businessUnit}`);
    const missing = REQUIRED[jobName].filter((c) => !l[c]);
    if (missing.length) refuse(`line ${i + 1}: ${missing.join(', ')} required`);
  });
  const debits = jobName === 'GL_JOURNAL_IMPORT' ? checkJournal(lines) : checkSegmentValues(lines);
  if (amount(control[2], 'control total') !== debits) refuse(`control total ${control[2]} does not match the sum of debits ${poundsOf(debits)}`);
  return { lines, lineCount: lines.length, controlTotal: control[2] };
}
