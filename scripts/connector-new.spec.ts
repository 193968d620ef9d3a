// The scaffold produces a connector in the one shape, whose code typechecks and whose generated
// specs pass, as they are generated.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorShapeProblems } from '../connectors/connector-shape';

const root = join(__dirname, '..');
const pick = (r: { status: number | null; stderr: string }) => ({ status: r.status, stderr: r.stderr });
const scaffold = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'connector-new.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run connector:new', () => {
  const name = `zz-scaffold-${randomBytes(3).toString('hex')}`;
  const dir = join(root, 'connectors', name);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a connector in the one shape, whose code typechecks and whose generated specs pass as generated', () => {
    const made = scaffold(name, '--consumes', 'hr.employee.left.v1', '--produces', 'hr.absence.recorded.v1', '--no-register');
    expect(made.status).toBe(0);
    // The shape every connector has, checked as connector-shape.spec.ts checks the registered ones.
    const index = require(join(dir, 'src', 'index.ts')) as Record<string, unknown>;
    expect(connectorShapeProblems(dir, name, index)).toEqual([]);
    for (const f of [`src/target/${name}.connector.ts`, `src/source/${name}-webhook.source.ts`, `src/simulator/${name}-simulator.ts`, 'src/testing/samples.ts']) expect(existsSync(join(dir, f))).toBe(true);

    // The generated code against the repository's compiler settings, alone.
    const tsconfig = join(mkdtempSync(join(tmpdir(), 'scaffold-tsc-')), 'tsconfig.json');
    writeFileSync(tsconfig, JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { noEmit: true, incremental: false, typeRoots: [join(root, 'node_modules', '@types')] }, include: [join(dir, 'src')] }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    rmSync(join(tsconfig, '..'), { recursive: true, force: true });
    expect({ status: tsc.status, errors: tsc.stdout.split('\n').filter((l) => l.includes('error')) }).toEqual({ status: 0, errors: [] });

    // Exactly the generated specs, by path: a pattern could match this spec too and recurse.
    const specs = [`${name}.contract.spec.ts`, `target/${name}.mapper.spec.ts`, `simulator/${name}-simulator.spec.ts`].map((s) => join('connectors', name, 'src', s));
    const jest = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'unit', '--runTestsByPath', ...specs], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    expect({ status: jest.status, tail: jest.stderr.split('\n').filter((l) => /Test Suites:|Tests:|✕/.test(l)) }).toEqual({
      status: 0,
      tail: [expect.stringMatching(/Test Suites:\s+3 passed, 3 total/), expect.stringMatching(/Tests:\s+\d+ passed, \d+ total/)],
    });
  });

  it('with --json says what it wrote as JSON (what hub --json connector new prints)', () => {
    const other = `zz-scaffold-${randomBytes(3).toString('hex')}`;
    try {
      const made = scaffold(other, '--no-register', '--json');
      expect(made.status).toBe(0);
      const said = JSON.parse(made.stdout) as { created: string; consumes: string; registered: boolean; files: string[] };
      expect(said).toMatchObject({ created: `connectors/${other}`, consumes: 'hr.employee.joined.v1', registered: false });
      expect(said.files).toContain(`connectors/${other}/src/${other}.manifest.ts`);
      // Without --produces, a target connector: no source/ folder.
      expect(said.files.filter((f) => f.includes('/src/source/'))).toEqual([]);
      expect(said.files).toEqual(expect.arrayContaining([`connectors/${other}/src/target/${other}.connector.ts`, `connectors/${other}/src/testing/samples.ts`, `connectors/${other}/src/index.ts`]));
      for (const f of said.files) expect(existsSync(join(root, f))).toBe(true);
    } finally {
      rmSync(join(root, 'connectors', other), { recursive: true, force: true });
    }
  });

  it('refuses a bad name, an existing connector and an unknown type', () => {
    expect(scaffold('Bad_Name').status).toBe(2);
    // A trailing or doubled hyphen leaves an empty word: a usage error, not a crash making the class name.
    for (const bad of ['zz-trailing-', 'zz--double', 'z']) expect({ bad, ...pick(scaffold(bad, '--no-register')) }).toEqual({ bad, status: 2, stderr: expect.stringContaining('usage') });
    expect(scaffold('payroll', '--no-register').status).toBe(2);
    expect(scaffold('x-unknown-type', '--consumes', 'hr.employee.teleported.v1', '--no-register').stderr).toContain('unknown canonical type');
  });
});
