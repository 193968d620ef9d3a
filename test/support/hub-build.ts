// Specs that run the hub as production does (node dist/apps/hub/src/main.js) need dist/ to be the
// build of the sources they test: built here when it is missing or older than any source file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_MAIN } from '../faults/hub-processes';

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['apps', 'libs', 'connectors', 'scripts', 'bench', join('test', 'faults')];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (npm run build: tsc, which writes every file) unless it is newer than every source. */
export function ensureHubBuilt(): void {
  // Another build's hub (FAULTS_HUB_MAIN) is taken as it is.
  if (process.env.FAULTS_HUB_MAIN) return;
  const built = existsSync(HUB_MAIN) ? statSync(HUB_MAIN).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((d) => newestSource(join(ROOT, d))));
  if (built > sources) return;
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
