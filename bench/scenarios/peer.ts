import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTopic, deleteTopic, rawKafka } from '../baselines/raw-kafka';
import { idPrefix } from '../lib/events';
import { BENCH_DIR, startChild, waitHealthy } from '../lib/processes';
import { summarise } from '../lib/stats';
import { BenchContext, Row } from './context';
import { ingestLoad, loadRows, payAwardPosts, SINGLE_CONNECTIONS } from './ingest';

const REPO = join(__dirname, '..', '..', '..');
const PEER_PORT = 4195;

/**
 * The peer: the open Benthos core with a JSON Schema check and a Kafka output (bench/peer), built
 * here from the Go module proxy, HTTP server input → schema check → Kafka (acks=all) on the same
 * broker, loaded exactly like the hub's single-event ingest.
 */
export async function peer(ctx: BenchContext): Promise<Row[]> {
  const binary = join(BENCH_DIR, 'peer', 'hub-peer');
  try {
    execFileSync('bash', [join(REPO, 'bench', 'peer', 'build.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    ctx.log(`peer: build failed (${(err as Error).message}); its rows are left out`);
  }
  if (!existsSync(binary)) return [{ id: 'peer.ingest.single', group: 'peer', label: 'Benthos peer: not built (bench/peer/build.sh failed, see above)', unit: 'events/s', summary: summarise([NaN]), better: 'higher' }];
  const kafka = rawKafka(ctx.infra.KAFKA_BROKERS.split(','));
  const topic = `bench-peer-${idPrefix('t').toLowerCase()}`;
  await createTopic(kafka, topic);
  const child = startChild('peer', binary, ['-c', join(REPO, 'bench', 'peer', 'peer.yaml')], {
    PEER_PORT: String(PEER_PORT),
    PEER_TOPIC: topic,
    PEER_SCHEMA: join(REPO, 'schemas', 'payroll.pay-change.requested.v1.json'),
    KAFKA_BROKERS: ctx.infra.KAFKA_BROKERS,
  });
  try {
    await waitHealthy(child, `http://127.0.0.1:${PEER_PORT}/ready`, 30_000);
    const single = await ingestLoad(ctx, 'peer ingest, single events', `http://127.0.0.1:${PEER_PORT}/v1/events`, SINGLE_CONNECTIONS, payAwardPosts('peer'));
    return loadRows('peer.ingest.single', 'peer', `Benthos peer: one event a POST, ${SINGLE_CONNECTIONS} connections`, single, 'raw.kafka.produce');
  } finally {
    await child.stop();
    await deleteTopic(kafka, topic);
  }
}
