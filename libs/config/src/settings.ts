// Process settings, read from the environment once at boot: the only place the hub's processes read
// settings from process.env (libs/runtime reads the secrets the landscape names from the same environment).
export interface HubSettings {
  /** The roles this process runs when started through apps/hub (HUB_ROLES); each once, in the order given. */
  roles: readonly HubRoleName[];
  port: number;
  host: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  /** Which client produces to Kafka: kafkajs (the default) or @platformatic/kafka (half the CPU per event; BENCHMARKS.md). */
  kafkaProducer: KafkaProducerDriver;
  /** Prepended to every topic name; empty in production so topics are named exactly as their event type. */
  topicPrefix: string;
  topicPartitions: number;
  routerGroupId: string;
  /** The most the router fetches from one partition at a time (bytes). */
  routerFetchBytes: number;
  /** How long the router holds a topic's messages back for another topic's older ones (order per subject) before they go anyway. */
  routerMaxOrderWaitMs: number;
  /**
   * How long a partition's batch may keep failing (or one batch run) before the router counts as
   * stalled: /health/ready fails and hub_router_stalled says so.
   */
  routerStallMs: number;
  /** One Redis node (REDIS_URL); with REDIS_CLUSTER_NODES set, only its credentials and TLS (rediss://) apply, to every node. */
  redisUrl: string;
  /** REDIS_CLUSTER_NODES: the seed nodes of a Redis Cluster; empty for one node (docs/operations.md, "Redis Cluster"). */
  redisClusterNodes: readonly RedisNode[];
  /** PostgreSQL of the delivery ledger (events, deliveries, dead letters, audit). */
  databaseUrl: string;
  /** The ledger's schema in that database; tests use one per run. */
  ledgerSchema: string;
  /** Settled events (and their personal data) older than this are forgotten; 0 keeps them. */
  ledgerRetentionDays: number;
  /** Prefix of every Redis key the hub writes (BullMQ queues included); the keys themselves are built in libs/delivery/src/redis-keys.ts. */
  redisPrefix: string;
  configPath: string;
  schemasDir: string;
  maxBodyBytes: number;
  logLevel: string;
  /**
   * How log lines reach standard output: in blocks, each line waiting at most `flushMs`
   * (LOG_FLUSH_MS, 250) in memory, or each at once with LOG_SYNC=true (one write(2) a line; a
   * SIGKILL then loses none). @hub/observability logDestination.
   */
  logWrites: { sync: boolean; flushMs: number };
  /** How long a (source, id) pair is remembered for duplicate detection. */
  dedupeTtlSeconds: number;
  /** The gateway's own HTTP port (webhooks), and the ingest API it posts to. */
  gatewayPort: number;
  hubUrl: string;
  /** /metrics and /health/* of a process without the API role (router, worker, gateway apart); off when unset. */
  opsPort?: number;
  /** How often the gateway looks into each drop directory. */
  gatewayPollMs: number;
  /**
   * After how long without being touched a drop directory's lock is taken as its holder's death
   * (GATEWAY_DROP_LOCK_STALE_MS): how long a killed gateway's directories wait for another.
   */
  gatewayDropLockStaleMs: number;
  /** Timeouts of the API's and the gateway's HTTP servers. */
  http: HttpServerSettings;
  /** Resume times after a crash, and what they cost: docs/operations.md, "Resume times". */
  recovery: RecoverySettings;
  /** The comparison of a parallel run's primary and shadow deliveries (docs/operations.md, "Parallel runs"). */
  parallelRun: ParallelRunSettings;
  /** Backfills: history delivered again from the ledger to one target (docs/operations.md, "Backfill"). */
  backfill: BackfillSettings;
  /**
   * How often a process asks PostgreSQL for a newer landscape version, besides being told at once
   * (LISTEN/NOTIFY): the bound on how late a process applies one if a notification is lost.
   */
  landscapePollMs: number;
  /** Reconciliation reports and the unreconciled-deliveries gauge (docs/operations.md, "Reconciling a stage"). */
  reconciliation: ReconciliationSettings;
  /** OpenTelemetry tracing (docs/operations.md, "Tracing"): off unless an OTLP endpoint is configured. */
  tracing: TracingSettings;
  /**
   * The key of the dashboard's form tokens (DASHBOARD_SECRET, at least 32 bytes), the same in every
   * API replica so that a page one served is accepted by another. Sensitive: never logged. Unset,
   * the API replicas share one the first of them wrote to the ledger (docs/operations.md, "Several replicas").
   */
  dashboardSecret?: string;
  /**
   * Who brings the ledger's schema up to date (LEDGER_MIGRATIONS): `boot` (the default), each role at
   * start under node-pg-migrate's lock; `external`, the migration Job (`node dist/apps/hub/src/migrate.js`)
   * and never a role, which stays not ready until the ledger holds every migration it knows.
   */
  ledgerMigrations: LedgerMigrationsMode;
}

export const LEDGER_MIGRATION_MODES = ['boot', 'external'] as const;
export type LedgerMigrationsMode = (typeof LEDGER_MIGRATION_MODES)[number];

/** The fewest bytes DASHBOARD_SECRET may have: an HMAC-SHA256 key no shorter than its output. */
export const DASHBOARD_SECRET_MIN_BYTES = 32;

/**
 * OpenTelemetry tracing, read from the variables OpenTelemetry itself defines (so an operator's
 * usual settings work), here and nowhere else: the SDK is given these values, not left to read the
 * environment. Off (`endpoint` unset) by default: then no provider, exporter or context manager is
 * installed, and each traced place costs one boolean test.
 */
export interface TracingSettings {
  /**
   * Where spans go, OTLP over HTTP with JSON bodies: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is,
   * or OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces` appended (as the OTLP exporter spec says).
   * Unset, or OTEL_SDK_DISABLED=true, or OTEL_TRACES_EXPORTER=none: tracing is off.
   */
  endpoint?: string;
  /** Sent with every export (OTEL_EXPORTER_OTLP_HEADERS, `k=v,k2=v2`): often a collector's credential, so sensitive and never logged. */
  headers: Record<string, string>;
  /** The resource's service.name (OTEL_SERVICE_NAME): `erp-hub` by default; each process adds its roles as `hub.roles`. */
  serviceName: string;
  /** The share of new traces kept (OTEL_TRACES_SAMPLER_ARG, 0 to 1; 1 by default); a trace begun upstream keeps its own decision (parent-based). */
  sampleRatio: number;
  /** How long finished spans wait to be exported together (OTEL_BSP_SCHEDULE_DELAY, ms; 5000). */
  exportDelayMs: number;
}

/**
 * How a parallel run's comparer works: how often it looks for events delivered to a primary and a
 * shadow target, and how long it waits for both to settle before it records that one has not.
 */
export interface ParallelRunSettings {
  /** How often one worker process compares what is ready (PARALLEL_RUN_COMPARE_INTERVAL_MS); 0 turns it off. */
  compareIntervalMs: number;
  /**
   * An event accepted longer ago than this whose primary or shadow delivery is still not settled
   * (delivered, dead-lettered or discarded) is compared as it stands: a `pending` disagreement
   * naming the side that has not answered (PARALLEL_RUN_PENDING_AFTER_MS).
   */
  pendingAfterMs: number;
}

/**
 * How fast a backfill may go, and how far ahead of its target. The target's own rate limit and
 * concurrency still apply on top: a backfill never makes a target take more than it is configured for.
 */
export interface BackfillSettings {
  /** Events a second, when the request does not say (BACKFILL_RATE). */
  defaultRate: number;
  /** The most a request may ask for (BACKFILL_MAX_RATE); more is refused with 400. */
  maxRate: number;
  /**
   * Back pressure (BACKFILL_MAX_AHEAD): a backfill waits while this many of its deliveries are not
   * settled yet (queued, held or retrying), or while its target's queue has this many jobs waiting.
   */
  maxAhead: number;
  /** How often each worker process looks for a backfill to take up (BACKFILL_POLL_MS): a resume after a restart waits at most this. */
  pollMs: number;
}

export interface ReconciliationSettings {
  /** An open delivery (queued, held, retrying, replaying) queued longer ago than this is late: hub_unreconciled_deliveries counts it. */
  graceMs: number;
  /** The longest window of days one report may cover (GET /v1/reconciliation). */
  maxDays: number;
}

/**
 * How long the HTTP servers (API, gateway) wait for a client; Node's own defaults (60 s for the
 * headers, 300 s for a whole request, checked every 30 s) let a client hold a connection for up
 * to 77 s without finishing its headers and 317 s trickling a body.
 */
export interface HttpServerSettings {
  /** The whole header block must arrive within this (HTTP_HEADERS_TIMEOUT_MS): 408 otherwise. */
  headersTimeoutMs: number;
  /** The whole request, headers and body, within this (HTTP_REQUEST_TIMEOUT_MS): 408 otherwise. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (HTTP_CONNECTIONS_CHECK_MS): a deadline is answered up to this late. */
  connectionsCheckingIntervalMs: number;
}

/**
 * How fast a killed role's work moves on, and how often the worker checks Redis against the
 * ledger. Shorter is a faster resume and more false alarms (a pause mistaken for a death).
 */
export interface RecoverySettings {
  /** kafkajs session: a router that stops heartbeating loses its partitions after this. */
  kafkaSessionTimeoutMs: number;
  kafkaHeartbeatMs: number;
  /** BullMQ job lock, renewed every quarter of it: a killed worker's jobs are free to run again once it expires. */
  workerLockMs: number;
  /** How often each worker looks for jobs whose lock expired (stalled) and puts them back. */
  workerStalledIntervalMs: number;
  /** Stalls a job survives; one more and it is a dead letter (`stalled`). */
  workerMaxStalledCount: number;
  /** How often the sweeper compares the ledger's open deliveries with Redis; 0 turns it off. */
  sweepIntervalMs: number;
  /** Deliveries changed more recently than this are left alone: their enqueue may be in flight. */
  sweepGraceMs: number;
}

/** The roles one hub process can run (HUB_ROLES): names are contracts, declared once. */
export const HUB_ROLE_NAMES = ['api', 'router', 'worker', 'gateway'] as const;
export type HubRoleName = (typeof HUB_ROLE_NAMES)[number];

export const KAFKA_PRODUCER_DRIVERS = ['kafkajs', 'platformatic'] as const;
export type KafkaProducerDriver = (typeof KAFKA_PRODUCER_DRIVERS)[number];

export class SettingsError extends Error {}

export interface RedisNode {
  host: string;
  port: number;
}

/** `host:port,host:port,...` (an IPv6 host in brackets: `[::1]:7000`); nothing for an unset or empty variable. */
function redisNodes(raw: string | undefined): RedisNode[] {
  const items = (raw ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  return items.map((item) => {
    const m = /^(\[[^\]]+\]|[^:\[\]]+):(\d{1,5})$/.exec(item);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) throw new SettingsError(`REDIS_CLUSTER_NODES must list host:port pairs, got "${item}"`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new SettingsError(`${name} must be an integer ${range}, got "${raw}"`);
  }
  return n;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new SettingsError('KAFKA_BROKERS must list at least one host:port');
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) throw new SettingsError(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  const redisPrefix = env.REDIS_PREFIX ?? 'hub';
  // Braces would make a hash tag of the prefix itself and put every queue in one cluster slot (redis-keys.ts).
  if (!/^[^{}\s]+$/.test(redisPrefix)) throw new SettingsError(`REDIS_PREFIX must be non-empty, without braces or spaces, got "${redisPrefix}"`);
  const databaseUrl = env.DATABASE_URL ?? 'postgres://hub:hub@127.0.0.1:5432/hub';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new SettingsError(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  const ledgerSchema = env.LEDGER_SCHEMA ?? 'ledger';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(ledgerSchema)) throw new SettingsError(`LEDGER_SCHEMA must be a lower-case SQL name, got "${ledgerSchema}"`);
  const http: HttpServerSettings = {
    // A header block is a few hundred bytes: 10 s is generous on any link, and short enough that
    // holding connections open with unfinished headers costs an attacker a connection every 10 s.
    headersTimeoutMs: int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    // The largest body (MAX_BODY_BYTES, 1 MiB by default) in 30 s is 35 KB/s: far below any
    // source system's link, far above a trickle.
    requestTimeoutMs: int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    // Longer than the 60 s idle timeout of common load balancers and proxies, so they, not the
    // hub, close an idle connection: no request is ever sent on a connection the hub is closing.
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000, 100, 3_600_000),
    // Node checks the two deadlines above on this interval; 1 s answers them within a second of
    // being due, for one pass over the open connections a second.
    connectionsCheckingIntervalMs: int(env, 'HTTP_CONNECTIONS_CHECK_MS', 1_000, 10, 30_000),
  };
  // Node refuses a headers timeout longer than the request timeout.
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new SettingsError(`HTTP_HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs}): the headers are part of the request`);
  }
  const ledgerMigrations = (env.LEDGER_MIGRATIONS || 'boot') as LedgerMigrationsMode;
  if (!LEDGER_MIGRATION_MODES.includes(ledgerMigrations)) throw new SettingsError(`LEDGER_MIGRATIONS must be one of ${LEDGER_MIGRATION_MODES.join(', ')}, got "${ledgerMigrations}"`);
  const dashboardSecret = env.DASHBOARD_SECRET || undefined;
  // The message says how long, never what: it is a secret.
  if (dashboardSecret !== undefined && Buffer.byteLength(dashboardSecret) < DASHBOARD_SECRET_MIN_BYTES) {
    throw new SettingsError(`DASHBOARD_SECRET must be at least ${DASHBOARD_SECRET_MIN_BYTES} bytes (e.g. 64 hex characters: openssl rand -hex 32), got ${Buffer.byteLength(dashboardSecret)}`);
  }
  const kafkaProducer = (env.KAFKA_PRODUCER || 'platformatic') as KafkaProducerDriver;
  if (!KAFKA_PRODUCER_DRIVERS.includes(kafkaProducer)) throw new SettingsError(`KAFKA_PRODUCER must be one of ${KAFKA_PRODUCER_DRIVERS.join(', ')}, got "${kafkaProducer}"`);
  return {
    roles: hubRoles(env),
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    kafkaBrokers: brokers,
    kafkaClientId: env.KAFKA_CLIENT_ID ?? 'erp-hub',
    kafkaProducer,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    topicPartitions: int(env, 'KAFKA_TOPIC_PARTITIONS', 3, 1),
    routerGroupId: env.ROUTER_GROUP_ID ?? 'hub-router',
    routerFetchBytes: int(env, 'ROUTER_FETCH_BYTES', 1024 * 1024, 1024),
    routerMaxOrderWaitMs: int(env, 'ROUTER_MAX_ORDER_WAIT_MS', 2_000, 0, 600_000),
    routerStallMs: int(env, 'ROUTER_STALL_MS', 45_000, 1_000, 3_600_000),
    redisUrl,
    redisClusterNodes: redisNodes(env.REDIS_CLUSTER_NODES),
    databaseUrl,
    ledgerSchema,
    ledgerRetentionDays: int(env, 'LEDGER_RETENTION_DAYS', 90, 0, 36_500),
    redisPrefix,
    configPath: env.HUB_CONFIG ?? 'config/demo.json',
    schemasDir: env.SCHEMAS_DIR ?? 'schemas',
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024),
    logLevel: env.LOG_LEVEL ?? 'info',
    logWrites: { sync: flag(env, 'LOG_SYNC'), flushMs: int(env, 'LOG_FLUSH_MS', 250, 1, 10_000) },
    dedupeTtlSeconds: int(env, 'DEDUPE_TTL_SECONDS', 7 * 24 * 3600, 60),
    gatewayPort: int(env, 'GATEWAY_PORT', 3001, 0, 65535),
    hubUrl: (env.HUB_URL ?? `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/$/, ''),
    gatewayPollMs: int(env, 'GATEWAY_POLL_MS', 1000, 10),
    // proper-lockfile's own floor is 2 s; its holder touches the lock every half of it.
    gatewayDropLockStaleMs: int(env, 'GATEWAY_DROP_LOCK_STALE_MS', 10_000, 2_000, 600_000),
    http,
    ...(env.OPS_PORT ? { opsPort: int(env, 'OPS_PORT', 9464, 0, 65535) } : {}),
    recovery: recoverySettings(env),
    parallelRun: {
      compareIntervalMs: int(env, 'PARALLEL_RUN_COMPARE_INTERVAL_MS', 60_000, 0, 24 * 3600_000),
      // An hour: far beyond a healthy delivery's retries (about two minutes with the default policy),
      // short enough that a shadow down for the morning shows in the same day's report.
      pendingAfterMs: int(env, 'PARALLEL_RUN_PENDING_AFTER_MS', 3_600_000, 1_000, 30 * 24 * 3600_000),
    },
    landscapePollMs: int(env, 'LANDSCAPE_POLL_MS', 5_000, 100, 3_600_000),
    backfill: backfillSettings(env),
    reconciliation: {
      graceMs: int(env, 'RECONCILE_GRACE_MS', 15 * 60_000, 1_000, 7 * 24 * 3600_000),
      maxDays: int(env, 'RECONCILE_MAX_DAYS', 92, 1, 366),
    },
    tracing: tracingSettings(env),
    ...(dashboardSecret ? { dashboardSecret } : {}),
    ledgerMigrations,
  };
}

/** A true/false variable: unset is false; anything but `true` or `false` is refused. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = env[name];
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new SettingsError(`${name} must be true or false, got "${v}"`);
}

function tracingSettings(env: NodeJS.ProcessEnv): TracingSettings {
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const off = env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none';
  let endpoint: string | undefined;
  if (!off && (signal || base)) {
    endpoint = signal || `${base!.replace(/\/+$/, '')}/v1/traces`;
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new SettingsError(`${signal ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'} must be an http:// or https:// URL, got "${signal || base}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SettingsError(`the OTLP endpoint must be an http:// or https:// URL (OTLP over HTTP), got "${url.protocol}"`);
  }
  if (env.OTEL_TRACES_EXPORTER && !['otlp', 'none'].includes(env.OTEL_TRACES_EXPORTER)) {
    throw new SettingsError(`OTEL_TRACES_EXPORTER must be otlp or none (the hub exports OTLP over HTTP only), got "${env.OTEL_TRACES_EXPORTER}"`);
  }
  const headers: Record<string, string> = {};
  for (const pair of (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    // The value may be a credential: the message names the variable, never the value.
    if (eq <= 0) throw new SettingsError('OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of name=value pairs');
    headers[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  const ratio = env.OTEL_TRACES_SAMPLER_ARG === undefined || env.OTEL_TRACES_SAMPLER_ARG === '' ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG);
  if (!(ratio >= 0 && ratio <= 1)) throw new SettingsError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "${env.OTEL_TRACES_SAMPLER_ARG}"`);
  return {
    ...(endpoint ? { endpoint } : {}),
    headers,
    serviceName: env.OTEL_SERVICE_NAME || 'erp-hub',
    sampleRatio: ratio,
    exportDelayMs: int(env, 'OTEL_BSP_SCHEDULE_DELAY', 5_000, 10, 600_000),
  };
}

/** HUB_ROLES: roles separated by commas; unset or empty, all four. */
function hubRoles(env: NodeJS.ProcessEnv): HubRoleName[] {
  const raw = env.HUB_ROLES;
  if (raw === undefined || raw.trim() === '') return [...HUB_ROLE_NAMES];
  const named = [...new Set(raw.split(',').map((r) => r.trim()).filter(Boolean))];
  const unknown = named.filter((r) => !(HUB_ROLE_NAMES as readonly string[]).includes(r));
  if (unknown.length || named.length === 0) throw new SettingsError(`HUB_ROLES names unknown roles: ${unknown.join(', ') || `"${raw}"`} (known: ${HUB_ROLE_NAMES.join(', ')})`);
  return named as HubRoleName[];
}

function backfillSettings(env: NodeJS.ProcessEnv): BackfillSettings {
  const maxRate = int(env, 'BACKFILL_MAX_RATE', 5_000, 1, 100_000);
  const defaultRate = int(env, 'BACKFILL_RATE', Math.min(100, maxRate), 1, 100_000);
  if (defaultRate > maxRate) throw new SettingsError(`BACKFILL_RATE (${defaultRate}) must not exceed BACKFILL_MAX_RATE (${maxRate})`);
  return { defaultRate, maxRate, maxAhead: int(env, 'BACKFILL_MAX_AHEAD', 2_000, 10, 1_000_000), pollMs: int(env, 'BACKFILL_POLL_MS', 2_000, 50, 600_000) };
}

function recoverySettings(env: NodeJS.ProcessEnv): RecoverySettings {
  // Kafka's own floor for a session is group.min.session.timeout.ms (6 s by default).
  const kafkaSessionTimeoutMs = int(env, 'KAFKA_SESSION_TIMEOUT_MS', 10_000, 6_000, 300_000);
  const kafkaHeartbeatMs = int(env, 'KAFKA_HEARTBEAT_MS', 1_000, 100, 60_000);
  if (kafkaHeartbeatMs * 3 > kafkaSessionTimeoutMs) {
    throw new SettingsError(`KAFKA_HEARTBEAT_MS (${kafkaHeartbeatMs}) must be at most a third of KAFKA_SESSION_TIMEOUT_MS (${kafkaSessionTimeoutMs}), so that one lost heartbeat does not cost the session`);
  }
  return {
    kafkaSessionTimeoutMs,
    kafkaHeartbeatMs,
    workerLockMs: int(env, 'WORKER_LOCK_MS', 8_000, 2_000, 600_000),
    workerStalledIntervalMs: int(env, 'WORKER_STALLED_INTERVAL_MS', 3_000, 500, 600_000),
    workerMaxStalledCount: int(env, 'WORKER_MAX_STALLED_COUNT', 3, 0, 100),
    sweepIntervalMs: int(env, 'SWEEP_INTERVAL_MS', 30_000, 0, 24 * 3600_000),
    sweepGraceMs: int(env, 'SWEEP_GRACE_MS', 60_000, 1_000, 24 * 3600_000),
  };
}
