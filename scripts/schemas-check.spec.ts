// The git side of `npm run schemas:check` (scripts/schemas-check.ts), against throw-away repositories.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSchemas, findRepoRoot, formatReport, Report, SchemasCheckError } from './schemas-check';

const BASE = 'https://erp-hub.example/schemas/';

function defs(costCentrePattern = '^[A-Z0-9]{2,12}$') {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}defs/common.v1.json`,
    $defs: {
      employeeId: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]{2,19}$' },
      costCentre: { type: 'string', pattern: costCentrePattern },
    },
  };
}

function joined(change: (s: any) => void = () => undefined) {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}hr.employee.joined.v1.json`,
    title: 'hr.employee.joined.v1',
    type: 'object',
    additionalProperties: false,
    required: ['employeeId', 'employment'],
    properties: {
      employeeId: { $ref: 'defs/common.v1.json#/$defs/employeeId' },
      email: { type: 'string', format: 'email' },
      employment: {
        type: 'object',
        additionalProperties: false,
        required: ['grade', 'costCentre'],
        properties: {
          grade: { type: 'string', maxLength: 20 },
          costCentre: { $ref: 'defs/common.v1.json#/$defs/costCentre' },
        },
      },
    },
    examples: [{ employeeId: 'FEN-1', employment: { grade: 'PC', costCentre: 'FEN4410' } }],
  };
  change(schema);
  return schema;
}

const left = (title = 'hr.employee.left.v1') => ({
  $id: `${BASE}${title}.json`,
  title,
  type: 'object',
  required: ['employeeId'],
  properties: { employeeId: { $ref: 'defs/common.v1.json#/$defs/employeeId' } },
});

const dropCostCentre = (s: any) => {
  delete s.properties.employment.properties.costCentre;
  s.properties.employment.required = ['grade'];
};

class Repo {
  readonly root = realpathSync(mkdtempSync(join(tmpdir(), 'schemas-check-')));
  constructor() {
    this.git('init', '-q');
  }
  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
      cwd: this.root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  write(path: string, content: unknown): this {
    const abs = join(this.root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return this;
  }
  remove(path: string): this {
    rmSync(join(this.root, path));
    return this;
  }
  commit(message: string): this {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this;
  }
  tag(name: string): this {
    this.git('tag', name);
    return this;
  }
  short(rev: string): string {
    return this.git('rev-parse', '--short=7', rev).trim();
  }
  check(baseline?: string): Promise<Report> {
    return checkSchemas({ repoRoot: this.root, baseline });
  }
  /** The first release: defs, joined.v1, left.v1. */
  static released(): Repo {
    return new Repo()
      .write('schemas/defs/common.v1.json', defs())
      .write('schemas/hr.employee.joined.v1.json', joined())
      .write('schemas/hr.employee.left.v1.json', left())
      .write('README.md', 'hub\n')
      .commit('first schemas');
  }
}

const result = (report: Report, type: string) => report.results.find((r) => r.type === type)!;
const rulesAndPaths = (report: Report, type: string) => result(report, type).problems.map((p) => [p.rule, p.path]);

const repos: Repo[] = [];
const fresh = (r: Repo) => (repos.push(r), r);
afterAll(() => repos.forEach((r) => rmSync(r.root, { recursive: true, force: true })));

describe('checkSchemas without a release tag: previous committed version of each file', () => {
  it('calls every schema of a first commit new, and passes', async () => {
    const repo = fresh(Repo.released());
    const report = await repo.check();
    expect(report.baseline.mode).toBe('previous-commit');
    expect(report.results.map((r) => [r.type, r.status])).toEqual([
      ['hr.employee.joined.v1', 'new'],
      ['hr.employee.left.v1', 'new'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('compares an uncommitted edit with HEAD', async () => {
    const repo = fresh(Repo.released().write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)));
    const report = await repo.check();
    expect(result(report, 'hr.employee.joined.v1')).toMatchObject({ status: 'incompatible', comparedWith: ['HEAD'], changed: true });
    expect(rulesAndPaths(report, 'hr.employee.joined.v1')).toEqual([['required-removed', '/employment/costCentre']]);
    expect(result(report, 'hr.employee.left.v1').status).toBe('new'); // untouched, never had an earlier version
    expect(report.ok).toBe(false);
  });

  it('passes a compatible uncommitted edit', async () => {
    const repo = fresh(Repo.released().write('schemas/hr.employee.joined.v1.json', joined((s) => (s.properties.nickname = { type: 'string' }))));
    const report = await repo.check();
    expect(result(report, 'hr.employee.joined.v1')).toMatchObject({ status: 'ok', comparedWith: ['HEAD'], problems: [] });
    expect(report.ok).toBe(true);
  });

  it('compares a committed edit with the parent of the commit that made it', async () => {
    const repo = fresh(Repo.released().write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)).commit('drop cost centre'));
    repo.write('README.md', 'later, unrelated\n').commit('docs');
    const change = repo.short('HEAD~1');
    const report = await repo.check();
    expect(result(report, 'hr.employee.joined.v1')).toMatchObject({ status: 'incompatible', comparedWith: [`parent of ${change}`] });
    expect(rulesAndPaths(report, 'hr.employee.joined.v1')).toEqual([['required-removed', '/employment/costCentre']]);
  });

  it('catches a committed change to a shared def through the schemas that use it', async () => {
    const repo = fresh(Repo.released().write('schemas/defs/common.v1.json', defs('^[A-Z0-9]{2,8}$')).commit('shorter cost centres'));
    const report = await repo.check();
    expect(rulesAndPaths(report, 'hr.employee.joined.v1')).toEqual([['pattern-changed', '/employment/costCentre']]);
    expect(result(report, 'hr.employee.left.v1').status).toBe('ok'); // uses the defs, not that one
  });

  it('catches an uncommitted change to a shared def', async () => {
    const repo = fresh(Repo.released().write('schemas/defs/common.v1.json', defs('^[A-Z0-9]{2,8}$')));
    const report = await repo.check();
    expect(result(report, 'hr.employee.joined.v1')).toMatchObject({ status: 'incompatible', comparedWith: ['HEAD'], changed: false });
  });

  it('reports a schema deleted in the working tree, and one deleted by a commit', async () => {
    const repo = fresh(Repo.released().remove('schemas/hr.employee.left.v1.json'));
    let report = await repo.check();
    expect(result(report, 'hr.employee.left.v1')).toMatchObject({ status: 'removed', comparedWith: ['HEAD'] });
    expect(rulesAndPaths(report, 'hr.employee.left.v1')).toEqual([['schema-removed', '']]);
    repo.commit('drop left');
    report = await repo.check();
    expect(result(report, 'hr.employee.left.v1').status).toBe('removed');
  });

  it('only looks at the latest change of a file: a later compatible commit moves its baseline', async () => {
    const repo = fresh(Repo.released().write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)).commit('breaking'));
    repo.write('schemas/hr.employee.joined.v1.json', joined((s) => (dropCostCentre(s), (s.description = 'now documented')))).commit('docs');
    expect(result(await repo.check(), 'hr.employee.joined.v1').status).toBe('ok');
    // …which is what a release tag is for:
    expect(result(await repo.check(repo.short('HEAD~2')), 'hr.employee.joined.v1').status).toBe('incompatible');
  });
});

describe('checkSchemas with a release tag', () => {
  it('compares with the latest v* tag reachable from HEAD, whatever was committed since', async () => {
    const repo = fresh(Repo.released().tag('v1.0.0'));
    repo.write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)).commit('breaking').tag('not-a-release');
    repo.write('schemas/hr.employee.joined.v1.json', joined((s) => (dropCostCentre(s), (s.description = 'docs')))).commit('docs');
    const report = await repo.check();
    expect(report.baseline).toMatchObject({ mode: 'tag', ref: 'v1.0.0' });
    expect(report.baseline.description).toContain('v1.0.0');
    expect(result(report, 'hr.employee.joined.v1')).toMatchObject({ status: 'incompatible', comparedWith: ['v1.0.0'] });
    expect(rulesAndPaths(report, 'hr.employee.joined.v1')).toEqual([['required-removed', '/employment/costCentre']]);
    expect(result(report, 'hr.employee.left.v1').status).toBe('ok');
  });

  it('takes the most recent tag', async () => {
    const repo = fresh(Repo.released().tag('v1.0.0'));
    repo.write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)).commit('breaking').tag('v1.1.0');
    const report = await repo.check();
    expect(report.baseline.ref).toBe('v1.1.0');
    expect(report.ok).toBe(true);
  });

  it('calls a schema added since the tag new, a new version of a type too, and fails on a deleted one', async () => {
    const repo = fresh(Repo.released().tag('v1.0.0'));
    repo.write('schemas/hr.employee.joined.v2.json', joined((s) => ((s.$id = `${BASE}hr.employee.joined.v2.json`), (s.title = 'hr.employee.joined.v2'), dropCostCentre(s))));
    repo.write('schemas/hr.absence.recorded.v1.json', left('hr.absence.recorded.v1'));
    repo.remove('schemas/hr.employee.left.v1.json').commit('v2, absence, drop left');
    const report = await repo.check();
    expect(result(report, 'hr.employee.joined.v2')).toMatchObject({ status: 'new', note: 'new version of hr.employee.joined, next to v1' });
    expect(result(report, 'hr.absence.recorded.v1')).toMatchObject({ status: 'new', note: 'new type' });
    expect(result(report, 'hr.employee.joined.v1').status).toBe('ok');
    expect(result(report, 'hr.employee.left.v1')).toMatchObject({ status: 'removed', comparedWith: ['v1.0.0'] });
    expect(report.ok).toBe(false);
  });

  it('prefers an explicit baseline (SCHEMAS_BASELINE) over the tag', async () => {
    const repo = fresh(Repo.released().tag('v1.0.0'));
    repo.write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)).commit('breaking');
    expect((await repo.check()).ok).toBe(false);
    const report = await repo.check('HEAD');
    expect(report.baseline).toMatchObject({ mode: 'ref', ref: 'HEAD' });
    expect(report.ok).toBe(true);
  });

  it('refuses a baseline that is not a commit', async () => {
    const repo = fresh(Repo.released());
    await expect(repo.check('v9.9.9')).rejects.toThrow(SchemasCheckError);
  });
});

describe('checkSchemas details', () => {
  it('reports a working-tree schema that is not JSON', async () => {
    const repo = fresh(Repo.released().write('schemas/hr.employee.left.v1.json', '{ "title": '));
    const report = await repo.check();
    expect(rulesAndPaths(report, 'hr.employee.left.v1')).toEqual([['invalid-schema', '']]);
    expect(report.ok).toBe(false);
  });

  it('finds the repository root from a subdirectory', () => {
    const repo = fresh(Repo.released());
    expect(findRepoRoot(join(repo.root, 'schemas', 'defs'))).toBe(repo.root);
    expect(() => findRepoRoot(realpathSync(tmpdir()))).toThrow(SchemasCheckError);
  });

  it('prints the baseline, one line per schema, and each problem as its sentence', async () => {
    const repo = fresh(Repo.released().tag('v1.0.0').write('schemas/hr.employee.joined.v1.json', joined(dropCostCentre)));
    const text = formatReport(await repo.check());
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^Baseline: v1\.0\.0 \([0-9a-f]{7}\), the latest release tag reachable from HEAD$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}1 problem {2}hr\.employee\.joined\.v1 {2}compared with v1\.0\.0 \(file edited\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}ok +hr\.employee\.left\.v1 +compared with v1\.0\.0$/));
    expect(text).toContain('- The required field /employment/costCentre was removed: events valid before would now fail. [required-removed]');
    expect(text).toContain('2 schemas: 1 ok, 0 new, 1 incompatible, 0 removed (1 problem).');
  });
});
