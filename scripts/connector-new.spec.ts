// The scaffold produces a connector whose generated contract tests pass, as they are generated.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const pick = (r: { status: number | null; stderr: string }) => ({ status: r.status, stderr: r.stderr });
const scaffold = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'connector-new.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run connector:new', () => {
  const name = `zz-scaffold-${randomBytes(3).toString('hex')}`;
  const dir = join(root, 'connectors', name);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a connector that passes the contract-test kit', () => {
    const made = scaffold(name, '--consumes', 'hr.employee.left.v1', '--no-register');
    expect(made.status).toBe(0);
    for (const f of ['README.md', `src/${name}.manifest.ts`, `src/${name}.connector.ts`, `src/simulator/${name}-simulator.ts`, `src/simulator/main.ts`, `src/${name}.contract.spec.ts`]) {
      expect(existsSync(join(dir, f))).toBe(true);
    }
    // Exactly the generated spec, by path: a pattern could match this spec too and recurse.
    const spec = join('connectors', name, 'src', `${name}.contract.spec.ts`);
    const jest = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--runTestsByPath', spec], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect({ status: jest.status, tail: jest.stderr.split('\n').filter((l) => /Tests:|✕/.test(l)) }).toEqual({ status: 0, tail: [expect.stringMatching(/Tests:\s+\d+ passed, \d+ total/)] });
  });

  it('with --json says what it wrote as JSON (what hub --json connector new prints)', () => {
    const other = `zz-scaffold-${randomBytes(3).toString('hex')}`;
    try {
      const made = scaffold(other, '--no-register', '--json');
      expect(made.status).toBe(0);
      const said = JSON.parse(made.stdout) as { created: string; consumes: string; registered: boolean; files: string[] };
      expect(said).toMatchObject({ created: `connectors/${other}`, consumes: 'hr.employee.joined.v1', registered: false });
      expect(said.files).toContain(`connectors/${other}/src/${other}.manifest.ts`);
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
