import { rejection } from '@hub/testing';
import type { Logger } from 'pino';
import { DelayedError, Job, RateLimitError } from 'bullmq';
import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, PermanentDeliveryError, TransientDeliveryError } from '@hub/connector-sdk';
import { DeliveryJobData, DeliveryQueues, TargetStateStore } from '@hub/delivery';
import { hubMetrics } from '@hub/observability';
import { evidenceOf, PROBE_LEASE_MARGIN_MS, TargetBreaker } from './target-breaker';

const target: TargetConfig = {
  id: 'payroll-fen', tenant: 'fen', connector: 'payroll', endpoint: 'http://127.0.0.1:1', timeoutMs: 1_000, concurrency: 1, ordering: 'none',
  retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 100 },
  breaker: { failures: 2, probeMs: 1_000, maxProbeMs: 4_000 },
};

/** Redis as TargetStateStore uses it: GET, MGET, SET and its compare-and-set script. */
function memoryRedis() {
  const data = new Map<string, string>();
  return {
    data,
    get: async (k: string) => data.get(k) ?? null,
    mget: async (keys: string[]) => keys.map((k) => data.get(k) ?? null),
    set: async (k: string, v: string, nx?: string) => {
      if (nx === 'NX' && data.has(k)) return null;
      data.set(k, v);
      return 'OK';
    },
    del: async (k: string) => Number(data.delete(k)),
    eval: async (_script: string, _n: number, k: string, expected: string, next: string) => {
      if ((data.get(k) ?? '') !== expected) return 0;
      data.set(k, next);
      return 1;
    },
  };
}

function breakerFixture(start = 1_000_000) {
  let now = start;
  const queue = { name: 'delivery-payroll-fen', rateLimit: jest.fn(async (_ms: number) => undefined), removeRateLimitKey: jest.fn(async () => 0) };
  const queues = { queue: () => queue } as unknown as DeliveryQueues;
  const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const logger = { ...quiet, child: () => quiet } as unknown as Logger;
  const redis = memoryRedis();
  const store = new TargetStateStore(redis as never, 'hub');
  const sut = new TargetBreaker(store, queues, logger, () => now);
  return { sut, store, queue, redis, tick: (ms: number) => void (now += ms), now: () => now };
}

const job = (id: string) => ({ id, data: { target: 'payroll-fen' }, moveToDelayed: jest.fn(async () => undefined) }) as unknown as Job<DeliveryJobData> & { moveToDelayed: jest.Mock };
const refused = () => new TransientDeliveryError(DeliveryErrorCode.TargetUnreachable, 'cannot reach: ECONNREFUSED');

describe('TargetBreaker', () => {
  it('holds a job without spending an attempt once the breaker opened: the whole queue waits until the probe', async () => {
    const { sut, queue, tick } = breakerFixture();
    const a = await sut.admit(target, job('a'));
    expect(await sut.report(a!, refused())).toBeUndefined();
    const b = await sut.admit(target, job('b'));
    // The second failure in a row opens it: this job is held, not retried.
    const held = await sut.report(b!, refused());
    expect(held).toEqual({ ms: 1_000, reason: 'breaker-open', rotate: false });
    expect(await rejection(sut.hold(job('b'), 'tok', held!))).toBeInstanceOf(RateLimitError);
    expect(queue.rateLimit).toHaveBeenLastCalledWith(1_000);

    tick(300);
    expect(await rejection(sut.admit(target, job('c'), 'tok'))).toBeInstanceOf(RateLimitError);
    expect(queue.rateLimit).toHaveBeenLastCalledWith(700);
  });

  it('lets one probe through with a lease of the timeout and a margin, moves a failed probe behind the others, and closes on success', async () => {
    const { sut, store, queue, tick, now } = breakerFixture();
    for (const id of ['a', 'b']) await sut.report((await sut.admit(target, job(id)))!, refused());
    tick(1_000);
    const probe = await sut.admit(target, job('p1'));
    expect(probe).toMatchObject({ probe: true });
    expect((await store.breaker('payroll-fen')).probe).toEqual({ jobId: 'p1', until: now() + target.timeoutMs + PROBE_LEASE_MARGIN_MS });
    const failed = await sut.report(probe!, refused());
    expect(failed).toEqual({ ms: 2_000, reason: 'breaker-open', rotate: true });
    const j = job('p1');
    expect(await rejection(sut.hold(j, 'tok', failed!))).toBeInstanceOf(DelayedError);
    expect(j.moveToDelayed).toHaveBeenCalledWith(now() + 2_000, 'tok');

    tick(2_000);
    const next = await sut.admit(target, job('p2'));
    const probes = hubMetrics().targetProbes;
    const before = (await probes.get()).values.find((v) => v.labels.outcome === 'succeeded' && v.labels.target === 'payroll-fen')?.value ?? 0;
    expect(await sut.report(next!, { status: 201 })).toBeUndefined();
    expect(await store.breaker('payroll-fen')).toMatchObject({ state: 'closed', failures: 0 });
    expect((await probes.get()).values.find((v) => v.labels.outcome === 'succeeded' && v.labels.target === 'payroll-fen')?.value).toBe(before + 1);
    // The others need not wait out their hold.
    expect(queue.removeRateLimitKey).toHaveBeenCalledTimes(1);
    expect(await sut.admit(target, job('q'))).toMatchObject({ probe: false });
  });

  it('holds the queue for a Retry-After without counting it as more than one failure', async () => {
    const { sut, store } = breakerFixture();
    const t = await sut.admit(target, job('a'));
    const held = await sut.report(t!, new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, 'answered 429', 429, 2_000));
    expect(held).toEqual({ ms: 2_000, reason: 'retry-after', rotate: false });
    expect(await store.breaker('payroll-fen')).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('delivers without a breaker when its state cannot be read, rather than stopping the target', async () => {
    const { sut, redis } = breakerFixture();
    redis.get = async () => {
      throw new Error('Connection is closed.');
    };
    expect(await sut.admit(target, job('a'))).toBeUndefined();
  });

  it('reads a 4xx verdict as the target being up, and a mapping failure as no news', () => {
    expect(evidenceOf({ status: 201 })).toEqual({ kind: 'up' });
    expect(evidenceOf(new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, 'answered 422', 422))).toEqual({ kind: 'up' });
    expect(evidenceOf(new PermanentDeliveryError(DeliveryErrorCode.MappingFailed, 'no currency'))).toEqual({ kind: 'none' });
    expect(evidenceOf(new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, 'answered 503', 503, 30_000))).toEqual({ kind: 'down', code: 'target-unavailable', status: 503, retryAfterMs: 30_000 });
  });
});
