import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const INFRA_SH = join(__dirname, '..', '..', '..', 'scripts', 'infra.sh');

/** scripts/infra.sh with `args`: its output when `capture`, else shown as it goes. */
const infraSh = (args: string[], capture = false) =>
  execFileSync('bash', [INFRA_SH, ...args], capture ? { encoding: 'utf8' } : { stdio: ['ignore', 'inherit', 'inherit'], encoding: 'utf8' });

/** Where the bench finds Kafka, Redis and PostgreSQL. */
export interface InfraEnv {
  KAFKA_BROKERS: string;
  REDIS_URL: string;
  DATABASE_URL: string;
}

/**
 * The services named by KAFKA_BROKERS / REDIS_URL / DATABASE_URL, or local ones started with
 * scripts/infra.sh (as `npm start` does) for whichever is unset. Returns what it started, to stop.
 */
export function ensureInfra(): { env: InfraEnv; started: string[] } {
  const needed = [
    ['kafka', 'KAFKA_BROKERS'],
    ['redis', 'REDIS_URL'],
    ['postgres', 'DATABASE_URL'],
  ].filter(([, v]) => !process.env[v]);
  let started: string[] = [];
  if (needed.length) {
    const status = statusOf();
    started = needed.map(([s]) => s).filter((s) => status[s] !== 'up');
    infraSh(['start', ...needed.map(([s]) => s)]);
  }
  const local = Object.fromEntries(
    infraSh(['env'], true)
      .split('\n')
      .map((l) => l.replace(/^export /, '').split('='))
      .filter(([k, v]) => k && v !== undefined)
      .map(([k, ...v]) => [k, v.join('=')]),
  );
  const env = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? local.KAFKA_BROKERS,
    REDIS_URL: process.env.REDIS_URL ?? local.REDIS_URL,
    DATABASE_URL: process.env.DATABASE_URL ?? local.DATABASE_URL,
  };
  return { env, started };
}

function statusOf(): Record<string, string> {
  let out = '';
  try {
    out = infraSh(['status'], true);
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? ''); // exits 1 when something is down
  }
  return Object.fromEntries(out.split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p.length >= 2).map(([s, state]) => [s, state]));
}

export function stopInfra(services: string[]): void {
  if (services.length) infraSh(['stop', ...services]);
}
