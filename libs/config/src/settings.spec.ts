import { loadSettings, SettingsError } from './settings';

describe('loadSettings', () => {
  it('runs with an empty environment, on a local Kafka and Redis', () => {
    const s = loadSettings({});
    expect(Number.isInteger(s.port)).toBe(true);
    expect(s.kafkaBrokers.length).toBeGreaterThan(0);
    expect(s.redisUrl).toMatch(/^redis:\/\//);
    expect(s.topicPrefix).toBe('');
  });

  it('runs every role unless HUB_ROLES names some, each once; it refuses a role it does not know', () => {
    expect(loadSettings({}).roles).toEqual(['api', 'router', 'worker', 'gateway']);
    expect(loadSettings({ HUB_ROLES: '' }).roles).toEqual(['api', 'router', 'worker', 'gateway']);
    expect(loadSettings({ HUB_ROLES: ' worker, router ,worker' }).roles).toEqual(['worker', 'router']);
    expect(() => loadSettings({ HUB_ROLES: 'router,wroker' })).toThrow(new SettingsError('HUB_ROLES names unknown roles: wroker (known: api, router, worker, gateway)'));
    expect(() => loadSettings({ HUB_ROLES: ',' })).toThrow(/HUB_ROLES names unknown roles: ","/);
  });

  it('reads the environment it is given', () => {
    const s = loadSettings({ PORT: '8081', KAFKA_BROKERS: 'k1:9092, k2:9092,', REDIS_URL: 'rediss://cache:6380', KAFKA_TOPIC_PREFIX: 't1.' });
    expect(s).toMatchObject({ port: 8081, kafkaBrokers: ['k1:9092', 'k2:9092'], redisUrl: 'rediss://cache:6380', topicPrefix: 't1.' });
  });

  it.each(['abc', '80.5', '-1'])('refuses PORT=%s', (port) => {
    expect(() => loadSettings({ PORT: port })).toThrow(SettingsError);
    expect(() => loadSettings({ PORT: port })).toThrow(/PORT/);
  });

  it('refuses a REDIS_URL that is not redis:// or rediss://', () => {
    expect(() => loadSettings({ REDIS_URL: 'http://cache:6379' })).toThrow(SettingsError);
    expect(() => loadSettings({ REDIS_URL: '127.0.0.1:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads a Redis Cluster\'s seed nodes from REDIS_CLUSTER_NODES, one node (REDIS_URL) without it', () => {
    expect(loadSettings({}).redisClusterNodes).toEqual([]);
    expect(loadSettings({ REDIS_CLUSTER_NODES: ' ' }).redisClusterNodes).toEqual([]);
    expect(loadSettings({ REDIS_CLUSTER_NODES: 'r1:7000, 10.0.0.2:7001,[::1]:7002,' }).redisClusterNodes).toEqual([
      { host: 'r1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    for (const bad of ['r1', 'r1:', 'r1:0', 'r1:70000', 'redis://r1:7000', '::1:7000']) {
      expect(() => loadSettings({ REDIS_CLUSTER_NODES: bad })).toThrow(`REDIS_CLUSTER_NODES must list host:port pairs, got "${bad}"`);
    }
  });

  it('refuses a REDIS_PREFIX with braces, which would make one hash tag of every queue', () => {
    expect(loadSettings({ REDIS_PREFIX: 'hub-t1' }).redisPrefix).toBe('hub-t1');
    for (const bad of ['{hub}', 'hub}', '', 'a b']) expect(() => loadSettings({ REDIS_PREFIX: bad })).toThrow(/REDIS_PREFIX must be non-empty, without braces/);
  });

  it('produces with kafkajs unless KAFKA_PRODUCER names @platformatic/kafka, and refuses any other', () => {
    expect(loadSettings({}).kafkaProducer).toBe('platformatic');
    expect(loadSettings({ KAFKA_PRODUCER: 'platformatic' }).kafkaProducer).toBe('platformatic');
    expect(() => loadSettings({ KAFKA_PRODUCER: 'rdkafka' })).toThrow(/KAFKA_PRODUCER must be one of kafkajs, platformatic/);
  });

  it('refuses an empty broker list', () => {
    expect(() => loadSettings({ KAFKA_BROKERS: ' , ' })).toThrow(/KAFKA_BROKERS/);
  });

  it('refuses a setting below its minimum', () => {
    expect(() => loadSettings({ KAFKA_TOPIC_PARTITIONS: '0' })).toThrow(/KAFKA_TOPIC_PARTITIONS must be an integer >= 1/);
  });
});

describe('loadSettings: the ledger', () => {
  it('refuses a DATABASE_URL that is not PostgreSQL, without echoing its password', () => {
    expect(() => loadSettings({ DATABASE_URL: 'mysql://hub:s3cret@db/hub' })).toThrow(/DATABASE_URL must start with postgres:\/\//);
    expect(() => loadSettings({ DATABASE_URL: 'mysql://hub:s3cret@db/hub' })).not.toThrow(/s3cret/);
  });

  it('takes a ledger schema only as a plain SQL name, since it is spliced into statements', () => {
    expect(loadSettings({ LEDGER_SCHEMA: 'ledger_t1' }).ledgerSchema).toBe('ledger_t1');
    expect(() => loadSettings({ LEDGER_SCHEMA: 'x"; drop table y; --' })).toThrow(/LEDGER_SCHEMA/);
  });

  it('counts a router as stalled after 45 s of failing batches unless ROUTER_STALL_MS says otherwise, within 1 s to 1 h', () => {
    expect(loadSettings({}).routerStallMs).toBe(45_000);
    expect(loadSettings({ ROUTER_STALL_MS: '3000' }).routerStallMs).toBe(3_000);
    expect(() => loadSettings({ ROUTER_STALL_MS: '10' })).toThrow(/ROUTER_STALL_MS must be an integer from 1000 to 3600000/);
  });

  it('writes log lines in blocks, each waiting at most 250 ms, unless LOG_SYNC=true; it refuses a LOG_SYNC that is neither true nor false', () => {
    expect(loadSettings({}).logWrites).toEqual({ sync: false, flushMs: 250 });
    expect(loadSettings({ LOG_SYNC: 'true', LOG_FLUSH_MS: '1000' }).logWrites).toEqual({ sync: true, flushMs: 1_000 });
    expect(loadSettings({ LOG_SYNC: 'false' }).logWrites.sync).toBe(false);
    expect(() => loadSettings({ LOG_SYNC: 'yes' })).toThrow(new SettingsError('LOG_SYNC must be true or false, got "yes"'));
  });
});

describe('loadSettings: several replicas', () => {
  it('migrates at boot unless LEDGER_MIGRATIONS=external, and knows no third way', () => {
    expect(loadSettings({}).ledgerMigrations).toBe('boot');
    expect(loadSettings({ LEDGER_MIGRATIONS: 'external' }).ledgerMigrations).toBe('external');
    expect(() => loadSettings({ LEDGER_MIGRATIONS: 'never' })).toThrow(/LEDGER_MIGRATIONS must be one of boot, external, got "never"/);
  });

  it('takes a DASHBOARD_SECRET of 32 bytes or more, and refuses a shorter one without echoing it', () => {
    expect(loadSettings({}).dashboardSecret).toBeUndefined();
    const secret = 'a'.repeat(64);
    expect(loadSettings({ DASHBOARD_SECRET: secret }).dashboardSecret).toBe(secret);
    expect(() => loadSettings({ DASHBOARD_SECRET: 'short-but-secret' })).toThrow(/DASHBOARD_SECRET must be at least 32 bytes .* got 16$/);
    expect(() => loadSettings({ DASHBOARD_SECRET: 'short-but-secret' })).not.toThrow(/short-but-secret/);
  });
});

describe('loadSettings: HTTP server timeouts', () => {
  it('has defaults that answer a stalled client within seconds, not minutes', () => {
    expect(loadSettings({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000, connectionsCheckingIntervalMs: 1_000 });
  });

  it('reads each from its variable', () => {
    const s = loadSettings({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_KEEP_ALIVE_TIMEOUT_MS: '700', HTTP_CONNECTIONS_CHECK_MS: '50' });
    expect(s.http).toEqual({ headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 700, connectionsCheckingIntervalMs: 50 });
  });

  it.each([
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['HTTP_REQUEST_TIMEOUT_MS', 'soon'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '0'],
    ['HTTP_CONNECTIONS_CHECK_MS', '5'],
  ])('refuses %s=%s: no timeout may be off', (name, value) => {
    expect(() => loadSettings({ [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses a headers timeout longer than the request timeout, as Node would at start', () => {
    expect(() => loadSettings({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(/must not exceed HTTP_REQUEST_TIMEOUT_MS/);
  });
});

describe('loadSettings: recovery', () => {
  it('resumes a killed router or worker within about 10 s by default, and sweeps every 30 s', () => {
    expect(loadSettings({}).recovery).toEqual({
      kafkaSessionTimeoutMs: 10_000,
      kafkaHeartbeatMs: 1_000,
      workerLockMs: 8_000,
      workerStalledIntervalMs: 3_000,
      workerMaxStalledCount: 3,
      sweepIntervalMs: 30_000,
      sweepGraceMs: 60_000,
    });
    expect(loadSettings({ SWEEP_INTERVAL_MS: '0', WORKER_MAX_STALLED_COUNT: '1' }).recovery).toMatchObject({ sweepIntervalMs: 0, workerMaxStalledCount: 1 });
  });

  it('refuses a heartbeat that would let one lost beat end the session, and a session below the broker floor', () => {
    expect(() => loadSettings({ KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_HEARTBEAT_MS: '4000' })).toThrow(/KAFKA_HEARTBEAT_MS \(4000\) must be at most a third/);
    expect(() => loadSettings({ KAFKA_SESSION_TIMEOUT_MS: '3000' })).toThrow(/KAFKA_SESSION_TIMEOUT_MS must be an integer from 6000/);
  });
});

describe('loadSettings: parallel runs', () => {
  it('compares every minute, and counts a side that has not settled within an hour as pending', () => {
    expect(loadSettings({}).parallelRun).toEqual({ compareIntervalMs: 60_000, pendingAfterMs: 3_600_000 });
    expect(loadSettings({ PARALLEL_RUN_COMPARE_INTERVAL_MS: '0', PARALLEL_RUN_PENDING_AFTER_MS: '5000' }).parallelRun).toEqual({ compareIntervalMs: 0, pendingAfterMs: 5_000 });
  });

  it('refuses a deadline under a second, which would call every delivery in flight pending', () => {
    expect(() => loadSettings({ PARALLEL_RUN_PENDING_AFTER_MS: '10' })).toThrow(/PARALLEL_RUN_PENDING_AFTER_MS must be an integer from 1000/);
    expect(() => loadSettings({ PARALLEL_RUN_COMPARE_INTERVAL_MS: 'soon' })).toThrow(/PARALLEL_RUN_COMPARE_INTERVAL_MS/);
  });
});

describe('loadSettings: backfill', () => {
  it('defaults to 100 events a second, at most 5,000, 2,000 ahead of the target, a look for work every 2 s', () => {
    expect(loadSettings({}).backfill).toEqual({ defaultRate: 100, maxRate: 5_000, maxAhead: 2_000, pollMs: 2_000 });
  });

  it('refuses a default rate above the maximum, and a bound ahead too small to fill a page', () => {
    expect(() => loadSettings({ BACKFILL_RATE: '600', BACKFILL_MAX_RATE: '500' })).toThrow(/BACKFILL_RATE \(600\) must not exceed BACKFILL_MAX_RATE \(500\)/);
    expect(loadSettings({ BACKFILL_MAX_RATE: '50' }).backfill).toMatchObject({ defaultRate: 50, maxRate: 50 });
    expect(() => loadSettings({ BACKFILL_MAX_AHEAD: '5' })).toThrow(/BACKFILL_MAX_AHEAD/);
  });
});

describe('loadSettings: reconciliation', () => {
  it('counts an open delivery as late after 15 minutes and lets one report cover 92 days, unless told otherwise', () => {
    expect(loadSettings({}).reconciliation).toEqual({ graceMs: 900_000, maxDays: 92 });
    expect(loadSettings({ RECONCILE_GRACE_MS: '5000', RECONCILE_MAX_DAYS: '31' }).reconciliation).toEqual({ graceMs: 5_000, maxDays: 31 });
  });

  it('refuses a grace under a second and a window of no days or more than a year', () => {
    expect(() => loadSettings({ RECONCILE_GRACE_MS: '10' })).toThrow(/RECONCILE_GRACE_MS must be an integer from 1000/);
    expect(() => loadSettings({ RECONCILE_MAX_DAYS: '0' })).toThrow(/RECONCILE_MAX_DAYS/);
    expect(() => loadSettings({ RECONCILE_MAX_DAYS: '400' })).toThrow(/RECONCILE_MAX_DAYS/);
  });
});

describe('loadSettings: tracing', () => {
  it('is off by default: no endpoint, so no exporter', () => {
    expect(loadSettings({}).tracing).toEqual({ headers: {}, serviceName: 'erp-hub', sampleRatio: 1, exportDelayMs: 5_000 });
  });

  it('exports to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, or to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is', () => {
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.endpoint).toBe('http://collector:4318/v1/traces');
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' }).tracing.endpoint).toBe('https://b/traces');
  });

  it('stays off when the SDK is disabled or the exporter is none, whatever the endpoint', () => {
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' }).tracing.endpoint).toBeUndefined();
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing.endpoint).toBeUndefined();
  });

  it('reads the service name, sample ratio, export delay and headers', () => {
    const t = loadSettings({ OTEL_SERVICE_NAME: 'hub-prod', OTEL_TRACES_SAMPLER_ARG: '0.25', OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cret, x-tenant = police' }).tracing;
    expect(t).toMatchObject({ serviceName: 'hub-prod', sampleRatio: 0.25, exportDelayMs: 200, headers: { authorization: 'Bearer s3cret', 'x-tenant': 'police' } });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /http:\/\/ or https:\/\//],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }, /OTLP over HTTP/],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, /otlp or none/],
    [{ OTEL_TRACES_SAMPLER_ARG: '2' }, /from 0 to 1/],
  ])('refuses %p', (env, why) => {
    expect(() => loadSettings(env)).toThrow(why);
  });

  it('refuses malformed headers without echoing them (they may hold a credential)', () => {
    expect(() => loadSettings({ OTEL_EXPORTER_OTLP_HEADERS: 'Bearer-s3cret' })).toThrow(/^OTEL_EXPORTER_OTLP_HEADERS must be/);
    expect(() => loadSettings({ OTEL_EXPORTER_OTLP_HEADERS: 'Bearer-s3cret' })).not.toThrow(/s3cret/);
  });
});
