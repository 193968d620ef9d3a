import { BreakerState, CLOSED, Step } from './circuit-breaker';
import { getEach, HubRedis } from './redis';
import { hubRedisKeys } from './redis-keys';

/** Who paused a target, when and why. */
export interface PauseInfo {
  by: string;
  reason: string;
  at: string;
}

/**
 * Compare-and-set: writes the new state only if the key still holds what the caller read (or is
 * still absent), so two worker processes never both take the same transition (two probes).
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** A transition lost this many races in a row: something is wrong, not merely busy. */
const MAX_TRIES = 50;

function parse(raw: string | null): BreakerState {
  if (!raw) return CLOSED;
  try {
    return JSON.parse(raw) as BreakerState;
  } catch {
    return CLOSED;
  }
}

/**
 * How long a breaker state this process read or wrote is taken as current for a step that would
 * change nothing (a healthy target's admission and outcome): a delivery then costs no Redis round
 * trip for its breaker, where it cost two (a worker profile of the bench's backfill had 8% of its
 * busy time in those reads). What another process changed is seen this much later at most; every
 * step that changes the state reads Redis first, so transitions, probes included, stay exact.
 */
export const BREAKER_FRESH_MS = 200;

/**
 * Per-target state in Redis that every process shares: the circuit breaker (see circuit-breaker.ts)
 * and who paused the target. A breaker transition reads the state, runs the pure step, and writes it
 * back only if nobody changed it meanwhile; a step that changes nothing writes nothing, and is
 * answered from the state this process knows when that is fresher than `freshMs`.
 */
export class TargetStateStore {
  private readonly known = new Map<string, { raw: string | null; at: number }>();
  private readonly keys;

  constructor(
    private readonly redis: HubRedis,
    prefix: string,
    private readonly freshMs = BREAKER_FRESH_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = hubRedisKeys(prefix);
  }

  async breaker(targetId: string): Promise<BreakerState> {
    return parse(await this.redis.get(this.keys.breaker(targetId)));
  }

  async breakers(targetIds: readonly string[]): Promise<Map<string, BreakerState>> {
    const raw = await getEach(this.redis, targetIds.map((id) => this.keys.breaker(id)));
    return new Map(targetIds.map((id, i) => [id, parse(raw[i])]));
  }

  /**
   * Applies `step` to the target's breaker atomically (read, step, compare-and-set; again on a lost
   * race). A step that changes nothing on the state known within `freshMs` is answered from it.
   */
  async updateBreaker<R>(targetId: string, step: (s: BreakerState) => Step<R>): Promise<R> {
    const known = this.known.get(targetId);
    if (known && this.now() - known.at < this.freshMs) {
      const current = parse(known.raw);
      const { next, result } = step(current);
      if (next === current || JSON.stringify(next) === known.raw) return result;
    }
    const key = this.keys.breaker(targetId);
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const raw = await this.redis.get(key);
      this.known.set(targetId, { raw, at: this.now() });
      const current = parse(raw);
      const { next, result } = step(current);
      if (next === current) return result;
      const written = JSON.stringify(next);
      if (written === raw) return result;
      if ((await this.redis.eval(COMPARE_AND_SET, 1, key, raw ?? '', written)) === 1) {
        this.known.set(targetId, { raw: written, at: this.now() });
        return result;
      }
    }
    this.known.delete(targetId);
    throw new Error(`the breaker of target "${targetId}" changed under ${MAX_TRIES} transitions in a row`);
  }

  async pauses(targetIds: readonly string[]): Promise<Map<string, PauseInfo>> {
    const raw = await getEach(this.redis, targetIds.map((id) => this.keys.pause(id)));
    const found = new Map<string, PauseInfo>();
    raw.forEach((r, i) => {
      if (r) found.set(targetIds[i], JSON.parse(r) as PauseInfo);
    });
    return found;
  }

  /** Records who paused the target, unless a pause is already recorded: answers false then. */
  async recordPause(targetId: string, info: PauseInfo, replace = false): Promise<boolean> {
    const key = this.keys.pause(targetId);
    if (replace) return (await this.redis.set(key, JSON.stringify(info))) === 'OK';
    return (await this.redis.set(key, JSON.stringify(info), 'NX')) === 'OK';
  }

  async clearPause(targetId: string): Promise<void> {
    await this.redis.del(this.keys.pause(targetId));
  }
}
