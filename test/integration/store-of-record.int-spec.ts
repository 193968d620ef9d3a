// Redis is not the store of record, the ledger is: what Redis forgets (a job, a duplicate-detection
// key) or what BullMQ gives up on by itself (a job that stalled too often) is found again from the
// ledger, and a re-post that gets past lost duplicate detection reaches the target under the same
// Idempotency-Key, so a target that honours the key takes it once.
import { UnrecoverableError, Worker } from 'bullmq';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { createRedis, deliveryJobId, deliveryQueuePrefix, DeliveryQueues, hubRedisKeys, queueName } from '@hub/delivery';
import { KafkajsEventBus } from '@hub/kafka';
import { createLogger } from '@hub/observability';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape } from '@test/support';
import { STALLED_LIMIT_REASON } from '@apps/worker';

describe('the ledger is the store of record', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    // Sweeps twice a second, for deliveries untouched for a second: the same code as every 30 s after a minute.
    l = await TestLandscape.start({ env: { SWEEP_INTERVAL_MS: '500', SWEEP_GRACE_MS: '1000' } });
  });
  afterAll(async () => {
    await l?.close();
  });

  const queues = () => l.hub.apps.api!.get(DeliveryQueues);
  const jobIdOf = (e: CanonicalEvent) => deliveryJobId(`payroll-${e.tenant}`, keyOfEvent(e));
  const callsWith = (e: CanonicalEvent) => l.payroll[e.tenant as 'fen'].calls.filter((c) => c.request.headers['idempotency-key'] === jobIdOf(e));
  const targetOf = async (e: CanonicalEvent) => (await l.trace(e)).body?.targets?.[0];

  /** Posts `e` while no worker runs, and waits for the router to record it as queued. */
  async function queuedWithoutWorker(e: CanonicalEvent) {
    await l.hub.stop('worker');
    expect((await l.post(e)).status).toBe(202);
    await waitFor('the delivery recorded as queued', async () => (await targetOf(e))?.state === 'queued');
  }

  it('enqueues again, under the same job id, a queued delivery whose job Redis lost, and it is delivered once', async () => {
    const e = joiner('fen');
    await queuedWithoutWorker(e);
    // What a Redis crash that lost its last second of writes leaves: the ledger has it, Redis does not.
    await queues().queue('payroll-fen').remove(jobIdOf(e));
    expect(await queues().queue('payroll-fen').getJob(jobIdOf(e))).toBeUndefined();

    await l.hub.start('worker');
    await l.waitForTrace(e, 'delivered');
    expect(callsWith(e).map((c) => c.status)).toEqual([201]);
    expect(l.payroll.fen.employees.has(e.subject)).toBe(true);
  });

  it("makes a job BullMQ gives up on for stalling a dead letter with reason 'stalled', without delivering it", async () => {
    const e = joiner('moor');
    await queuedWithoutWorker(e);
    // What BullMQ's stall check writes once a job stalled more than maxStalledCount times: the next
    // worker to take it fails it without running it.
    const redis = createRedis(l.settings.redisUrl, 'test-stall');
    try {
      await redis.hset(queues().queue('payroll-moor').toKey(jobIdOf(e)), 'defa', STALLED_LIMIT_REASON, 'stc', '4');
    } finally {
      redis.disconnect();
    }

    await l.hub.start('worker');
    const trace = await l.waitForTrace(e, 'dead-lettered');
    expect(trace.targets[0]).toMatchObject({ state: 'dead-lettered', lastError: { reason: 'stalled', message: expect.stringContaining(STALLED_LIMIT_REASON), fingerprint: 'stalled|payroll-moor' } });
    expect(callsWith(e)).toEqual([]);
    const listed = await l.api('GET', `/v1/dead-letters?reason=stalled&subject=${e.subject}`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: jobIdOf(e), reason: 'stalled', state: 'dead-lettered' })]);
  });

  it('records as a dead letter a job found in the failed set with no outcome in the ledger, with BullMQ\'s reason', async () => {
    const e = joiner('vale');
    await queuedWithoutWorker(e);
    // A worker that fails the job without writing the ledger (as BullMQ does on its own).
    const rogue = new Worker(
      queueName('payroll-vale'),
      async () => {
        throw new UnrecoverableError('worker ran out of memory');
      },
      { connection: createRedis(l.settings.redisUrl, 'test-rogue'), prefix: deliveryQueuePrefix(l.settings.redisPrefix, 'payroll-vale') },
    );
    try {
      await waitFor('the job in the failed set', async () => (await queues().queue('payroll-vale').getJobState(jobIdOf(e))) === 'failed');
    } finally {
      await rogue.close();
      await rogue.disconnect();
    }
    expect((await targetOf(e)).state).toBe('queued');

    await l.hub.start('worker');
    const trace = await l.waitForTrace(e, 'dead-lettered');
    expect(trace.targets[0].lastError).toMatchObject({ reason: 'queue-failed', message: expect.stringContaining('worker ran out of memory') });
    expect(callsWith(e)).toEqual([]);
  });

  it('never delivers again a re-post that Redis no longer remembers: the ledger has the delivery as done', async () => {
    const e = joiner('fen');
    expect((await l.post(e)).body.accepted[0].duplicate).toBe(false);
    await l.waitForTrace(e, 'delivered');
    expect((await l.post(e)).body.accepted[0].duplicate).toBe(true);

    // Redis loses the duplicate-detection key and the completed job (a crash, a flush).
    const redis = createRedis(l.settings.redisUrl, 'test-forget');
    try {
      await redis.del(hubRedisKeys(l.settings.redisPrefix).seen(keyOfEvent(e)));
    } finally {
      redis.disconnect();
    }
    await queues().queue('payroll-fen').remove(jobIdOf(e));

    // Accepted again as new and published again; the router routes it again, and the ledger,
    // which has its delivery as delivered, answers that nothing is to be queued.
    expect((await l.post(e)).body.accepted[0].duplicate).toBe(false);
    const admin = l.ctx.registry.types().map((t) => `${l.settings.topicPrefix}${t}`);
    const bus = new KafkajsEventBus(l.settings.kafkaBrokers, 'test-lag', createLogger('error')).admin();
    try {
      await waitFor('the router to have read the re-post', async () => (await bus.lag(l.settings.routerGroupId, admin)) === 0);
    } finally {
      await bus.close();
    }
    expect(callsWith(e)).toHaveLength(1);
    expect(await queues().queue('payroll-fen').getJob(jobIdOf(e))).toBeUndefined();
    expect((await l.trace(e)).body.status).toBe('delivered');
  });
});
