import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** 30 s: long enough for the heaviest read (a 92-day reconciliation), short enough that a stuck hub is told. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** What the CLI reads from its environment; each has a global option that wins over it. */
export interface CliSettings {
  /** HUB_URL, or --url. */
  url: string;
  /** HUB_TOKEN, or --token. */
  token?: string;
  /** HUB_TIMEOUT_MS, or --timeout: for each call to the API, its answer included. */
  timeoutMs: number;
}

/** A setting or option the CLI cannot use: bad usage, exit 2. */
export class CliUsageError extends Error {}

/** A timeout in milliseconds: a whole number from 1 to 24 h (setTimeout's own limit is about 24.8 days). */
export function parseTimeoutMs(raw: string, name: string): number {
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 86_400_000) throw new CliUsageError(`${name} must be a whole number of milliseconds from 1 to 86400000, not "${raw}"`);
  return n;
}

/** The CLI's settings from its environment, checked before anything is called. */
export function readCliSettings(env: NodeJS.ProcessEnv): CliSettings {
  return {
    url: env.HUB_URL || 'http://127.0.0.1:3000',
    token: env.HUB_TOKEN || undefined,
    timeoutMs: env.HUB_TIMEOUT_MS ? parseTimeoutMs(env.HUB_TIMEOUT_MS, 'HUB_TIMEOUT_MS') : DEFAULT_TIMEOUT_MS,
  };
}

/** The repository (or installed package) root, from sources or dist/ alike. */
export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error('cannot find the hub package root');
    dir = dirname(dir);
  }
  return dir;
}

/** The hub's version, as its package.json says (what `hub --version` prints). */
export function hubVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
