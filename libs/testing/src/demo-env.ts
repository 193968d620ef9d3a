import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo landscape's secrets (config/demo.env), as the environment the hub reads them from. */
export function demoEnv(root = join(__dirname, '..', '..', '..')): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(root, 'config', 'demo.env'), 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}
