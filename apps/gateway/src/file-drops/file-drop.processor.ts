import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileDropConfig } from '@hub/config';
import { FileSourceConnector, FileTotalsPost, ParsedFile, sourceUrn } from '@hub/connector-sdk';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import type { SchemaRegistry } from '@hub/schema-registry';
import type { IngestClient } from '../ingest.client';
import type { SeenFile, SeenFilesStore } from './seen-files.store';

/**
 * Writes a file's reason beside it, whole or not at all (written aside, then renamed): whoever
 * lists the directory (ops, a script, a spec) never reads half of one.
 */
async function writeReason(path: string, reason: unknown): Promise<void> {
  await writeFile(`${path}.part`, JSON.stringify(reason, null, 2));
  await rename(`${path}.part`, path);
}

/** A record that did not go through, as written in the quarantine report. */
export interface QuarantinedRecord {
  line: number;
  reason: string;
  raw: string;
}

export type FileOutcome =
  /**
   * Posted; bad records (if any) are in quarantine/<name>.rejects.json. `controlTotals`: for a file
   * that carries them, whether the hub recorded them (or refused, with why: the events stand).
   */
  | { outcome: 'processed'; accepted: number; duplicates: number; quarantined: QuarantinedRecord[]; controlTotals?: 'recorded' | { refused: string } }
  /** The whole file is in quarantine/ with <name>.reason.json: nothing of it was posted. */
  | { outcome: 'quarantined'; reason: string }
  /** The same bytes were processed before: moved to duplicates/, nothing posted. */
  | { outcome: 'duplicate'; of: SeenFile }
  /** The hub was not reachable: the file stays in the inbox for the next sweep. */
  | { outcome: 'retry-later'; reason: string };

export const dropDirs = (dir: string) => ({
  inbox: join(dir, 'inbox'),
  processed: join(dir, 'processed'),
  quarantine: join(dir, 'quarantine'),
  duplicates: join(dir, 'duplicates'),
});

/** Moves a file into `toDir`, never over an earlier file of the same name. */
async function moveInto(path: string, toDir: string, name: string, hash: string): Promise<string> {
  await mkdir(toDir, { recursive: true });
  const target = existsSync(join(toDir, name)) ? `${name}.${hash.slice(0, 8)}` : name;
  await rename(path, join(toDir, target));
  return target;
}

/**
 * One file of one drop directory, start to end: skip it if its bytes were seen, parse it with the
 * drop's connector, check each event against its schema, post the good ones, and leave every file
 * and every refused record where ops can find it with the reason.
 */
export class FileDropProcessor {
  constructor(
    private readonly drop: FileDropConfig,
    private readonly connector: FileSourceConnector,
    private readonly token: string,
    private readonly registry: SchemaRegistry,
    private readonly ingest: IngestClient,
    private readonly seen: SeenFilesStore,
  ) {}

  async process(name: string): Promise<FileOutcome> {
    const dirs = dropDirs(this.drop.dir);
    const path = join(dirs.inbox, name);
    const content = await readFile(path, 'utf8');
    const hash = createHash('sha256').update(content).digest('hex');

    const earlier = await this.seen.get(this.drop.id, hash);
    if (earlier) {
      const moved = await moveInto(path, dirs.duplicates, name, hash);
      await writeReason(join(dirs.duplicates, `${moved}.reason.json`), { file: name, sha256: hash, duplicateOf: earlier });
      return { outcome: 'duplicate', of: earlier };
    }

    let parsed: ParsedFile;
    try {
      parsed = this.connector.parseFile(content, { tenant: this.drop.tenant, source: this.sourceUrn, fileName: name, fileHash: hash });
    } catch (err) {
      return this.quarantine(path, name, hash, `the ${this.connector.manifest.name} connector could not read the file: ${(err as Error).message}`);
    }
    if (parsed.fileError) return this.quarantine(path, name, hash, parsed.fileError);

    const good: CanonicalEvent[] = [];
    const bad: QuarantinedRecord[] = [];
    // Records and their part of the file's control total, as posted and as quarantined.
    const tally = { posted: { records: 0, total: 0 }, quarantined: { records: 0, total: 0 } };
    for (const r of parsed.records) {
      // Checked here as the hub would: a batch is refused whole, so one bad event must not stop the file.
      const problems = 'error' in r ? [r.error] : r.events.flatMap((e) => this.registry.validate(e.type, e.data, '/data').map((p) => `${e.type} ${p.path} ${p.message}`));
      const side = problems.length ? tally.quarantined : tally.posted;
      side.records++;
      side.total += r.controlAmount ?? 0;
      if (problems.length) bad.push({ line: r.line, reason: problems.join('; '), raw: r.raw });
      else if ('events' in r) good.push(...r.events);
    }
    if (good.length === 0 && bad.length > 0) return this.quarantine(path, name, hash, 'no record of the file could be read', bad);

    const answer = await this.ingest.postAll(good, this.token);
    if (!answer.ok && answer.retryable) return { outcome: 'retry-later', reason: answer.reason };
    if (!answer.ok) return this.quarantine(path, name, hash, `the hub refused the file's events (${answer.status}): ${JSON.stringify(answer.problem)}`, bad);

    // The file's own control totals beside what became of its records, for reconciliation (the
    // gateway has no ledger). Unreachable: the file stays for the next sweep, whose events are
    // duplicates then. Refused: the events stand, and the outcome says why the totals are missing.
    let controlTotals: 'recorded' | { refused: string } | undefined;
    if (parsed.control) {
      const c = parsed.control;
      const totals: FileTotalsPost = {
        tenant: this.drop.tenant, source: this.sourceUrn, drop: this.drop.id, file: name, sha256: hash, kind: c.kind,
        trailer: { records: c.records, controlTotal: c.total, unit: c.unit, ...(c.currency ? { currency: c.currency } : {}) },
        ...tally, eventKeys: [...new Set(good.map(keyOfEvent))],
      };
      const recorded = await this.ingest.postFileTotals(totals, this.token);
      if (!recorded.ok && recorded.retryable) return { outcome: 'retry-later', reason: `control totals not recorded: ${recorded.reason}` };
      controlTotals = recorded.ok ? 'recorded' : { refused: `${recorded.status}: ${JSON.stringify(recorded.problem)}` };
    }

    const moved = await moveInto(path, dirs.processed, name, hash);
    if (bad.length) {
      await mkdir(dirs.quarantine, { recursive: true });
      await writeFile(join(dirs.quarantine, `${moved}.rejects.json`), JSON.stringify({ file: name, sha256: hash, posted: good.length, records: bad }, null, 2));
    }
    await this.seen.remember(this.drop.id, hash, { fileName: name, at: new Date().toISOString(), outcome: 'processed' });
    return { outcome: 'processed', accepted: answer.accepted, duplicates: answer.duplicates, quarantined: bad, ...(controlTotals ? { controlTotals } : {}) };
  }

  get sourceUrn(): string {
    return sourceUrn(this.connector.manifest.name);
  }

  /** The whole file goes to quarantine with its reason; its hash is not remembered, so a fixed re-drop is read. */
  private async quarantine(path: string, name: string, hash: string, reason: string, records: QuarantinedRecord[] = []): Promise<FileOutcome> {
    const dirs = dropDirs(this.drop.dir);
    const moved = await moveInto(path, dirs.quarantine, name, hash);
    await writeReason(join(dirs.quarantine, `${moved}.reason.json`), { file: name, sha256: hash, reason, records });
    return { outcome: 'quarantined', reason };
  }
}
