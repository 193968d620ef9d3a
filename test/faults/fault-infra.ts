// The fault suite's own Kafka, Redis and PostgreSQL (scripts/infra.sh with a temp HUB_INFRA_DIR and
// 19xxx ports), which it may kill: never the shared ones on the default ports.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@hub/testing';

const run = promisify(execFile);
const INFRA_SH = join(__dirname, '..', '..', '..', 'scripts', 'infra.sh');

export const FAULT_PORTS = { kafka: 19092, kafkaController: 19093, redis: 19379, postgres: 19432 } as const;

export type Service = 'kafka' | 'redis' | 'postgres';

/** Is `pid` a live process (not a zombie)? */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Live processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

export class FaultInfra {
  readonly dir: string;
  readonly env: Record<string, string>;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'hub-faults-'));
    // PostgreSQL runs as the postgres user, who must reach its data dir under this one.
    chmodSync(this.dir, 0o755);
    this.env = {
      HUB_INFRA_DIR: this.dir,
      KAFKA_PORT: String(FAULT_PORTS.kafka),
      KAFKA_CONTROLLER_PORT: String(FAULT_PORTS.kafkaController),
      REDIS_PORT: String(FAULT_PORTS.redis),
      PG_PORT: String(FAULT_PORTS.postgres),
    };
  }

  /** What the hub's processes are given. */
  get hubEnv(): Record<string, string> {
    return {
      KAFKA_BROKERS: `127.0.0.1:${FAULT_PORTS.kafka}`,
      REDIS_URL: `redis://127.0.0.1:${FAULT_PORTS.redis}`,
      DATABASE_URL: `postgres://hub:hub@127.0.0.1:${FAULT_PORTS.postgres}/hub`,
    };
  }

  async sh(...args: string[]): Promise<string> {
    const { stdout } = await run('bash', [INFRA_SH, ...args], { env: { ...process.env, ...this.env }, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  start(...services: Service[]): Promise<string> {
    return this.sh('start', ...services);
  }

  /** Graceful stop: SIGTERM for Redis (it flushes its AOF) and Kafka, a fast shutdown for PostgreSQL. */
  stop(...services: Service[]): Promise<string> {
    return this.sh('stop', ...services);
  }

  pidOf(service: Service): number | undefined {
    const file = { kafka: join(this.dir, 'kafka', 'kafka.pid'), redis: join(this.dir, 'redis', 'redis.pid'), postgres: join(this.pgData, 'postmaster.pid') }[service];
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  get pgData(): string {
    return join(this.dir, 'postgres', 'data');
  }

  get redisDir(): string {
    return join(this.dir, 'redis');
  }

  /** SIGKILL, as a crash or the OOM killer would: no flush, no goodbye. Waits until it is gone. */
  async kill(service: Service): Promise<void> {
    const pid = this.pidOf(service);
    if (!pid || !alive(pid)) throw new Error(`${service} is not running (no live pid)`);
    const children = childrenOf(pid);
    process.kill(pid, 'SIGKILL');
    await waitFor(`${service} (pid ${pid}) to die`, () => !alive(pid), 10_000, 20);
    // PostgreSQL's backends notice their postmaster's death and exit; a new one cannot start before.
    await waitFor(`the children of ${service} to exit`, () => children.every((c) => !alive(c)), 30_000, 50);
  }

  /** Starts a service again after a kill; PostgreSQL may refuse while the dead one's shared memory is still attached. */
  async restart(service: Service): Promise<void> {
    await waitFor(`${service} to start again`, async () => {
      await this.start(service);
      return true;
    }, 90_000, 500);
  }

  /** Stops and deletes everything this suite's infra wrote, whatever state it is in. */
  async destroy(): Promise<void> {
    await this.sh('reset').catch((err) => console.error(`faults: infra reset failed: ${(err as Error).message}`));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
