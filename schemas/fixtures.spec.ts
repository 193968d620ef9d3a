// Every fixture under schemas/fixtures/<type>/ is checked against its schema: each valid one
// passes, and each invalid one fails for the reason its file name gives: <keyword>--<path>.json,
// where <path> is the offending field with '.' between segments ('root' for the top level).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '@hub/schema-registry';

const dir = __dirname;
const registry = SchemaRegistry.load(dir);
const fixturesDir = join(dir, 'fixtures');
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as unknown;
const list = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.json')).sort() : []);

describe('schema fixtures', () => {
  it.each(registry.types())('%s has valid and invalid fixtures', (type) => {
    expect(list(join(fixturesDir, type, 'valid')).length).toBeGreaterThanOrEqual(1);
    expect(list(join(fixturesDir, type, 'invalid')).length).toBeGreaterThanOrEqual(1);
  });

  it('has no fixtures for types that do not exist', () => {
    const dirs = existsSync(fixturesDir) ? readdirSync(fixturesDir) : [];
    expect(dirs.filter((d) => !registry.has(d))).toEqual([]);
  });

  const cases = registry.types().flatMap((type) => [
    ...list(join(fixturesDir, type, 'valid')).map((f) => ({ type, kind: 'valid' as const, file: f })),
    ...list(join(fixturesDir, type, 'invalid')).map((f) => ({ type, kind: 'invalid' as const, file: f })),
  ]);

  it.each(cases)('$type $kind/$file', ({ type, kind, file }) => {
    const data = read(join(fixturesDir, type, kind, file));
    const problems = registry.explain(type, data);
    if (kind === 'valid') {
      expect(problems).toEqual([]);
      return;
    }
    const m = /^([A-Za-z]+)--(.+)\.json$/.exec(file);
    expect(m).not.toBeNull();
    const [, keyword, dotted] = m!;
    const path = dotted === 'root' ? '' : '/' + dotted.split('.').join('/');
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ keyword, path })]));
  });
});
