import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeHubRunData } from '@test/support';
import type { InfraEnv } from './infra';
import { BENCH_DIR, Child, startChild, waitHealthy } from './processes';

const HUB_MAIN = join(__dirname, '..', '..', 'apps', 'hub', 'src', 'main.js');
/** A role's own process, or `all`: one process with every role (HubOptions.oneProcess). */
export type BenchRole = 'api' | 'router' | 'worker' | 'all';

export interface HubProcesses {
  url: string;
  ledgerSchema: string;
  children: Partial<Record<BenchRole, Child>>;
  rss(): Partial<Record<BenchRole, number>>;
  /** `hub api` etc. for one of its processes' pids, for CPU accounting. */
  roleOf(pid: number): string | undefined;
  stop(): Promise<void>;
}

export interface HubOptions {
  landscape: string;
  roles: BenchRole[];
  /** Extra node flags, e.g. --cpu-prof for a profile of each process. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  apiPort?: number;
  /** Every role of `roles` in one process (HUB_ROLES=api,router,worker), as a small site may run the hub. */
  oneProcess?: boolean;
}

/**
 * The hub as production runs it: api, router and worker each in its own process (HUB_ROLES), on
 * topics, Redis keys, a consumer group and a ledger schema of their own, logging at info to
 * .bench/logs. stop() ends the processes and removes what they wrote.
 */
export async function startHubProcesses(infra: InfraEnv, o: HubOptions): Promise<HubProcesses> {
  const id = randomBytes(3).toString('hex');
  const apiPort = o.apiPort ?? 3900;
  const env: Record<string, string> = {
    ...infra,
    HUB_CONFIG: o.landscape,
    KAFKA_TOPIC_PREFIX: `bench-${id}.`,
    REDIS_PREFIX: `bench-${id}`,
    ROUTER_GROUP_ID: `bench-router-${id}`,
    LEDGER_SCHEMA: `ledger_bench_${id}`,
    LOG_LEVEL: 'info',
    ...o.env,
  };
  const ports: Record<BenchRole, number> = { api: apiPort, router: apiPort + 1, worker: apiPort + 2, all: apiPort };
  const children: Partial<Record<BenchRole, Child>> = {};
  const profileDir = join(BENCH_DIR, 'profiles');
  if (o.nodeArgs?.some((a) => a.startsWith('--cpu-prof'))) mkdirSync(profileDir, { recursive: true });
  if (o.oneProcess) {
    const child = startChild('hub-all', process.execPath, [...(o.nodeArgs ?? []), HUB_MAIN], { ...env, PORT: String(ports.api), HUB_ROLES: o.roles.join(',') });
    children.all = child;
    await waitHealthy(child, `http://127.0.0.1:${ports.api}/health/ready`, 90_000);
  }
  // The API first: it creates the topics the router subscribes to.
  for (const role of (['api', 'worker', 'router'] as BenchRole[]).filter((r) => !o.oneProcess && o.roles.includes(r))) {
    const roleEnv: Record<string, string> = role === 'api' ? { PORT: String(ports.api) } : { OPS_PORT: String(ports[role]) };
    const child = startChild(`hub-${role}`, process.execPath, [...(o.nodeArgs ?? []), HUB_MAIN], { ...env, ...roleEnv, HUB_ROLES: role });
    children[role] = child;
    await waitHealthy(child, `http://127.0.0.1:${ports[role]}/health/ready`, 90_000);
  }
  return {
    url: `http://127.0.0.1:${apiPort}`,
    ledgerSchema: env.LEDGER_SCHEMA,
    children,
    roleOf: (pid) => {
      const role = (Object.keys(children) as BenchRole[]).find((r) => children[r]!.process.pid === pid);
      return role && `hub ${role}`;
    },
    rss: () => Object.fromEntries(Object.entries(children).map(([r, c]) => [r, c!.rssMiB()])),
    async stop() {
      for (const role of ['all', 'api', 'router', 'worker'] as BenchRole[]) await children[role]?.stop();
      await removeHubRunData({
        kafkaBrokers: infra.KAFKA_BROKERS.split(','),
        topicPrefix: env.KAFKA_TOPIC_PREFIX,
        redisUrl: infra.REDIS_URL,
        redisPrefix: env.REDIS_PREFIX,
        databaseUrl: infra.DATABASE_URL,
        ledgerSchema: env.LEDGER_SCHEMA,
      });
    },
  };
}
