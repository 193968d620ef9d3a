import { handJobId } from '../baselines/handwritten-pipeline';
import { rawBullmqRun } from '../baselines/raw-bullmq';
import { rawPlatformaticRun } from '../baselines/raw-platformatic';
import { createTopic, deleteTopic, produceAll, rawKafka, rawKafkaRun } from '../baselines/raw-kafka';
import { idPrefix, payAward } from '../lib/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nowMs } from '../lib/counting-sink';
import { coresUsed, cpuSeconds } from '../lib/cpu';
import { logOf, startChild } from '../lib/processes';
import { waitFor } from '@hub/testing';
import { BenchContext, repeat, Row, scaled } from './context';

/** Plain kafkajs, plain BullMQ and the hand-written pipeline, measured in the same run as the hub. */
export async function baselines(ctx: BenchContext): Promise<Row[]> {
  const brokers = ctx.infra.KAFKA_BROKERS.split(',');
  const n = scaled(ctx, 20_000);
  const kafka = await repeat(ctx, 'raw kafkajs', () => rawKafkaRun(brokers, n));
  const platformatic = await repeat(ctx, 'raw @platformatic/kafka', () => rawPlatformaticRun(brokers, n));
  const bull = await repeat(ctx, 'raw BullMQ', () => rawBullmqRun(ctx.infra.REDIS_URL, n, ctx.concurrency));
  const hand = await repeat(ctx, 'hand-written pipeline', () => handwritten(ctx, n));
  return [
    { id: 'raw.kafka.produce', group: 'baseline', label: `kafkajs produce, acks=all, batches of 500 (${n} events)`, unit: 'events/s', summary: kafka.produceEventsPerSec, better: 'higher' },
    { id: 'raw.platformatic.produce', group: 'baseline', label: '@platformatic/kafka produce, the same messages and settings', unit: 'events/s', summary: platformatic.produceEventsPerSec, better: 'higher', baseline: 'raw.kafka.produce' },
    { id: 'raw.kafka.consume', group: 'baseline', label: 'kafkajs consume (consumer group, eachBatch)', unit: 'events/s', summary: kafka.consumeEventsPerSec, better: 'higher' },
    { id: 'raw.bullmq', group: 'baseline', label: `BullMQ addBulk → process, concurrency ${ctx.concurrency}`, unit: 'jobs/s', summary: bull.jobsPerSec, better: 'higher' },
    { id: 'raw.bullmq.add', group: 'baseline', label: 'BullMQ addBulk alone (500 a call)', unit: 'jobs/s', summary: bull.addJobsPerSec, better: 'higher' },
    { id: 'raw.pipeline', group: 'baseline', label: 'hand-written pipeline: kafkajs → BullMQ → HTTP POST to the sink', unit: 'events/s', summary: hand.eventsPerSec, better: 'higher' },
  ];
}

/** Produces `n` pay awards, then times them until the hand-written pipeline has delivered them all. */
async function handwritten(ctx: BenchContext, n: number): Promise<{ eventsPerSec: number }> {
  const kafka = rawKafka(ctx.infra.KAFKA_BROKERS.split(','));
  const topic = `bench-hand-${idPrefix('t').toLowerCase()}`;
  await createTopic(kafka, topic);
  const script = join(__dirname, '..', 'baselines', 'handwritten-pipeline.js');
  const child = startChild('handwritten-pipeline', process.execPath, [script, ctx.infra.KAFKA_BROKERS, topic, ctx.infra.REDIS_URL, ctx.sink.url, String(ctx.concurrency)]);
  try {
    const joined = () => readFileSync(logOf(child.name), 'utf8').includes(`ready ${topic}`);
    await waitFor('the hand-written pipeline to join its group', () => joined() || (child.process.exitCode !== null ? Promise.reject(new Error('exited')) : false), 60_000);
    await ctx.sink.reset();
    const prefix = idPrefix('hand');
    const events = Array.from({ length: n }, (_, i) => payAward(prefix, i));
    const cpuBefore = cpuSeconds();
    const { start } = await produceAll(kafka, topic, events);
    const stats = await ctx.sink.waitForDistinct(n, 300_000);
    if (stats.doubled) ctx.log(`hand-written pipeline: ${stats.doubled} deliveries doubled`);
    const { last } = await ctx.sink.lastReceipt(events.map((e) => `hand|${handJobId(e)}`));
    ctx.cpu['hand-written pipeline'] = coresUsed(cpuBefore, cpuSeconds(), (nowMs() - start) / 1000);
    return { eventsPerSec: n / ((last - start) / 1000) };
  } finally {
    await child.stop();
    await deleteTopic(kafka, topic);
  }
}
