// Baseline: plain BullMQ, add → process on one queue with the concurrency the hub's targets use,
// jobs of the hub's size (the event inside) and the hub's retention, one shared connection.
import { Queue, Worker } from 'bullmq';
import { createRedis } from '@hub/delivery';
import { nowMs } from '../lib/counting-sink';
import { idPrefix, payAward } from '../lib/events';

export async function rawBullmqRun(redisUrl: string, n: number, concurrency: number, batch = 500): Promise<{ jobsPerSec: number; addJobsPerSec: number }> {
  const prefix = `bench-raw-${idPrefix('q').toLowerCase()}`;
  const connection = createRedis(redisUrl, 'bench-raw-bullmq');
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  let last = 0;
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker('raw', async () => ({ status: 201 }), { connection, prefix, concurrency });
    worker.on('completed', () => {
      if (++done === n) {
        last = nowMs();
        void worker.close().then(() => resolve());
      }
    });
  });
  const events = Array.from({ length: n }, (_, i) => payAward(prefix, i));
  const opts = { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 24 * 3600, count: 50_000 }, removeOnFail: { age: 30 * 24 * 3600, count: 100_000 } };
  const start = nowMs();
  for (let i = 0; i < n; i += batch) {
    await queue.addBulk(events.slice(i, i + batch).map((event) => ({ name: event.type, data: { target: 'raw', eventKey: event.id, event }, opts: { ...opts, jobId: `raw.${event.id}` } })));
  }
  const added = nowMs();
  await finished;
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { jobsPerSec: n / ((last - start) / 1000), addJobsPerSec: n / ((added - start) / 1000) };
}
