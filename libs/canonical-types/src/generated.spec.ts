// Drift check: the committed generated types must be exactly what the generator makes from
// schemas/. Run as its own process: the generator's formatter needs native dynamic import.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const generatedDir = join(__dirname, 'generated');

/** module file → the names it declares (`export interface X`, `export type X`). */
function declarations(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(generatedDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const text = readFileSync(join(generatedDir, f), 'utf8');
    out.set(f, [...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!));
  }
  return out;
}

describe('generated canonical types', () => {
  it('match schemas/ (npm run schemas:types regenerates them)', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'scripts', 'schema-types.js'), '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('declare each shared definition once, in common.v1.ts, and import it everywhere else', () => {
    const modules = declarations();
    const shared = new Set(modules.get('common.v1.ts'));
    expect(shared.has('PersonName') && shared.has('Money') && shared.has('Correction')).toBe(true);
    const redeclared = [...modules].filter(([f]) => f !== 'common.v1.ts').flatMap(([f, names]) => names.filter((n) => shared.has(n)).map((n) => `${f}: ${n}`));
    expect(redeclared).toEqual([]);
    const hr = readFileSync(join(generatedDir, 'hr.employee.joined.v2.ts'), 'utf8');
    expect(hr).toMatch(/^import type \{[^}]*\bPersonName\b[^}]*\} from '\.\/common\.v1';$/m);
  });

  it('declare no numbered copies of one type (Position1, MoneyNonNegative2)', () => {
    const copies = [...declarations()].flatMap(([f, names]) => names.filter((n) => /\D\d+$/.test(n) && !/V\d+Data$/.test(n)).map((n) => `${f}: ${n}`));
    expect(copies).toEqual([]);
  });
});
