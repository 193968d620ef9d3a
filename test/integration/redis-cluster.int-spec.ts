// The hub on a real three-node Redis Cluster of its own (Debian's redis-server, 127.0.0.1, ports of
// its own, data in a temp dir): the api, router and worker roles with REDIS_CLUSTER_NODES, on the
// shared Kafka and PostgreSQL. Every BullMQ script and every command of the hub's own must keep its
// keys in one slot, or the cluster answers CROSSSLOT and nothing is delivered.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { connectRedis, createRedis, deliveryQueuePrefix, hubRedisKeys, queueName } from '@hub/delivery';
import { keyOfEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const run = promisify(execFile);
const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
const FORCES = ['fen', 'moor', 'vale'] as const;

/** Whether 127.0.0.1:port can be bound now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Three ports whose cluster bus ports (+10000) are free too. */
async function clusterPorts(): Promise<number[]> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 21000 + Math.floor(Math.random() * 4000) * 2;
    const ports = [base, base + 1, base + 2];
    if ((await Promise.all(ports.flatMap((p) => [bindable(p), bindable(p + 10_000)]))).every(Boolean)) return ports;
  }
  throw new Error('no free ports for a local Redis Cluster');
}

/** A three-master Redis Cluster on 127.0.0.1, no replicas, nothing persisted beyond its temp dir. */
class LocalRedisCluster {
  private readonly servers: ChildProcess[] = [];
  private constructor(readonly dir: string, readonly ports: number[]) {}

  static async start(): Promise<LocalRedisCluster> {
    const c = new LocalRedisCluster(await mkdtemp(join(tmpdir(), 'hub-redis-cluster-')), await clusterPorts());
    try {
      for (const port of c.ports) {
        const server = spawn(REDIS_SERVER, [
          '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes',
          '--cluster-enabled', 'yes', '--cluster-config-file', join(c.dir, `nodes-${port}.conf`), '--cluster-node-timeout', '2000',
          '--dir', c.dir, '--dbfilename', `dump-${port}.rdb`, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction',
        ], { stdio: 'ignore' });
        c.servers.push(server);
      }
      await Promise.all(c.ports.map((p) => waitFor(`redis-server on ${p}`, async () => (await c.cli(p, 'ping')) === 'PONG', 10_000)));
      await run(REDIS_CLI, ['--cluster', 'create', ...c.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
      await Promise.all(c.ports.map((p) => waitFor(`cluster state ok on ${p}`, async () => (await c.cli(p, 'cluster', 'info')).includes('cluster_state:ok'), 20_000)));
      return c;
    } catch (err) {
      await c.stop();
      throw err;
    }
  }

  get nodes() {
    return this.ports.map((port) => ({ host: '127.0.0.1', port }));
  }

  async cli(port: number, ...args: string[]): Promise<string> {
    return (await run(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5_000 })).stdout.trim();
  }

  /** Stops every server (TERM, then KILL after 5 s) and removes the temp dir. */
  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(async (s) => {
        if (s.exitCode !== null || s.signalCode !== null) return;
        const exited = new Promise((r) => s.once('exit', r));
        s.kill('SIGTERM');
        const killer = setTimeout(() => s.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}

describe('the hub on a three-node Redis Cluster', () => {
  let cluster: LocalRedisCluster | undefined;
  let l: TestLandscape | undefined;
  let redis: Cluster;

  beforeAll(async () => {
    cluster = await LocalRedisCluster.start();
    l = await TestLandscape.start({ roles: ['api', 'router', 'worker'], retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 200 }, env: { REDIS_CLUSTER_NODES: cluster.ports.map((p) => `127.0.0.1:${p}`).join(',') } });
    redis = connectRedis(l.settings, 'cluster-spec') as Cluster;
  }, 90_000);

  afterAll(async () => {
    try {
      redis?.disconnect();
      await l?.close();
    } finally {
      await cluster?.stop();
    }
  });

  const landscape = () => l!;
  const okCalls = (force: (typeof FORCES)[number], subject: string) =>
    landscape().payroll[force].calls.filter((c) => c.status === 201 && (c.request.body as { employeeRef?: string }).employeeRef === subject);
  const slotOf = async (key: string) => Number(await redis.cluster('KEYSLOT', key));

  it('refuses a BullMQ queue without a hash tag (the witness that the cluster checks slots)', async () => {
    const connection = connectRedis(landscape().settings, 'cluster-spec-untagged');
    const untagged = new Queue('untagged', { connection, prefix: `${landscape().settings.redisPrefix}:bull` });
    try {
      await expect(untagged.add('x', {})).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await untagged.close();
      connection.disconnect();
    }
  });

  it('delivers every event of several targets and subjects once, with each queue in a slot of its own on more than one node', async () => {
    const events = FORCES.flatMap((f) => [joiner(f), joiner(f), joiner(f)]);
    // A batch: its dedupe keys lie in many slots, which one MGET could not read on a cluster.
    const res = await landscape().post(events, { 'content-type': 'application/cloudevents-batch+json' });
    expect(res.status).toBe(202);
    expect(res.body.accepted.map((a: { duplicate: boolean }) => a.duplicate)).toEqual(events.map(() => false));
    for (const e of events) await landscape().waitForTrace(e, 'delivered', 15_000);
    for (const e of events) expect(okCalls(e.tenant as (typeof FORCES)[number], e.subject)).toHaveLength(1);
    for (const f of FORCES) expect(landscape().payroll[f].repeats).toBe(0);

    // Each queue's keys, as BullMQ wrote them, share one slot; the queues' slots are on more than one node.
    const nodeOfSlot = new Map<number, string>();
    for (const [from, to, [host, port]] of await redis.cluster('SLOTS')) {
      for (let s = from; s <= to; s++) nodeOfSlot.set(s, `${host}:${port}`);
    }
    const nodes = new Set<string>();
    for (const f of FORCES) {
      const target = `payroll-${f}`;
      const prefix = `${deliveryQueuePrefix(landscape().settings.redisPrefix, target)}:${queueName(target)}:`;
      const written = (await Promise.all(redis.nodes('master').map((n) => n.keys(`${prefix}*`)))).flat();
      expect(written.length).toBeGreaterThan(3);
      const slots = new Set(await Promise.all(written.map(slotOf)));
      expect(slots.size).toBe(1);
      nodes.add(nodeOfSlot.get([...slots][0])!);
    }
    expect(nodes.size).toBeGreaterThan(1);
  });

  it('answers a re-posted event and a re-posted batch as duplicates, and delivers nothing again', async () => {
    const e = joiner('moor');
    expect((await landscape().post(e)).body.accepted[0].duplicate).toBe(false);
    await landscape().waitForTrace(e, 'delivered', 15_000);
    expect((await landscape().post(e)).body.accepted[0].duplicate).toBe(true);

    const batch = [joiner('fen'), joiner('vale'), joiner('moor'), joiner('fen')];
    const headers = { 'content-type': 'application/cloudevents-batch+json' };
    expect((await landscape().post(batch, headers)).body.accepted.every((a: { duplicate: boolean }) => !a.duplicate)).toBe(true);
    for (const b of batch) await landscape().waitForTrace(b, 'delivered', 15_000);
    // The batch's dedupe keys are spread over the cluster, not in one slot.
    expect(new Set(await Promise.all(batch.map((b) => slotOf(hubRedisKeys(landscape().settings.redisPrefix).seen(keyOfEvent(b)))))).size).toBeGreaterThan(1);
    expect((await landscape().post(batch, headers)).body.accepted.map((a: { duplicate: boolean }) => a.duplicate)).toEqual([true, true, true, true]);
    for (const x of [e, ...batch]) expect(okCalls(x.tenant as (typeof FORCES)[number], x.subject)).toHaveLength(1);
  });

  it('retries a delivery whose target fails first, and delivers it once', async () => {
    landscape().payroll.vale.setFaults({ failNext: 2, failStatus: 503 });
    try {
      const e = joiner('vale');
      expect((await landscape().post(e)).status).toBe(202);
      const trace = await landscape().waitForTrace(e, 'delivered', 15_000);
      expect(trace.targets[0]).toMatchObject({ target: 'payroll-vale', state: 'delivered', attempts: 3, lastError: { reason: 'target-unavailable', status: 503 } });
      expect(okCalls('vale', e.subject)).toHaveLength(1);
    } finally {
      landscape().payroll.vale.setFaults({ failNext: 0 });
    }
  });

  it('serves readiness, the queue gauges and Bull Board from the cluster', async () => {
    expect((await landscape().api('GET', '/health/ready', null)).status).toBe(200);
    const metrics = await landscape().api('GET', '/metrics', TOKENS.metrics);
    expect(metrics.status).toBe(200);
    for (const f of FORCES) expect(metrics.body).toMatch(new RegExp(`hub_queue_jobs\\{[^}]*queue="delivery-payroll-${f}"[^}]*state="completed"[^}]*\\} [1-9]`));
    const board = await landscape().api('GET', '/ops/queues/api/queues', TOKENS.opsAdmin);
    expect(board.status).toBe(200);
    expect(board.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(FORCES.map((f) => `delivery-payroll-${f}`));
    expect(board.body.queues.every((q: { counts: { completed: number } }) => q.counts.completed > 0)).toBe(true);
  });

  it('wrote nothing to the single-node Redis: every connection of every role went to the cluster', async () => {
    const single: Redis = createRedis(process.env.REDIS_URL!, 'cluster-spec-single');
    try {
      expect(await single.keys(hubRedisKeys(landscape().settings.redisPrefix).all)).toEqual([]);
    } finally {
      single.disconnect();
    }
  });
});
