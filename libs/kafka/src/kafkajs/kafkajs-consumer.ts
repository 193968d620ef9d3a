import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { BatchHandler, EventConsumer, InboundMessage } from '../event-bus.interface';

export interface KafkajsConsumerOptions {
  /**
   * A member that stops heartbeating (killed) loses its partitions to the others after this. The
   * broker's group.min.session.timeout.ms (6 s by default) is the floor. kafkajs 2.2.4 has no
   * static membership (KIP-345, group.instance.id): a restarted router always joins as a new member
   * and waits for the old one's session to expire before the group settles.
   */
  sessionTimeoutMs: number;
  heartbeatMs: number;
  logger: Logger;
  /** First wait after a failed batch or a crashed consumer; doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Between half and all of `initial · 2^failures`, at most `max`: processes that failed together do not retry in step. */
export function retryDelay(failures: number, initial: number, max: number, random: () => number = Math.random): number {
  const cap = Math.min(max, initial * 2 ** failures);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/**
 * A consumer-group member that hands whole batches to the handler. Offsets are resolved only after
 * the handler resolves, so a crash makes the batch be consumed again (at least once). It keeps going
 * through the loss of anything it depends on:
 * - a batch whose handler fails (the ledger or Redis away) is retried in place with backoff, with
 *   heartbeats all the while, until it succeeds, the partition is taken away, or the consumer stops;
 * - a handler that waits (Redis holding commands until it is back) keeps heartbeating too, so a
 *   slow store does not cost the group a rebalance;
 * - when kafkajs gives up (a crash it will not restart from), a new consumer joins, with backoff.
 */
export class KafkajsConsumer implements EventConsumer {
  private consumer?: Consumer;
  private topics: string[] = [];
  private handler?: BatchHandler;
  private stopping = false;
  private relaunchTimer?: NodeJS.Timeout;
  private relaunches = 0;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly log: Logger;

  constructor(private readonly kafka: Kafka, private readonly groupId: string, private readonly o: KafkajsConsumerOptions) {
    this.retryMs = o.retryMs ?? 500;
    this.maxRetryMs = o.maxRetryMs ?? 10_000;
    this.log = o.logger.child({ component: 'kafka-consumer', group: groupId });
  }

  /** Joins the group; rejects if Kafka cannot be reached now (the caller decides whether to try again). */
  async start(topics: string[], handler: BatchHandler): Promise<void> {
    this.topics = topics;
    this.handler = handler;
    this.stopping = false;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.relaunchTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private async launch(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.o.sessionTimeoutMs,
      heartbeatInterval: this.o.heartbeatMs,
      // An idle member heartbeats after each fetch: a fifth of the session between them leaves room.
      maxWaitTimeInMs: Math.min(5_000, Math.floor(this.o.sessionTimeoutMs / 5)),
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts by itself after a retriable error; after any other, it would stay down.
      if (!payload.restart) this.relaunchLater(consumer, payload.error);
    });
    // Set first: a crash reported as soon as it runs must find it current to be relaunched.
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await consumer.run({ eachBatchAutoResolve: true, eachBatch: (p) => this.eachBatch(p) });
    } catch (err) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    // stop() came while this one was joining.
    if (this.stopping) await this.stop();
  }

  private relaunchLater(crashed: Consumer, error: Error): void {
    if (this.stopping || this.consumer !== crashed) return;
    this.consumer = undefined;
    this.scheduleLaunch(error);
  }

  private scheduleLaunch(error: Error): void {
    const wait = retryDelay(this.relaunches++, 1_000, 30_000);
    this.log.error({ err: error, retryInMs: wait }, `Kafka consumer is down and kafkajs will not restart it; joining the group again in ${wait} ms`);
    this.relaunchTimer = setTimeout(async () => {
      if (this.stopping) return;
      try {
        await this.launch();
        this.relaunches = 0;
        this.log.warn('Kafka consumer joined the group again');
      } catch (err) {
        if (!this.stopping) this.scheduleLaunch(err as Error);
      }
    }, wait);
  }

  private async eachBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const messages: InboundMessage[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ? m.key.toString('utf8') : null,
      value: m.value,
      headers: decodeHeaders(m.headers),
      timestamp: m.timestamp,
    }));
    if (messages.length === 0 || !this.handler) return;
    const inbound = { topic: batch.topic, partition: batch.partition, messages };
    for (let failures = 0; ; failures++) {
      // Heartbeats while the handler waits on a slow store; a rebalance it reports is acted on below.
      const beating = setInterval(() => void heartbeat().catch(() => undefined), this.o.heartbeatMs);
      try {
        await this.handler(inbound);
        return;
      } catch (err) {
        // Stopping, or the partition went to another member: kafkajs re-reads the batch wherever it is owned now.
        if (!isRunning() || isStale() || this.stopping) throw err;
        const wait = retryDelay(failures, this.retryMs, this.maxRetryMs);
        this.log.warn({ err, topic: batch.topic, partition: batch.partition, offset: batch.firstOffset(), failures: failures + 1, retryInMs: wait }, `batch failed; trying it again in ${wait} ms`);
        await this.wait(wait, heartbeat, isRunning, isStale);
      } finally {
        clearInterval(beating);
      }
    }
  }

  /** Waits `ms`, heartbeating; a heartbeat that reports a rebalance throws, so kafkajs rejoins. */
  private async wait(ms: number, heartbeat: () => Promise<void>, isRunning: () => boolean, isStale: () => boolean): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!isRunning() || isStale() || this.stopping) throw new Error('batch abandoned: the consumer is stopping or lost the partition');
      await heartbeat();
      await sleep(Math.min(this.o.heartbeatMs, until - Date.now()));
    }
  }
}

function decodeHeaders(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
