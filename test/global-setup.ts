// Finds or starts the real Kafka and Redis the integration suite runs against:
//  1. KAFKA_BROKERS and REDIS_URL set → use them;
//  2. a Docker engine answers → testcontainers (Kafka in KRaft mode, Redis);
//  3. otherwise → scripts/infra.sh (Kafka from Maven Central, Redis from Debian) on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const infra = (...args: string[]) => execFileSync('bash', [join(root, 'scripts/infra.sh'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

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

export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS && process.env.REDIS_URL) return;
  if (dockerAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const { RedisContainer } = await import('@testcontainers/redis');
    const [kafka, redis] = await Promise.all([
      new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
      new RedisContainer('redis:7.4').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start(),
    ]);
    process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    process.env.REDIS_URL = redis.getConnectionUrl();
    (globalThis as Record<string, unknown>).__hubContainers = [kafka, redis];
    return;
  }
  const before = status();
  const running = (name: string) => new RegExp(`^${name}\\s+up`, 'm').test(before);
  const startedHere = ['kafka', 'redis'].filter((s) => !running(s));
  infra('start', 'kafka', 'redis');
  for (const line of infra('env').split('\n')) {
    const m = /^(KAFKA_BROKERS|REDIS_URL)=(.*)$/.exec(line.trim());
    if (m) process.env[m[1]] = m[2];
  }
  // Stop at the end only what this run started: a developer's running infra is left alone.
  process.env.HUB_TEST_STARTED_INFRA = startedHere.join(',');
}
