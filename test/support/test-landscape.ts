import { randomBytes } from 'node:crypto';
import { Kafka as KafkaClient, logLevel as kafkaLogLevel } from 'kafkajs';
import { Pool } from 'pg';
import type { INestApplicationContext } from '@nestjs/common';
import { BreakerPolicy, hashToken, HubSettings, RateLimit, RetryPolicy } from '@hub/config';
import { connectRedis, hubRedisKeys, removeMatching } from '@hub/delivery';
import { CanonicalEvent } from '@hub/events';
import { KafkajsEventBus } from '@hub/kafka';
import { createLogger } from '@hub/observability';
import type { HubContext } from '@hub/runtime';
import { waitFor } from '@hub/testing';
import { CloudErpSimulator, DEFAULT_GRADE_CATALOGUE } from '@connectors/cloud-erp';
import { PayrollSimulator } from '@connectors/payroll';
import { hubContext, HubRole, RunningHub, startHub } from '@apps/hub';
import { createRouterApp } from '@apps/router';
import { createWorkerApp } from '@apps/worker';
import { demoEnv } from './demo-env';
import { DemoSystems, Force, FORCES } from './demo-systems';
import { RoleProcess } from './role-process';


/** The demo's tokens, reused in tests so the README's examples are exercised. */
export const TOKENS = {
  hr: 'demo-hr-token',
  fenJoinersOnly: 'demo-fen-joiners-token',
  opsAdmin: 'demo-ops-admin-token',
  opsViewer: 'demo-ops-viewer-token',
  fenOperator: 'demo-fen-operator-token',
  /** Prometheus: the metrics role for every tenant. */
  metrics: 'demo-metrics-token',
  /** Test-only: a source that may post every domain, to exercise every canonical type. */
  allSystems: 'test-all-systems-token',
  /** Changes the landscape as a whole (PUT /v1/landscape): landscape-admin and viewer, every tenant. */
  landscapeAdmin: 'demo-landscape-admin-token',
};

/** What each force's payroll takes in the test landscape: a person's joiner, move and leaver. */
const PAYROLL_TYPES = ['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.moved.v1', 'hr.employee.left.v1'];

const ALL_DOMAINS = ['hr.*', 'payroll.*', 'dms.*', 'training.*', 'hs.*', 'finance.*', 'procurement.*', 'expenses.*'];

/** The source URIs of the test landscape's sources (each credential may post only as its own). */
export const SOURCE_URIS = {
  hr: 'urn:erp-hub:source:hr',
  fenJoinersOnly: 'urn:erp-hub:source:fen-hr-local',
  /** The test-only all-systems source posts as the shared HR system. */
  allSystems: 'urn:erp-hub:source:hr',
};

export interface LandscapeOptions {
  roles?: HubRole[];
  retry?: Partial<RetryPolicy>;
  /** Every target's circuit breaker (the hub's defaults otherwise). */
  breaker?: Partial<BreakerPolicy>;
  /** Deliveries in flight per payroll target (4 otherwise). */
  concurrency?: number;
  env?: Record<string, string>;
  /**
   * Run the whole demo landscape (config/demo.json): payroll, HR, ledger and duty management of
   * every force, the gateway's webhooks and drop directories. Otherwise payroll only.
   */
  systems?: boolean;
  /** More targets beside each force's payroll (not routed: a test routes to them itself), e.g. a parallel run's shadow. */
  targets?: Record<string, unknown>[];
  /** Changes the landscape document before the hub starts (a cloud-erp target and a shadow route, say). */
  configure?: (config: any) => void;
  /**
   * A SaaS ERP per force (`erp-<force>`, the cloud-erp connector, each with its simulator in
   * `erp`), routed nowhere: a new system whose force's history went to payroll, to backfill. Its
   * rate limit here (the manifest's is the ERP's published 8 a second). Its grade catalogue holds
   * the test joiners' SO2.
   */
  erp?: { rateLimit?: RateLimit };
}

/** The bearer token the test landscape's ERP simulators take, and the variable its targets name. */
export const TEST_ERP_TOKEN = 'cloud-erp-token';
const ERP_TOKEN_REF = 'TEST_CLOUD_ERP_TOKEN';

/**
 * A whole hub on the real Kafka, Redis and PostgreSQL of the test run, with three forces, each with its own
 * payroll simulator. Topics, Redis keys, the consumer group and the ledger schema are per landscape, so
 * test files never see each other's events; close() removes them.
 */
export class TestLandscape {
  readonly payroll: Record<Force, PayrollSimulator>;
  /** Each force's ERP simulator, when started with `erp`. */
  readonly erp?: Record<Force, CloudErpSimulator>;
  /** The other systems of the demo landscape, when started with `systems: true`. */
  readonly systems?: DemoSystems;
  hub!: RunningHub;
  ctx!: HubContext;
  /** The environment the landscape's hub was started with (its own topics, Redis prefix, group, ledger schema). */
  env!: Record<string, string | undefined>;
  private readonly processes: RoleProcess[] = [];
  private readonly id = `t${randomBytes(4).toString('hex')}`;
  private readonly extraWorkers: INestApplicationContext[] = [];

  private constructor(private readonly options: LandscapeOptions) {
    if (options.systems) this.systems = new DemoSystems();
    if (options.erp) this.erp = Object.fromEntries(FORCES.map((f) => [f, new CloudErpSimulator(f, 0, '127.0.0.1', { token: TEST_ERP_TOKEN, grades: [...DEFAULT_GRADE_CATALOGUE, 'SO2'] })])) as Record<Force, CloudErpSimulator>;
    this.payroll = this.systems?.payroll ?? (Object.fromEntries(FORCES.map((f) => [f, new PayrollSimulator(f)])) as Record<Force, PayrollSimulator>);
  }

  static async start(options: LandscapeOptions = {}): Promise<TestLandscape> {
    const l = new TestLandscape(options);
    if (l.systems) await l.systems.start();
    else await Promise.all(Object.values(l.payroll).map((s) => s.start()));
    if (l.erp) await Promise.all(Object.values(l.erp).map((s) => s.start()));
    l.env = {
      ...process.env,
      ...(l.systems ? { ...demoEnv(), GATEWAY_POLL_MS: '50' } : {}),
      PORT: '0',
      KAFKA_TOPIC_PREFIX: `${l.id}.`,
      REDIS_PREFIX: `hub-${l.id}`,
      ROUTER_GROUP_ID: `router-${l.id}`,
      LEDGER_SCHEMA: `ledger_${l.id}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...(l.erp ? { [ERP_TOKEN_REF]: TEST_ERP_TOKEN } : {}),
      ...options.env,
    };
    l.ctx = hubContext({ env: l.env, config: l.config(), logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'warn') });
    l.hub = await startHub(l.ctx, options.roles);
    return l;
  }

  /**
   * Stops this landscape's router and starts another in its place, in the same group, on the same
   * topics and ledger, with `env` on top of the landscape's settings: e.g. another SCHEMAS_DIR, as a
   * router of an older release would have. Without `env`, a router like the first one.
   */
  async restartRouter(env: Record<string, string> = {}): Promise<void> {
    await this.hub.stop('router');
    const ctx = hubContext({ env: { ...this.env, ...env }, config: this.config(), logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'warn') });
    const app = await createRouterApp(ctx, false);
    await app.listen();
    this.hub.apps.router = app;
  }

  /**
   * Another worker of the same landscape, as a second worker process would be: its own context,
   * connections, workers and breaker client, on the same Redis prefix and ledger. Closed by close().
   */
  async startWorker(): Promise<INestApplicationContext> {
    const ctx = hubContext({ env: this.env, config: this.config(), logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'warn').child({ instance: this.extraWorkers.length + 2 }) });
    const app = await createWorkerApp(ctx, false);
    await app.init();
    this.extraWorkers.push(app);
    return app;
  }

  /** The Kafka topic of an event type in this landscape. */
  topicOf(type: string): string {
    return `${this.settings.topicPrefix}${type}`;
  }

  get settings(): HubSettings {
    return this.ctx.settings;
  }

  private config() {
    const config = this.baseConfig();
    this.options.configure?.(config);
    return config;
  }

  private baseConfig() {
    const retry = { attempts: 3, backoffMs: 100, maxBackoffMs: 400, ...this.options.retry };
    const breaker = this.options.breaker ? { breaker: this.options.breaker } : {};
    if (this.systems) {
      const config = this.systems.configure();
      for (const t of config.targets) Object.assign(t, { retry, timeoutMs: 2000, ...breaker });
      config.sources.push({ id: 'all-systems', name: 'Every system (tests)', tokenSha256: hashToken(TOKENS.allSystems), tenants: [...FORCES], types: ALL_DOMAINS, sourceUris: [SOURCE_URIS.allSystems] });
      return config;
    }
    return {
      tenants: FORCES.map((code) => ({ code, name: `${code} police` })),
      sources: [
        { id: 'hr-system', name: 'Shared HR', tokenSha256: hashToken(TOKENS.hr), tenants: [...FORCES], types: ['hr.*'], sourceUris: [SOURCE_URIS.hr] },
        { id: 'fen-hr-local', name: 'Fen joiners feed', tokenSha256: hashToken(TOKENS.fenJoinersOnly), tenants: ['fen'], types: ['hr.employee.joined.v1'], sourceUris: [SOURCE_URIS.fenJoinersOnly] },
        { id: 'all-systems', name: 'Every system (tests)', tokenSha256: hashToken(TOKENS.allSystems), tenants: [...FORCES], types: ALL_DOMAINS, sourceUris: [SOURCE_URIS.allSystems] },
      ],
      opsUsers: [
        { id: 'ops-admin', tokenSha256: hashToken(TOKENS.opsAdmin), roles: ['viewer', 'operator', 'pii-reader'], tenants: ['*'] },
        { id: 'ops-viewer', tokenSha256: hashToken(TOKENS.opsViewer), roles: ['viewer'], tenants: ['*'] },
        { id: 'fen-operator', tokenSha256: hashToken(TOKENS.fenOperator), roles: ['operator'], tenants: ['fen'] },
        { id: 'prometheus', tokenSha256: hashToken(TOKENS.metrics), roles: ['metrics'], tenants: ['*'] },
        { id: 'landscape-admin', tokenSha256: hashToken(TOKENS.landscapeAdmin), roles: ['viewer', 'landscape-admin'], tenants: ['*'] },
      ],
      targets: [
        ...FORCES.map((f) => ({ id: `payroll-${f}`, tenant: f, connector: 'payroll', endpoint: this.payroll[f].url, timeoutMs: 2000, concurrency: this.options.concurrency ?? 4, retry, ...breaker })),
        ...(this.erp
          ? FORCES.map((f) => ({
              id: `erp-${f}`, tenant: f, connector: 'cloud-erp', endpoint: this.erp![f].url, credentialRef: ERP_TOKEN_REF, timeoutMs: 2000, concurrency: this.options.concurrency ?? 4, retry, ...breaker,
              ...(this.options.erp?.rateLimit ? { rateLimit: this.options.erp.rateLimit } : {}),
            }))
          : []),
        ...(this.options.targets ?? []),
      ],
      routes: FORCES.flatMap((f) => PAYROLL_TYPES.map((type) => ({ tenant: f, type, targets: [`payroll-${f}`] }))),
    };
  }

  /**
   * Messages in all of this landscape's topics: the independent witness of what reached Kafka. Right
   * after topics are created a broker may still answer "not the leader": it is asked again until it knows.
   */
  messagesInKafka(): Promise<number> {
    const count = async () => {
      const admin = new KafkaClient({ brokers: this.settings.kafkaBrokers, logLevel: kafkaLogLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(this.settings.topicPrefix));
        let total = 0;
        for (const t of topics) for (const p of await admin.fetchTopicOffsets(t)) total += Number(p.high) - Number(p.low);
        return total;
      } finally {
        await admin.disconnect();
      }
    };
    return waitFor('topic offsets', count, 15_000);
  }

  /** POST /v1/events with a JSON-able body (or a raw string) and headers. */
  async post(body: unknown, headers: Record<string, string> = {}, token: string | null = TOKENS.hr): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.hub.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** The landscape version the hub's API runs on now. */
  get landscapeVersion(): number {
    return this.ctx.landscape.current().version;
  }

  async api(method: string, path: string, token: string | null = TOKENS.opsAdmin, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.hub.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* text answers (metrics) stay text */
    }
    return { status: res.status, body: parsed };
  }

  trace(e: CanonicalEvent) {
    return this.api('GET', `/v1/events/${encodeURIComponent(e.id)}?source=${encodeURIComponent(e.source)}&tenant=${encodeURIComponent(e.tenant)}`);
  }

  /** Waits until the event's trace says `state` for every target it was queued to. */
  waitForTrace(e: CanonicalEvent, status: 'delivered' | 'dead-lettered', timeoutMs = 30_000) {
    return waitFor(`event ${e.id} to be ${status}`, async () => {
      const t = await this.trace(e);
      return t.status === 200 && t.body.status === status ? t.body : undefined;
    }, timeoutMs);
  }

  /** Payroll records of every force, to check nothing reached the wrong one. */
  received(): Record<Force, string[]> {
    return Object.fromEntries(FORCES.map((f) => [f, [...this.payroll[f].employees.keys()]])) as Record<Force, string[]>;
  }

  /** Starts one more process of `role` on this landscape (same config, topics, Redis prefix, ledger): a second worker, say. */
  async startProcess(role: HubRole): Promise<RoleProcess> {
    const p = await RoleProcess.start(role, this.ctx.file.document, this.env);
    this.processes.push(p);
    return p;
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill()));
    for (const w of this.extraWorkers.splice(0)) await w.close();
    await this.hub?.stop();
    if (this.systems) await this.systems.stop();
    else await Promise.all(Object.values(this.payroll).map((s) => s.stop()));
    if (this.erp) await Promise.all(Object.values(this.erp).map((s) => s.stop()));
    await removeHubRunData(this.ctx.settings);
  }
}

export type HubRunData = Pick<HubSettings, 'kafkaBrokers' | 'topicPrefix' | 'redisUrl' | 'redisPrefix' | 'databaseUrl' | 'ledgerSchema'> & Partial<Pick<HubSettings, 'redisClusterNodes'>>;

/** Removes what one hub run wrote under its own names: its ledger schema, Redis keys and Kafka topics (tests, bench). */
export async function removeHubRunData(s: HubRunData): Promise<void> {
  const pg = new Pool({ connectionString: s.databaseUrl, max: 1 });
  try {
    await pg.query(`DROP SCHEMA IF EXISTS "${s.ledgerSchema}" CASCADE`);
  } finally {
    await pg.end();
  }
  const redis = connectRedis({ redisUrl: s.redisUrl, redisClusterNodes: s.redisClusterNodes ?? [] }, 'hub-cleanup');
  try {
    await removeMatching(redis, hubRedisKeys(s.redisPrefix).all);
  } finally {
    redis.disconnect();
  }
  const admin = new KafkajsEventBus(s.kafkaBrokers, 'hub-cleanup', createLogger('error')).admin();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(s.topicPrefix));
    if (topics.length) await admin.deleteTopics(topics);
  } finally {
    await admin.close();
  }
}
