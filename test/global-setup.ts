// Finds or starts the real Kafka, Redis and PostgreSQL the integration suite runs against:
//  1. KAFKA_BROKERS and REDIS_URL set → use them; DATABASE_URL set → use it;
//  2. a Docker engine answers → testcontainers (Kafka in KRaft mode, Redis; PostgreSQL only if
//     @testcontainers/postgresql is installed, else as in 3);
//  3. otherwise → scripts/infra.sh (Kafka from Maven Central, Redis and PostgreSQL from Debian) on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const infra = (...args: string[]) => execFileSync('bash', [join(root, 'scripts/infra.sh'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The variable each infra.sh service answers with (`infra.sh env`). */
const ENV_OF: Record<string, string> = { kafka: 'KAFKA_BROKERS', redis: 'REDIS_URL', postgres: 'DATABASE_URL' };

/** `infra.sh status` exits non-zero when something is down; its lines are what matters here. */
function status(): string {
  try {
    return infra('status');
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? '');
  }
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

function keepForTeardown(containers: unknown[]): void {
  const g = globalThis as Record<string, unknown>;
  g.__hubContainers = [...((g.__hubContainers as unknown[]) ?? []), ...containers];
}

async function startBrokerContainers(): Promise<void> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [kafka, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new RedisContainer('redis:7.4').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start(),
  ]);
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env.REDIS_URL = redis.getConnectionUrl();
  keepForTeardown([kafka, redis]);
}

/**
 * @testcontainers/postgresql is not a dependency today: without it, answers false and PostgreSQL
 * comes from infra.sh even where Docker answers. (Loaded by a computed name so tsc does not need it.)
 */
async function startPostgresContainer(): Promise<boolean> {
  const name = '@testcontainers/postgresql';
  if (!installed(name)) return false;
  type Started = { getConnectionUri(): string; stop(): Promise<unknown> };
  type Builder = { withDatabase(d: string): Builder; withUsername(u: string): Builder; withPassword(p: string): Builder; start(): Promise<Started> };
  const { PostgreSqlContainer } = (await import(name)) as { PostgreSqlContainer: new (image: string) => Builder };
  const pg = await new PostgreSqlContainer('postgres:15').withDatabase('hub').withUsername('hub').withPassword('hub').start();
  process.env.DATABASE_URL = pg.getConnectionUri();
  keepForTeardown([pg]);
  return true;
}

function startWithInfraScript(services: string[]): void {
  const before = status();
  const running = (name: string) => new RegExp(`^${name}\\s+up`, 'm').test(before);
  const startedHere = services.filter((s) => !running(s));
  infra('start', ...services);
  const wanted = new Set(services.map((s) => ENV_OF[s]));
  for (const line of infra('env').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m && wanted.has(m[1])) process.env[m[1]] = m[2];
  }
  // Stop at the end only what this run started: a developer's running infra is left alone.
  process.env.HUB_TEST_STARTED_INFRA = startedHere.join(',');
}

export default async function globalSetup(): Promise<void> {
  const needBrokers = !(process.env.KAFKA_BROKERS && process.env.REDIS_URL);
  const needPostgres = !process.env.DATABASE_URL;
  if (!needBrokers && !needPostgres) return;
  const docker = dockerAnswers();
  const viaScript: string[] = [];
  if (needBrokers) {
    if (docker) await startBrokerContainers();
    else viaScript.push('kafka', 'redis');
  }
  if (needPostgres && !(docker && (await startPostgresContainer()))) viaScript.push('postgres');
  if (viaScript.length) startWithInfraScript(viaScript);
}
