import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as Record<string, unknown>).__hubContainers as { stop(): Promise<unknown> }[] | undefined;
  if (containers) await Promise.all(containers.map((c) => c.stop()));
  const started = (process.env.HUB_TEST_STARTED_INFRA ?? '').split(',').filter(Boolean);
  if (started.length) execFileSync('bash', [join(__dirname, '..', 'scripts/infra.sh'), 'stop', ...started], { stdio: 'inherit' });
}
