import { BENCH_TOKEN } from '../lib/landscape';
import { idPrefix, payAward } from '../lib/events';
import { closedLoop, PostSpec } from '../lib/load';
import { startHubProcesses } from '../lib/hub-processes';
import { coresUsed, cpuSeconds } from '../lib/cpu';
import { Summary } from '../lib/stats';
import { BenchContext, repeat, Row } from './context';

export const SINGLE_CONNECTIONS = 32;
export const BATCH_CONNECTIONS = 8;
export const BATCH_SIZE = 100;

/** A fresh pay award per request (new id each time), structured or as a batch of `size`. */
export function payAwardPosts(scenario: string, size = 1): () => PostSpec {
  const prefix = idPrefix(scenario);
  let n = 0;
  if (size === 1) return () => ({ contentType: 'application/cloudevents+json', body: JSON.stringify(payAward(prefix, n++)), events: 1 });
  return () => ({ contentType: 'application/cloudevents-batch+json', body: JSON.stringify(Array.from({ length: size }, () => payAward(prefix, n++))), events: size });
}

export interface LoadSummaries {
  eventsPerSec: Summary;
  p50: Summary;
  p99: Summary;
  p999: Summary;
}

/** Closed-loop load against a URL, repeated: accepted events/s and accept latency. */
export async function ingestLoad(ctx: BenchContext, what: string, url: string, connections: number, next: () => PostSpec, roleOf?: (pid: number) => string | undefined): Promise<LoadSummaries> {
  const seconds = Math.max(2, Math.round(10 * ctx.scale));
  return repeat(ctx, what, async (run) => {
    const before = cpuSeconds(roleOf);
    const r = await closedLoop(url, BENCH_TOKEN, connections, run < 0 ? Math.max(2, Math.round(seconds / 3)) : seconds, next);
    ctx.cpu[what] = coresUsed(before, cpuSeconds(roleOf), r.seconds);
    if (r.errors) ctx.log(`${what}: ${r.errors} requests failed`);
    return { eventsPerSec: r.eventsPerSec, p50: r.latency.p50, p99: r.latency.p99, p999: r.latency.p999 };
  });
}

export function loadRows(id: string, group: string, label: string, s: LoadSummaries, baseline?: string): Row[] {
  return [
    { id: `${id}`, group, label, unit: 'events/s', summary: s.eventsPerSec, better: 'higher', baseline },
    { id: `${id}.p50`, group, label: `${label}: accept latency p50`, unit: 'ms', summary: s.p50, better: 'lower' },
    { id: `${id}.p99`, group, label: `${label}: accept latency p99`, unit: 'ms', summary: s.p99, better: 'lower' },
    { id: `${id}.p999`, group, label: `${label}: accept latency p99.9`, unit: 'ms', summary: s.p999, better: 'lower' },
  ];
}

/**
 * The API alone (no router or worker competing for the cores): what it accepts into Kafka, once
 * producing with kafkajs and once with @platformatic/kafka (the default since issue 15), by KAFKA_PRODUCER.
 */
export async function ingest(ctx: BenchContext, nodeArgs: string[] = []): Promise<Row[]> {
  const rows: Row[] = [];
  for (const producer of ['kafkajs', 'platformatic'] as const) {
    const hub = await startHubProcesses(ctx.infra, { landscape: ctx.landscape, roles: ['api'], nodeArgs, env: { KAFKA_PRODUCER: producer } });
    try {
      const url = `${hub.url}/v1/events`;
      const id = producer === 'kafkajs' ? 'hub.ingest' : 'hub.ingest.platformatic';
      const via = producer === 'kafkajs' ? 'kafkajs' : '@platformatic/kafka';
      const single = await ingestLoad(ctx, `hub ingest (${via}), single events`, url, SINGLE_CONNECTIONS, payAwardPosts('single'), hub.roleOf);
      const batch = await ingestLoad(ctx, `hub ingest (${via}), batches of ${BATCH_SIZE}`, url, BATCH_CONNECTIONS, payAwardPosts('batch', BATCH_SIZE), hub.roleOf);
      const baseline = producer === 'kafkajs' ? 'raw.kafka.produce' : 'raw.platformatic.produce';
      rows.push(
        ...loadRows(`${id}.single`, 'ingest', `hub ingest, producing with ${via}: one event a POST, ${SINGLE_CONNECTIONS} connections`, single, baseline),
        ...loadRows(`${id}.batch`, 'ingest', `hub ingest, producing with ${via}: ${BATCH_SIZE} events a POST, ${BATCH_CONNECTIONS} connections`, batch, baseline),
      );
    } finally {
      await hub.stop();
    }
  }
  return rows;
}
