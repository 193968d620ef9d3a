// One hub run of dist processes for an integration spec: its own ledger schema, topic prefix,
// Redis prefix and consumer group on the suite's shared Kafka, Redis and PostgreSQL, a landscape
// file of payroll targets, and the role processes (test/faults/hub-processes.ts) it started, all
// stopped by close(), which also removes what the run wrote.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '@hub/config';
import { freePort } from './role-process';
import { removeHubRunData } from './test-landscape';
import { Role, RoleExit, RoleProcess } from '../faults/hub-processes';

export const HUB_RUN_TOKEN = 'hub-run-hr-token';

export interface HubRunTarget {
  id: string;
  url: string;
}

export class HubRun {
  readonly dir = mkdtempSync(join(tmpdir(), 'hub-run-'));
  readonly id = `r${randomBytes(4).toString('hex')}`;
  readonly env: Record<string, string>;
  readonly processes: RoleProcess[] = [];
  readonly exits: RoleExit[] = [];

  constructor(targets: readonly HubRunTarget[], env: Record<string, string> = {}) {
    const config = join(this.dir, 'landscape.json');
    writeFileSync(config, JSON.stringify(landscape(targets)));
    this.env = {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      REDIS_URL: process.env.REDIS_URL!,
      DATABASE_URL: process.env.DATABASE_URL!,
      HUB_CONFIG: config,
      HOST: '127.0.0.1',
      KAFKA_TOPIC_PREFIX: `${this.id}.`,
      REDIS_PREFIX: `hub-${this.id}`,
      ROUTER_GROUP_ID: `router-${this.id}`,
      LEDGER_SCHEMA: `ledger_${this.id}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...env,
    };
  }

  /** A role process of this run (not started), on a free port, logging to `<name>.log` in the run's directory. */
  async role(role: Role, name: string = role, env: Record<string, string> = {}): Promise<RoleProcess> {
    const p = new RoleProcess(role, await freePort(), { ...this.env, ...env }, this.dir, (exit) => this.exits.push(exit), name);
    this.processes.push(p);
    return p;
  }

  /** Every process stopped (SIGTERM, SIGKILL after 20 s), then the run's schema, Redis keys and topics removed. */
  async close(): Promise<void> {
    await Promise.allSettled(this.processes.map((p) => p.kill('SIGTERM')));
    await removeHubRunData({
      kafkaBrokers: this.env.KAFKA_BROKERS.split(','),
      topicPrefix: this.env.KAFKA_TOPIC_PREFIX,
      redisUrl: this.env.REDIS_URL,
      redisPrefix: this.env.REDIS_PREFIX,
      databaseUrl: this.env.DATABASE_URL,
      ledgerSchema: this.env.LEDGER_SCHEMA,
    });
  }
}

/** One tenant, one HR source (HUB_RUN_TOKEN) and its joiners and moves routed to every target. */
function landscape(targets: readonly HubRunTarget[]) {
  const retry = { attempts: 8, backoffMs: 200, maxBackoffMs: 2_000 };
  return {
    tenants: [{ code: 'fen', name: 'Fenland Constabulary' }],
    sources: [{ id: 'hr-system', name: 'HR system', tokenSha256: hashToken(HUB_RUN_TOKEN), tenants: ['fen'], types: ['hr.*'], sourceUris: ['urn:erp-hub:source:hr'] }],
    opsUsers: [],
    targets: targets.map((t) => ({ id: t.id, tenant: 'fen', connector: 'payroll', endpoint: t.url, timeoutMs: 5_000, concurrency: 8, retry })),
    routes: ['hr.employee.joined.v1', 'hr.employee.moved.v1'].map((type) => ({ tenant: 'fen', type, targets: targets.map((t) => t.id) })),
  };
}
