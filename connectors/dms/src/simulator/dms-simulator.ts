import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DropDirectorySimulator, FileVerdict } from '@hub/connector-sdk';
import { ACTIONS, CATEGORIES, forceOf, LEAVING_REASONS } from '../dms.codes';
import type { DmsExportRecord } from '../dms.format';
import { DMS_IMPORT_FILE } from '../target/dms-import.file';
import { dmsExportFile, DmsExportOptions, dmsTimestamp } from '../source/dms-export.writer';
import { DmsValues, IMPORT_LAYOUTS, isoDate, readRecord, recordLines } from '../dms.layouts';

type Joiner = DmsValues<typeof IMPORT_LAYOUTS.JN>;
type Leaver = DmsValues<typeof IMPORT_LAYOUTS.LF>;

/** A person on the DMS's staff list: the JN values as imported, and how they left once an LF came. */
export type DmsStaffMember = Omit<Joiner, 'recordType' | 'action'> & {
  /** The batch that last changed the record. */
  batchRef: string;
  left?: { lastWorkingDay: string; leavingDate: string; reason: string };
};

const JN_REQUIRED: (keyof Joiner)[] = ['employeeNo', 'surname', 'forenames', 'startDate', 'category', 'unitCode', 'fte'];
const LF_REQUIRED: (keyof Leaver)[] = ['employeeNo', 'lastWorkingDay', 'leavingDate', 'reason'];
const ACTION_CODES: string[] = Object.values(ACTIONS);

/** Refuses an import file; thrown while checking, answered as a `.rej`. */
class Refusal extends Error {}

/**
 * The DMS's file importer for one force, as far as the hub uses it. Like the real one it takes a
 * file whole or not at all: the header must carry its own force and a batch reference (the key),
 * the trailer must count the records, a JN needs its fields and an LF a known employee. A batch
 * taken before is answered with its first reference. It also plays the DMS's export job
 * (`exportFile`).
 */
export class DmsSimulator extends DropDirectorySimulator {
  /** The staff list: employee number → record. */
  readonly staff = new Map<string, DmsStaffMember>();
  /** Names of the import files taken, in order. */
  readonly imports: string[] = [];
  private readonly batches = new Map<string, string>();
  private seq = 0;
  private exports = 0;
  private lastExportAt = 0;
  readonly force: string;

  constructor(readonly forceCode: string, dir?: string, private readonly clock: () => Date = () => new Date()) {
    super(`dms-${forceCode.toLowerCase()}`, dir);
    this.force = forceOf(forceCode);
  }

  protected take(fileName: string, content: string): FileVerdict {
    try {
      return this.import(fileName, content);
    } catch (err) {
      if (err instanceof Refusal) return { outcome: 'rej', reason: err.message };
      throw err;
    }
  }

  private import(fileName: string, content: string): FileVerdict {
    const named = DMS_IMPORT_FILE.exec(fileName);
    if (!named) throw new Refusal(`${fileName} is not a DMS import file name (DMSIMP_<FORCE>_<batch>.DAT)`);
    const lines = recordLines(content);
    const hd = readRecord(lines[0] ?? '', IMPORT_LAYOUTS.HD);
    if (hd.recordType !== 'HD') throw new Refusal('line 1: no HD header record');
    if (hd.force !== this.force) throw new Refusal(`line 1: this DMS serves force ${this.force}, not ${hd.force || '(blank)'}`);
    if (!hd.batchRef) throw new Refusal('line 1: HD has no batch reference');
    if (hd.batchRef !== named[2]) throw new Refusal(`line 1: batch reference ${hd.batchRef} is not the one in the file name`);
    const earlier = this.batches.get(hd.batchRef);
    if (earlier) return { outcome: 'ack', reference: earlier };
    const tr = readRecord(lines.at(-1) ?? '', IMPORT_LAYOUTS.TR);
    if (lines.length < 2 || tr.recordType !== 'TR') throw new Refusal(`line ${lines.length}: no TR trailer record`);
    const details = lines.slice(1, -1);
    if (!/^\d{7}$/.test(tr.recordCount) || Number(tr.recordCount) !== details.length) {
      throw new Refusal(`line ${lines.length}: trailer counts "${tr.recordCount}" records, the file has ${details.length}`);
    }
    // Applied to a copy first: one bad record refuses the whole batch.
    const next = new Map(this.staff);
    details.forEach((raw, i) => this.apply(raw, i + 2, next, hd.batchRef));
    this.staff.clear();
    for (const [no, member] of next) this.staff.set(no, member);
    const reference = `DMS-${this.force}-${String(++this.seq).padStart(6, '0')}`;
    this.batches.set(hd.batchRef, reference);
    this.imports.push(fileName);
    return { outcome: 'ack', reference };
  }

  private apply(raw: string, line: number, staff: Map<string, DmsStaffMember>, batchRef: string): void {
    const type = raw.slice(0, 2);
    if (type === 'JN') return this.join(readRecord(raw, IMPORT_LAYOUTS.JN), line, staff, batchRef);
    if (type === 'LF') return this.leave(readRecord(raw, IMPORT_LAYOUTS.LF), line, staff, batchRef);
    throw new Refusal(`line ${line}: record type "${type.trim()}" is not known`);
  }

  private join(jn: Joiner, line: number, staff: Map<string, DmsStaffMember>, batchRef: string): void {
    const missing = JN_REQUIRED.filter((k) => !jn[k]);
    if (missing.length) throw new Refusal(`line ${line}: JN missing ${missing.join(', ')}`);
    if (!ACTION_CODES.includes(jn.action)) throw new Refusal(`line ${line}: JN action "${jn.action}" is not known`);
    if (!isoDate(jn.startDate)) throw new Refusal(`line ${line}: JN start date "${jn.startDate}" is not a date (YYYYMMDD)`);
    if (!Object.values(CATEGORIES).includes(jn.category)) throw new Refusal(`line ${line}: JN category "${jn.category}" is not known`);
    if (!/^\d{5}$/.test(jn.fte) || Number(jn.fte) === 0 || Number(jn.fte) > 10_000) throw new Refusal(`line ${line}: JN fte "${jn.fte}" is not 00001-10000`);
    const existing = staff.get(jn.employeeNo);
    if (jn.action === ACTIONS.new && existing && !existing.left) throw new Refusal(`line ${line}: employee ${jn.employeeNo} is already on the staff list`);
    if (jn.action === ACTIONS.amendment && !existing) throw new Refusal(`line ${line}: JN amends unknown employee ${jn.employeeNo}`);
    const { recordType: _t, action: _a, ...fields } = jn;
    staff.set(jn.employeeNo, { ...fields, batchRef });
  }

  private leave(lf: Leaver, line: number, staff: Map<string, DmsStaffMember>, batchRef: string): void {
    const missing = LF_REQUIRED.filter((k) => !lf[k]);
    if (missing.length) throw new Refusal(`line ${line}: LF missing ${missing.join(', ')}`);
    if (!ACTION_CODES.includes(lf.action)) throw new Refusal(`line ${line}: LF action "${lf.action}" is not known`);
    if (!isoDate(lf.lastWorkingDay) || !isoDate(lf.leavingDate)) throw new Refusal(`line ${line}: LF dates must be YYYYMMDD`);
    if (!Object.values(LEAVING_REASONS).includes(lf.reason)) throw new Refusal(`line ${line}: LF reason "${lf.reason}" is not known`);
    const existing = staff.get(lf.employeeNo);
    if (!existing) throw new Refusal(`line ${line}: LF for unknown employee ${lf.employeeNo}`);
    if (lf.action === ACTIONS.new && existing.left) throw new Refusal(`line ${line}: employee ${lf.employeeNo} has already left`);
    staff.set(lf.employeeNo, { ...existing, batchRef, left: { lastWorkingDay: lf.lastWorkingDay, leavingDate: lf.leavingDate, reason: lf.reason } });
  }

  /** The batch reference in the file's header. */
  protected keyOf(_fileName: string, content: string): string | undefined {
    return readRecord(recordLines(content)[0] ?? '', IMPORT_LAYOUTS.HD).batchRef || undefined;
  }

  protected clear(): void {
    this.staff.clear();
    this.imports.length = 0;
    this.batches.clear();
    this.seq = 0;
  }

  snapshot(): { force: string; staff: DmsStaffMember[]; imports: string[]; exports: number } {
    return { force: this.force, staff: [...this.staff.values()], imports: [...this.imports], exports: this.exports };
  }

  /**
   * Plays the DMS's export job: writes an export of `records` into `dir` (a source drop's inbox)
   * under a dot-name ending .tmp, then renames it, so a reader never sees half a file. Each export
   * gets the next sequence number and a later second than the one before. Returns the file's path.
   */
  async exportFile(dir: string, records: DmsExportRecord[], opts: Pick<DmsExportOptions, 'controlTotal' | 'recordCount'> = {}): Promise<string> {
    this.lastExportAt = Math.max(this.clock().getTime(), this.lastExportAt + 1000);
    const file = dmsExportFile(this.force, records, { ...opts, exportedAt: dmsTimestamp(new Date(this.lastExportAt)), sequence: ++this.exports });
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${file.fileName}.tmp`);
    await writeFile(temp, file.content, 'utf8');
    await rename(temp, join(dir, file.fileName));
    return join(dir, file.fileName);
  }
}
