import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, from sources (ts-jest) or from dist/ alike. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'config', 'demo.json')) || !existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no repository root above ${from}`);
    dir = up;
  }
  return dir;
}

/** The demo landscape's secrets (config/demo.env), as the environment the hub reads them from. */
export function demoEnv(root = repoRoot()): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(root, 'config', 'demo.env'), 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}
