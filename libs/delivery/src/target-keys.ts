/**
 * The Redis keys the hub keeps per target, built only here, under REDIS_PREFIX (BullMQ's own keys
 * for the target's queue are under `<prefix>:bull:delivery-<target>`):
 *   <prefix>:target:<id>:breaker  the circuit breaker's state (JSON), shared by every worker process;
 *   <prefix>:target:<id>:pause    who paused the target's queue, when and why (JSON), while it is paused.
 * Neither expires: a breaker or a pause lasts until the hub changes it.
 */
export const targetKeys = (prefix: string, targetId: string) => ({
  breaker: `${prefix}:target:${targetId}:breaker`,
  pause: `${prefix}:target:${targetId}:pause`,
});
