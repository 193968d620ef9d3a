// Drift check: the committed generated types must be exactly what the generator makes from
// schemas/. Run as its own process: the generator's formatter needs native dynamic import.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('generated canonical types', () => {
  it('match schemas/ (npm run schemas:types regenerates them)', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'scripts', 'schema-types.js'), '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });
});
