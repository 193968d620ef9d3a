// The upgrade of a single Redis node from 0.1.0's untagged queue keys (`P:bull:delivery-T:*`) to the
// hash-tagged ones (`P:bull:{T}:delivery-T:*`): the moved queue is whole and works under its new
// prefix, its pause and its delayed jobs included.
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { createRedis, deliveryQueuePrefix, hubClientsConnected, queueName, removeMatching, renameLegacyQueueKeys } from '@hub/delivery';
import { waitFor } from '@hub/testing';

describe('renameLegacyQueueKeys', () => {
  const prefix = `hub-up-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(process.env.REDIS_URL!, 'upgrade-keys-spec');
  afterAll(async () => {
    await removeMatching(redis, `${prefix}:*`);
    redis.disconnect();
  });

  it('moves every queue under its tagged prefix, with its jobs, its delays and its pause', async () => {
    const targets = ['payroll-fen', 'payroll-moor'];
    for (const t of targets) {
      const old = new Queue(queueName(t), { connection: redis, prefix: `${prefix}:bull` });
      await old.add('hr.employee.joined.v1', { n: 1 }, { jobId: `${t}.a` });
      await old.add('hr.employee.joined.v1', { n: 2 }, { jobId: `${t}.b` });
      await old.add('hr.employee.joined.v1', { n: 3 }, { jobId: `${t}.c`, delay: 60_000 });
      if (t === 'payroll-fen') await old.pause();
      await old.close();
    }
    const before = await redis.keys(`${prefix}:bull:delivery-*`);

    const result = await renameLegacyQueueKeys(redis, prefix);
    expect(result).toEqual({ renamed: before.length, kept: [] });
    expect(await redis.keys(`${prefix}:bull:delivery-*`)).toEqual([]);

    for (const t of targets) {
      const q = new Queue(queueName(t), { connection: redis, prefix: deliveryQueuePrefix(prefix, t) });
      try {
        expect(await q.isPaused()).toBe(t === 'payroll-fen');
        expect(await q.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 2, delayed: 1 });
        expect((await q.getJob(`${t}.b`))?.data).toEqual({ n: 2 });
        // The moved queue works: a worker on the new prefix takes its jobs.
        if (t === 'payroll-fen') await q.resume();
        const done: string[] = [];
        const worker = new Worker(queueName(t), async (job) => void done.push(job.id!), { connection: createRedis(process.env.REDIS_URL!, 'upgrade-keys-worker'), prefix: deliveryQueuePrefix(prefix, t) });
        try {
          await waitFor(`${t}'s moved jobs to run`, () => done.length === 2, 10_000);
          expect(done.sort()).toEqual([`${t}.a`, `${t}.b`]);
        } finally {
          await worker.close();
          await worker.disconnect();
        }
      } finally {
        await q.close();
      }
    }
  });

  it('leaves a key whose new name a role of the new release wrote already, and says which', async () => {
    const t = 'ledger-vale';
    await redis.set(`${prefix}:bull:delivery-${t}:id`, '7');
    await redis.set(`${deliveryQueuePrefix(prefix, t)}:${queueName(t)}:id`, '2');
    expect(await renameLegacyQueueKeys(redis, prefix)).toEqual({ renamed: 0, kept: [`${prefix}:bull:delivery-${t}:id`] });
    expect(await redis.get(`${deliveryQueuePrefix(prefix, t)}:${queueName(t)}:id`)).toBe('2');
  });

  it('sees a hub role connected to the Redis, by its connection name', async () => {
    const role = createRedis(process.env.REDIS_URL!, `erp-hub-spec-${randomBytes(3).toString('hex')}`);
    try {
      await role.ping();
      expect(await hubClientsConnected(redis)).toContain(role.options.connectionName);
    } finally {
      role.disconnect();
    }
  });
});
