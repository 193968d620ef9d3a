// Every connector has the one shape (connector-shape.ts), by name: a connector that drifts from it
// fails here, naming what is missing or out of place.
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceConnectors, targetConnectors } from './registry';
import { connectorShapeProblems } from './connector-shape';

const root = join(__dirname, '..');
const aliases = Object.keys((JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths);
/** Every connector the repository declares: a tsconfig alias @connectors/<name> (the registry has its own). */
const NAMES = aliases.filter((a) => a.startsWith('@connectors/') && a !== '@connectors/registry').map((a) => a.slice('@connectors/'.length));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const indexOf = (name: string) => require(`@connectors/${name}`) as Record<string, unknown>;

describe('every connector has the one shape', () => {
  it('knows the connectors of the repository', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['cloud-erp', 'dms', 'finance', 'hr', 'payroll', 'training']));
  });

  it.each(NAMES)('%s', (name) => {
    expect(connectorShapeProblems(join(__dirname, name), name, indexOf(name))).toEqual([]);
  });

  it.each(NAMES)('%s is registered as its manifest says: a target connector if it delivers, a source connector if it reads', (name) => {
    const manifest = Object.values(indexOf(name)).find((v) => (v as { name?: string } | null)?.name === name) as { direction: string };
    expect({ target: targetConnectors().has(name), source: sourceConnectors().has(name) }).toEqual({ target: manifest.direction !== 'source', source: manifest.direction !== 'target' });
  });
});

describe('connectorShapeProblems', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'shape-')), 'training');
    cpSync(join(__dirname, 'training'), dir, { recursive: true });
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
  const problems = () => connectorShapeProblems(dir, 'training', indexOf('training'));

  it('finds nothing wrong with a copy of a connector that has the shape', () => expect(problems()).toEqual([]));

  it('names a source file moved out of source/, and one named another way', () => {
    renameSync(join(dir, 'src', 'source', 'training-completions.source.ts'), join(dir, 'src', 'completions.source.ts'));
    expect(problems()).toEqual([
      'src/source/ has no training-<what>.source.ts: a source connector reads from its system there',
      'src/completions.source.ts belongs in a connector folder, or is named training.<what>.ts',
    ]);
  });

  it('names samples outside testing/samples.ts, a folder that is not a connector folder and a missing main.ts', () => {
    renameSync(join(dir, 'src', 'testing', 'samples.ts'), join(dir, 'src', 'training.sample.ts'));
    cpSync(join(dir, 'src', 'simulator'), join(dir, 'src', 'fixtures'), { recursive: true });
    rmSync(join(dir, 'src', 'simulator', 'main.ts'));
    writeFileSync(join(dir, 'src', 'source', 'training-other.ts.source.ts'), '');
    expect(problems()).toEqual([
      'src/simulator/main.ts is missing: the simulator run as its own process',
      'src/testing/samples.ts is missing: its samples, in one place',
      'src/source/training-other.ts.source.ts is not named training-<what>.source.ts',
      'src/fixtures/ is not one of the connector folders (target, source, simulator, testing)',
      'src/training.sample.ts belongs in testing/',
    ]);
  });

  it('names an index that exports no manifest, or not the samples', () => {
    writeFileSync(join(dir, 'src', 'index.ts'), "export * from './source/training-completions.source';\n");
    expect(connectorShapeProblems(dir, 'training', {})).toEqual(['src/index.ts exports 0 manifests named "training", not one', "src/index.ts does not export './testing/samples'"]);
  });
});
