// The faults, one at a time. Each injects its fault and brings the faulty part back; the run then
// waits for the hub to recover by itself and counts what it cost.
import type { Redis } from 'ioredis';
import { deliveryQueuePrefix, queueName } from '@hub/delivery';
import { waitFor } from '@hub/testing';
import type { AofRecorder } from './aof';
import type { FaultInfra } from './fault-infra';
import type { Role, RoleProcess } from './hub-processes';
import type { RecordingPayroll } from './targets';

export interface FaultContext {
  infra: FaultInfra;
  roles: Record<Role, RoleProcess>;
  targets: RecordingPayroll[];
  aof: AofRecorder;
  /** A Redis client of the suite's own (to look at BullMQ's active jobs), on the fault Redis. */
  redis: () => Redis;
  /** The hub's REDIS_PREFIX on the fault Redis (its queues' keys: @hub/delivery's redis-keys.ts). */
  redisPrefix: string;
  /** How long a target normally takes to answer. */
  baseDelayMs: number;
  /** Notes for the report (what was cut, how many jobs were re-running, …). */
  note(text: string): void;
  /** The moment the fault itself happens, when a fault prepares first (recovery is timed from it). */
  mark(): void;
}

export interface Fault {
  name: string;
  what: string;
  /** Why a delivery may be received twice under this fault (same Idempotency-Key), for the report. */
  doubles: string;
  inject(ctx: FaultContext): Promise<void>;
}

const hold = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slowTargets = (ctx: FaultContext, delayMs: number) => ctx.targets.forEach((t) => t.setFaults({ delayMs }));

/** Jobs BullMQ has active right now whose stall counter says they were left behind by a dead worker. */
async function rerunning(ctx: FaultContext): Promise<number> {
  const r = ctx.redis();
  let n = 0;
  for (const t of ctx.targets) {
    const q = `${deliveryQueuePrefix(ctx.redisPrefix, t.targetId)}:${queueName(t.targetId)}`;
    for (const id of await r.lrange(`${q}:active`, 0, -1)) if (Number(await r.hget(`${q}:${id}`, 'stc')) > 0) n++;
  }
  return n;
}

const WORKER_DOUBLES = 'in flight when the worker died: the target had taken it, the worker had not recorded it; the job ran again when its lock expired, with the same Idempotency-Key, and the target answered from its record';

export const FAULTS: Fault[] = [
  {
    name: 'api-sigkill',
    what: 'SIGKILL the api, start it again 2 s later',
    doubles: 'none expected: a post whose 202 was lost is posted again and found by duplicate detection, or published again under the same job id',
    async inject({ roles }) {
      await roles.api.kill('SIGKILL');
      await hold(2_000);
      roles.api.start();
      await roles.api.ready();
    },
  },
  {
    name: 'router-sigkill',
    what: 'SIGKILL the router, start it again at once (it waits for the dead member\'s session to end)',
    doubles: 'none expected: a batch routed but not committed is routed again under the same job ids, which BullMQ ignores',
    async inject({ roles }) {
      await roles.router.kill('SIGKILL');
      roles.router.start();
      await roles.router.ready();
    },
  },
  {
    name: 'worker-sigkill',
    what: 'SIGKILL the worker mid-delivery (targets answering in 300 ms, so ~30 deliveries in flight), start it again at once',
    doubles: WORKER_DOUBLES,
    async inject(ctx) {
      slowTargets(ctx, 300);
      await hold(2_000);
      ctx.mark();
      await ctx.roles.worker.kill('SIGKILL');
      slowTargets(ctx, ctx.baseDelayMs);
      ctx.roles.worker.start();
      await ctx.roles.worker.ready();
    },
  },
  {
    name: 'worker-kill-twice',
    what: 'SIGKILL the worker mid-delivery, start it, SIGKILL it again while it re-runs the jobs left behind, start it',
    doubles: WORKER_DOUBLES,
    async inject(ctx) {
      // Slow answers, so that re-run jobs are still in flight at the second kill.
      slowTargets(ctx, 1_500);
      await hold(3_000);
      ctx.mark();
      await ctx.roles.worker.kill('SIGKILL');
      ctx.roles.worker.start();
      await ctx.roles.worker.ready();
      const n = await waitFor('the restarted worker to re-run jobs left behind', async () => (await rerunning(ctx)) || undefined, 90_000, 100);
      ctx.note(`second kill with ${n} left-behind jobs re-running`);
      await ctx.roles.worker.kill('SIGKILL');
      slowTargets(ctx, ctx.baseDelayMs);
      ctx.roles.worker.start();
      await ctx.roles.worker.ready();
    },
  },
  {
    name: 'redis-sigterm',
    what: 'stop Redis with SIGTERM (it writes its AOF and exits), start it again',
    doubles: 'a job whose lock expired while Redis was away ran again',
    async inject({ infra }) {
      await infra.stop('redis');
      await infra.start('redis');
    },
  },
  {
    name: 'redis-sigkill',
    what: 'SIGKILL Redis, start it again (the page cache kept every write: nothing lost)',
    doubles: 'a job whose lock expired while Redis was away ran again',
    async inject({ infra }) {
      await infra.kill('redis');
      await infra.restart('redis');
    },
  },
  {
    name: 'redis-lose-last-second',
    what: 'with a backlog queued (targets slowed to 500 ms for 4 s), SIGKILL Redis and cut its AOF back by its last second of writes (a host crash under appendfsync everysec), start it again',
    doubles: 'Redis forgot the last second: completions and locks of jobs that had been delivered, which then ran again',
    async inject(ctx) {
      // Jobs waiting in the queues, so that the lost second holds jobs no worker had taken yet.
      slowTargets(ctx, 500);
      await hold(4_000);
      ctx.mark();
      const killedAt = Date.now();
      await ctx.infra.kill('redis');
      const cut = await ctx.aof.cutBack(killedAt, 1_000);
      ctx.note(`cut ${cut.before - cut.after} bytes off ${cut.file}${cut.fixed ? ' (redis-check-aof trimmed a broken tail)' : ''}`);
      await ctx.infra.restart('redis');
      ctx.aof.start();
      slowTargets(ctx, ctx.baseDelayMs);
    },
  },
  {
    name: 'kafka-sigkill',
    what: 'SIGKILL the Kafka broker, start it again',
    doubles: 'none expected: an event published twice (a post answered 503 whose publish went through later, posted again) has one job id',
    async inject({ infra }) {
      await infra.kill('kafka');
      await infra.restart('kafka');
    },
  },
  {
    name: 'postgres-restart',
    what: 'restart PostgreSQL (fast shutdown, start)',
    doubles: 'none expected: a job that reached its target while the ledger was down is parked with the receipt, not delivered again',
    async inject({ infra }) {
      await infra.stop('postgres');
      await infra.start('postgres');
    },
  },
  {
    name: 'postgres-sigkill',
    what: 'SIGKILL the PostgreSQL postmaster, start it again (crash recovery)',
    doubles: 'none expected: as for a restart',
    async inject({ infra }) {
      await infra.kill('postgres');
      await infra.restart('postgres');
    },
  },
  {
    name: 'target-outage',
    what: 'both targets answer 503 for 15 s, then refuse connections for 15 s, then are back',
    doubles: 'a request the target took while it was being stopped, whose answer never arrived: tried again once the target was back',
    async inject({ targets }) {
      for (const t of targets) t.setFaults({ failNext: 1e9, failStatus: 503 });
      await hold(15_000);
      for (const t of targets) t.setFaults({ failNext: 0 });
      await Promise.all(targets.map((t) => t.stop()));
      await hold(15_000);
      await Promise.all(targets.map((t) => t.start()));
    },
  },
];
