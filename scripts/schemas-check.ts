/**
 * Schema compatibility gate (`npm run schemas:check`).
 *
 * A released canonical type must stay backward compatible: every event its previous version
 * accepted must still be accepted. This script compares each schema in `schemas/` (working tree,
 * uncommitted edits included) with its baseline in git and fails (exit 1) on any incompatibility.
 * A breaking change needs a new `vN+1` file next to `vN`, which itself must stay.
 *
 * Baseline, in order of preference:
 *   1. `SCHEMAS_BASELINE=<git ref>`: that ref, for every schema.
 *   2. The most recent release tag reachable from HEAD (`git describe --tags --abbrev=0 --match 'v*'`).
 *   3. No release tag yet: each schema file is compared with its previous committed version, i.e.
 *      the file at the parent of the most recent commit that changed it
 *      (`git log -n 1 --format=%H -- <file>`, then `<commit>^:<file>`), together with the shared
 *      defs as they were at that same parent. Two additions so that nothing slips through:
 *        - when a commit after that one changed `schemas/defs/` only, the schema is also compared
 *          with the parent of that commit (a def change reaches the schemas that use it);
 *        - when the working tree differs from HEAD (the file or the defs: edited, staged, deleted),
 *          the schema is also compared with HEAD's version.
 *      A file with no previous version anywhere is "new". A file deleted in a commit is still
 *      compared with the version before the deletion, so the deletion is reported.
 *
 * Old schemas and defs are read with `git show <ref>:<path>` (nothing is checked out). A schema
 * only in the working tree is a new type or a new version and passes ("new"); a schema file at the
 * baseline but gone from the working tree is breaking. Exit codes: 0 compatible, 1 incompatible,
 * 2 the gate could not run (not a git repository, unknown baseline ref).
 *
 * Runs from any directory: the repository is found with `git rev-parse --show-toplevel` from
 * the directory of this script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareSchemas, createResolver, Incompatibility, JsonSchema } from '../libs/schema-registry/src/compat';

const SCHEMAS_DIR = 'schemas';
const DEFS_DIR = `${SCHEMAS_DIR}/defs`;
const TYPE_FILE = /^([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)\.v([1-9][0-9]*)\.json$/;

export interface CheckOptions {
  /** Root of the git work tree that holds `schemas/`. */
  repoRoot: string;
  /** Git ref to compare with (what `SCHEMAS_BASELINE` sets); default: latest `v*` tag, else previous commits. */
  baseline?: string;
}

export type BaselineMode = 'ref' | 'tag' | 'previous-commit';

export interface SchemaResult {
  /** `hr.employee.joined.v1` */
  type: string;
  /** `schemas/hr.employee.joined.v1.json` */
  file: string;
  status: 'ok' | 'new' | 'incompatible' | 'removed';
  /** Labels of the baselines the file was compared with (`v1.2.0`, `HEAD`, `parent of 1a2b3c4`). */
  comparedWith: string[];
  /** True when the file's content differs from at least one baseline. */
  changed: boolean;
  problems: Incompatibility[];
  /** A short remark for the report line (why it is new, which baseline could not be read, …). */
  note?: string;
}

export interface Report {
  repoRoot: string;
  baseline: { mode: BaselineMode; ref?: string; description: string };
  results: SchemaResult[];
  ok: boolean;
}

export class SchemasCheckError extends Error {}

// --- git -------------------------------------------------------------------------------------

function git(repoRoot: string, args: string[]): string {
  return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function tryGit(repoRoot: string, args: string[]): string | undefined {
  try {
    return git(repoRoot, args);
  } catch {
    return undefined;
  }
}

/** The top of the git work tree that contains `from`. */
export function findRepoRoot(from: string): string {
  const out = tryGit(from, ['rev-parse', '--show-toplevel']);
  if (!out) throw new SchemasCheckError(`${from} is not inside a git repository`);
  return out.trim();
}

// --- snapshots of schemas/ -------------------------------------------------------------------

/** The schema files of one version of the repository. */
interface Snapshot {
  label: string;
  /** `hr.employee.joined.v1.json` -> text */
  types: Map<string, string>;
  /** `common.v1.json` -> text */
  defs: Map<string, string>;
}

function workingTree(repoRoot: string): Snapshot {
  const read = (dir: string) => {
    const out = new Map<string, string>();
    const abs = join(repoRoot, dir);
    if (!existsSync(abs)) return out;
    for (const f of readdirSync(abs).sort()) {
      if (f.endsWith('.json') && statSync(join(abs, f)).isFile()) out.set(f, readFileSync(join(abs, f), 'utf8'));
    }
    return out;
  };
  return { label: 'working tree', types: read(SCHEMAS_DIR), defs: read(DEFS_DIR) };
}

function atRevision(repoRoot: string, rev: string, label: string): Snapshot {
  const snapshot: Snapshot = { label, types: new Map(), defs: new Map() };
  const listing = tryGit(repoRoot, ['ls-tree', '-r', '--name-only', '-z', rev, '--', `${SCHEMAS_DIR}/`]) ?? '';
  for (const path of listing.split('\0').filter(Boolean)) {
    const rest = path.slice(SCHEMAS_DIR.length + 1);
    const inDefs = rest.startsWith('defs/') && !rest.slice(5).includes('/');
    if (!rest.endsWith('.json') || (rest.includes('/') && !inDefs)) continue;
    const text = git(repoRoot, ['show', `${rev}:${path}`]);
    if (inDefs) snapshot.defs.set(rest.slice(5), text);
    else snapshot.types.set(rest, text);
  }
  return snapshot;
}

interface Parsed {
  docs: JsonSchema[];
  byFile: Map<string, JsonSchema>;
  unreadable: Map<string, string>;
}

function parse(snapshot: Snapshot): Parsed {
  const parsed: Parsed = { docs: [], byFile: new Map(), unreadable: new Map() };
  const add = (file: string, text: string, isType: boolean) => {
    try {
      const doc = JSON.parse(text) as JsonSchema;
      parsed.docs.push(doc);
      if (isType) parsed.byFile.set(file, doc);
    } catch (err) {
      parsed.unreadable.set(isType ? file : `defs/${file}`, (err as Error).message);
    }
  };
  snapshot.defs.forEach((text, f) => add(f, text, false));
  snapshot.types.forEach((text, f) => add(f, text, true));
  return parsed;
}

// --- the check -------------------------------------------------------------------------------

/** Compares every schema of the working tree of `repoRoot` with its baseline. */
export async function checkSchemas(options: CheckOptions): Promise<Report> {
  const { repoRoot } = options;
  const current = workingTree(repoRoot);
  const currentParsed = parse(current);
  const currentResolve = createResolver(currentParsed.docs);
  const snapshots = new Map<string, { snapshot: Snapshot; parsed: Parsed }>();
  const snapshotAt = (rev: string, label: string) => {
    let s = snapshots.get(rev);
    if (!s) {
      const snapshot = atRevision(repoRoot, rev, label);
      s = { snapshot, parsed: parse(snapshot) };
      snapshots.set(rev, s);
    }
    return s;
  };

  // Which baselines each file is compared with.
  let baseline: Report['baseline'];
  const plan = new Map<string, Array<{ rev: string; label: string }>>();
  const typeFilesOf = (names: Iterable<string>) => [...names].filter((f) => TYPE_FILE.test(f));
  const files = new Set(typeFilesOf(current.types.keys()));

  const fixedRef = options.baseline ?? latestReleaseTag(repoRoot);
  if (fixedRef !== undefined) {
    const commit = tryGit(repoRoot, ['rev-parse', '--verify', '--quiet', `${fixedRef}^{commit}`])?.trim();
    if (!commit) throw new SchemasCheckError(`baseline "${fixedRef}" is not a commit in ${repoRoot}`);
    const mode: BaselineMode = options.baseline !== undefined ? 'ref' : 'tag';
    baseline = {
      mode,
      ref: fixedRef,
      description:
        mode === 'ref'
          ? `${fixedRef} (${commit.slice(0, 7)}), from SCHEMAS_BASELINE`
          : `${fixedRef} (${commit.slice(0, 7)}), the latest release tag reachable from HEAD`,
    };
    const { snapshot } = snapshotAt(commit, fixedRef);
    typeFilesOf(snapshot.types.keys()).forEach((f) => files.add(f));
    for (const f of files) plan.set(f, [{ rev: commit, label: fixedRef }]);
  } else {
    baseline = {
      mode: 'previous-commit',
      description:
        'no release tag (v*) reachable from HEAD, so each schema is compared with its previous committed version (and with HEAD where the working tree differs)',
    };
    const hasHead = tryGit(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD']) !== undefined;
    if (hasHead) {
      const head = snapshotAt('HEAD', 'HEAD').snapshot;
      typeFilesOf(head.types.keys()).forEach((f) => files.add(f));
      const deleted = git(repoRoot, ['log', '--format=', '--name-only', '--diff-filter=D', 'HEAD', '--', SCHEMAS_DIR])
        .split('\n')
        .map((p) => p.trim())
        .filter((p) => p.startsWith(`${SCHEMAS_DIR}/`) && !p.slice(SCHEMAS_DIR.length + 1).includes('/'))
        .map((p) => p.slice(SCHEMAS_DIR.length + 1));
      typeFilesOf(deleted).forEach((f) => files.add(f));
      const dirtyPaths = changedInWorkingTree(repoRoot);
      const defsDirty = [...dirtyPaths].some((p) => p.startsWith(`${DEFS_DIR}/`));
      for (const f of files) {
        const path = `${SCHEMAS_DIR}/${f}`;
        const candidates: Array<{ rev: string; label: string }> = [];
        const lastChange = git(repoRoot, ['log', '-n', '1', '--format=%H', 'HEAD', '--', path]).trim();
        const lastChangeOrDefs = git(repoRoot, ['log', '-n', '1', '--format=%H', 'HEAD', '--', path, DEFS_DIR]).trim();
        for (const commit of new Set([lastChange, lastChangeOrDefs].filter(Boolean))) {
          const parent = tryGit(repoRoot, ['rev-parse', '--verify', '--quiet', `${commit}^`])?.trim();
          if (parent) candidates.push({ rev: parent, label: `parent of ${commit.slice(0, 7)}` });
        }
        if (dirtyPaths.has(path) || defsDirty) candidates.push({ rev: 'HEAD', label: 'HEAD' });
        plan.set(f, candidates);
      }
    } else {
      for (const f of files) plan.set(f, []);
    }
  }

  const results: SchemaResult[] = [];
  for (const file of [...files].sort()) {
    const type = file.replace(/\.json$/, '');
    const result: SchemaResult = { type, file: `${SCHEMAS_DIR}/${file}`, status: 'ok', comparedWith: [], changed: false, problems: [] };
    results.push(result);
    const inWorkingTree = current.types.has(file);
    const newDoc = currentParsed.byFile.get(file);
    const skipped: string[] = [];
    for (const { rev, label } of plan.get(file) ?? []) {
      const { snapshot, parsed } = snapshotAt(rev, label);
      if (!snapshot.types.has(file)) continue;
      result.comparedWith.push(label);
      const oldDoc = parsed.byFile.get(file);
      if (oldDoc === undefined) {
        skipped.push(label);
        continue;
      }
      if (!inWorkingTree) continue;
      if (newDoc === undefined) continue;
      if (snapshot.types.get(file) !== current.types.get(file)) result.changed = true;
      result.problems.push(...compareSchemas(oldDoc, newDoc, { old: createResolver(parsed.docs), new: currentResolve }));
    }
    if (!inWorkingTree) {
      if (result.comparedWith.length === 0) {
        results.pop(); // deleted before any baseline: never released
        continue;
      }
      result.status = 'removed';
      result.problems.push({
        path: '',
        rule: 'schema-removed',
        message: `The schema file ${result.file} was deleted, but a released version must stay served next to its successor: restore it.`,
      });
      continue;
    }
    if (newDoc === undefined) {
      result.problems.push({
        path: '',
        rule: 'invalid-schema',
        message: `The schema file ${result.file} is not valid JSON (${currentParsed.unreadable.get(file)}), so nothing can be checked.`,
      });
    }
    if (result.comparedWith.length === 0) {
      result.status = result.problems.length ? 'incompatible' : 'new';
      result.note = newNote(type, current);
    } else {
      result.problems = dedupe(result.problems);
      result.status = result.problems.length ? 'incompatible' : 'ok';
      if (skipped.length) result.note = `the baseline at ${skipped.join(', ')} is not valid JSON and was skipped`;
    }
  }
  return { repoRoot, baseline, results, ok: results.every((r) => r.problems.length === 0) };
}

/** Paths under schemas/ that differ from HEAD: modified, staged, deleted, untracked, renamed (both names). */
function changedInWorkingTree(repoRoot: string): Set<string> {
  const entries = git(repoRoot, ['status', '--porcelain', '-z', '--untracked-files=all', '--', SCHEMAS_DIR]).split('\0');
  const paths = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.length < 4) continue;
    paths.add(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') paths.add(entries[++i]); // -z puts the original path next
  }
  return paths;
}

function latestReleaseTag(repoRoot: string): string | undefined {
  return tryGit(repoRoot, ['describe', '--tags', '--abbrev=0', '--match', 'v*'])?.trim() || undefined;
}

function newNote(type: string, current: Snapshot): string {
  const m = TYPE_FILE.exec(`${type}.json`)!;
  const others = [...current.types.keys()]
    .map((f) => TYPE_FILE.exec(f))
    .filter((o): o is RegExpExecArray => o !== null)
    .filter((o) => o[1] === m[1] && o[2] !== m[2])
    .map((o) => `v${o[2]}`);
  return others.length ? `new version of ${m[1]}, next to ${others.join(', ')}` : `new type`;
}

function dedupe(list: Incompatibility[]): Incompatibility[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.path}\u0000${p.rule}\u0000${p.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

// --- output ----------------------------------------------------------------------------------

export function formatReport(report: Report): string {
  const lines: string[] = [];
  lines.push(`Schema compatibility gate: ${join(report.repoRoot, SCHEMAS_DIR)}`);
  lines.push(`Baseline: ${report.baseline.description}`);
  lines.push('');
  const statusOf = (r: SchemaResult) =>
    r.status === 'removed' ? 'removed' : r.problems.length ? `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}` : r.status;
  const width = Math.max(0, ...report.results.map((r) => statusOf(r).length));
  const typeWidth = Math.max(0, ...report.results.map((r) => r.type.length));
  for (const r of report.results) {
    const detail =
      r.comparedWith.length === 0
        ? r.note ?? ''
        : `compared with ${r.comparedWith.join(' and ')}${r.changed ? ' (file edited)' : ''}${r.note ? `; ${r.note}` : ''}`;
    lines.push(`  ${statusOf(r).padEnd(width)}  ${r.type.padEnd(typeWidth)}  ${detail}`.trimEnd());
    for (const p of r.problems) lines.push(`  ${' '.repeat(width)}    - ${p.message} [${p.rule}]`);
  }
  const count = (s: SchemaResult['status']) => report.results.filter((r) => r.status === s).length;
  const problems = report.results.reduce((n, r) => n + r.problems.length, 0);
  lines.push('');
  lines.push(
    `${report.results.length} schemas: ${count('ok')} ok, ${count('new')} new, ${count('incompatible')} incompatible, ${count('removed')} removed` +
      (problems ? ` (${problems} problem${problems === 1 ? '' : 's'})` : '') +
      '.',
  );
  if (!report.ok) {
    lines.push('A breaking change needs a new vN+1 schema file served next to vN, which stays as it was.');
    lines.push('If the baseline is wrong, set SCHEMAS_BASELINE=<git ref> (for example the last release tag).');
  }
  return lines.join('\n');
}

/** `--json` prints the report as JSON (what `hub --json schemas check` asks for), else as text. */
export async function main(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Promise<number> {
  try {
    const repoRoot = findRepoRoot(__dirname);
    const baseline = env.SCHEMAS_BASELINE?.trim() || undefined;
    const report = await checkSchemas({ repoRoot, baseline });
    process.stdout.write(`${argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
    return report.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`schemas:check could not run: ${(err as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
