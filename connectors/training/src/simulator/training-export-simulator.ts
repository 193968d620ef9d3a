import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { completionsCsv } from '../source/completions-csv';
import { completionsFileName, CompletionRow } from '../source/training.format';

export interface ExportOptions {
  /** The export's day (the file name's date); the simulator's clock when absent. */
  on?: Date;
  /** Fault knob: the trailer's count, to play a file that lost rows on the way. */
  recordCount?: number;
}

/**
 * The training system dropping its daily completions export into a directory, as the real one
 * does: written under a temporary name, then renamed, so a reader never sees half a file. One
 * export per force and day, like the real system: a second one for the same day is refused.
 */
export class TrainingExportSimulator {
  /** Every file exported, in order. */
  readonly exported: { path: string; force: string; rows: CompletionRow[] }[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Writes `COMPLETIONS_<FORCE>_<YYYYMMDD>.csv` of `rows` into `dir` (for the gateway: the drop's inbox). */
  async export(dir: string, force: string, rows: CompletionRow[], o: ExportOptions = {}): Promise<string> {
    const name = completionsFileName(force, o.on ?? this.clock());
    const path = join(dir, name);
    if (existsSync(path)) throw new Error(`${name} is already exported into ${dir}`);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${name}.tmp`);
    await writeFile(temp, completionsCsv(rows, { recordCount: o.recordCount }), 'utf8');
    await rename(temp, path);
    this.exported.push({ path, force: force.toUpperCase(), rows });
    return path;
  }

  snapshot() {
    return { exported: this.exported.map((e) => ({ path: e.path, force: e.force, completions: e.rows.length })) };
  }
}
