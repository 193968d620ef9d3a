// Baseline: the service a team would write by hand instead of the hub, run as its own process:
// a kafkajs consumer group → one BullMQ addBulk per Kafka batch → a BullMQ worker that POSTs the
// payroll call (the hub's own mapping) to the counting sink over keep-alive connections with an Idempotency-Key, same
// concurrency and retries. No schema check, no ledger, no tenancy checks, no metrics.
//   node dist/bench/baselines/handwritten-pipeline.js <brokers> <topic> <redisUrl> <sinkUrl> <concurrency>
import { Kafka, logLevel } from 'kafkajs';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Agent, request } from 'undici';
import { toPayrollCall } from '@connectors/payroll';
import type { CanonicalEvent } from '@hub/events';

/** The job id, and so the Idempotency-Key the sink counts by. */
export const handJobId = (event: Pick<CanonicalEvent, 'source' | 'id'>) => `hand.${Buffer.from(`${event.source}|${event.id}`).toString('base64url')}`;

async function main(): Promise<void> {
  const [brokers, topic, redisUrl, sinkUrl, concurrency] = process.argv.slice(2);
  // The same HTTP client as the hub's worker (undici, keep-alive): Node's fetch() would cost this
  // baseline most of a core at these rates and make the hub look better than it is.
  const pool = new Agent({ keepAliveTimeout: 10_000 });
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, protocol: 2 });
  const prefix = `bench-hand-${topic}`;
  const queue = new Queue('hand', { connection, prefix });
  const opts = { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 24 * 3600, count: 50_000 }, removeOnFail: { age: 30 * 24 * 3600, count: 100_000 } };
  const worker = new Worker<{ event: CanonicalEvent }>(
    'hand',
    async (job) => {
      const call = toPayrollCall(job.data.event);
      const res = await request(`${sinkUrl}/t/hand${call.path}`, {
        method: call.method,
        headers: { 'content-type': 'application/json', 'idempotency-key': job.id! },
        body: JSON.stringify(call.body),
        headersTimeout: 5000,
        bodyTimeout: 5000,
        dispatcher: pool,
      });
      await res.body.text();
      if (res.statusCode >= 300) throw new Error(`sink answered ${res.statusCode}`);
    },
    { connection, prefix, concurrency: Number(concurrency) },
  );
  const kafka = new Kafka({ clientId: 'bench-hand', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${topic}-hand` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  consumer.on(consumer.events.GROUP_JOIN, () => console.log(`ready ${topic}`));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const jobs = batch.messages.map((m) => {
        const h = (name: string) => m.headers?.[name]?.toString();
        const event = { specversion: '1.0', id: h('ce_id')!, source: h('ce_source')!, type: h('ce_type')!, subject: h('ce_subject')!, tenant: h('ce_tenant')!, data: JSON.parse(m.value!.toString()) } as CanonicalEvent;
        return { name: event.type, data: { event }, opts: { ...opts, jobId: handJobId(event) } };
      });
      await queue.addBulk(jobs);
    },
  });
  process.once('SIGTERM', async () => {
    await consumer.disconnect();
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    process.exit(0);
  });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
