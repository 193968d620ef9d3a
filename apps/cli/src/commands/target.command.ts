import { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { clock, duration, table } from '../format';

/** The parts of GET /v1/targets/{id} the CLI prints. */
interface TargetStatus {
  id: string;
  tenant: string;
  connector: string;
  state: string;
  paused: { by: string; reason: string; since: string } | null;
  breaker: {
    state: string;
    consecutiveFailures: number;
    openedAt: string | null;
    openSeconds: number;
    nextProbeAt: string | null;
    probeIntervalMs: number | null;
    retryAfterUntil: string | null;
    lastFailure: { reason: string; status?: number; at: string } | null;
    lastOpenedAt: string | null;
    lastClosedAt: string | null;
  };
  queue: { waiting: number; active: number; delayed: number; failed: number };
  settings: { breaker: { failures: number; probeMs: number; maxProbeMs: number }; retry: { attempts: number; backoffMs: number; maxBackoffMs: number }; rateLimit: { max: number; perMs: number } | null };
}

const failure = (f: TargetStatus['breaker']['lastFailure']) => (f ? `${f.reason}${f.status ? ` ${f.status}` : ''} at ${clock(f.at)}` : 'none');

/** One line per target for `hub target status`. */
function row(t: TargetStatus) {
  return {
    target: t.id,
    tenant: t.tenant,
    state: t.state,
    waiting: t.queue.waiting,
    delayed: t.queue.delayed,
    failures: t.breaker.consecutiveFailures,
    'open for': t.breaker.state === 'closed' ? '' : duration(t.breaker.openSeconds),
    'next probe': clock(t.breaker.nextProbeAt),
    'paused by': t.paused?.by ?? '',
    reason: t.paused?.reason ?? '',
  };
}

/** `hub target status <id>`: the whole story of one target. */
export function describeTarget(t: TargetStatus): string {
  const b = t.breaker;
  const s = t.settings;
  const headline = t.paused ? `paused by ${t.paused.by} since ${clock(t.paused.since)}: ${t.paused.reason}` : b.state === 'closed' ? 'delivering' : `breaker ${b.state} for ${duration(b.openSeconds)}`;
  const breaker =
    b.state === 'closed'
      ? `closed; ${b.consecutiveFailures} failure(s) in a row${b.lastClosedAt ? `; last open from ${clock(b.lastOpenedAt)} to ${clock(b.lastClosedAt)}` : ''}`
      : `${b.state} since ${clock(b.openedAt)}, ${b.consecutiveFailures} failures in a row, ${b.state === 'half-open' ? 'a probe is out' : `next probe ${clock(b.nextProbeAt)} (interval ${duration((b.probeIntervalMs ?? 0) / 1000)})`}`;
  return [
    `${t.id} (${t.tenant}, ${t.connector}): ${headline}`,
    `  breaker:   ${breaker}`,
    `  last failure: ${failure(b.lastFailure)}`,
    ...(b.retryAfterUntil ? [`  the target asked to wait until ${clock(b.retryAfterUntil)} (Retry-After)`] : []),
    `  queue:     ${t.queue.waiting} waiting, ${t.queue.active} active, ${t.queue.delayed} waiting for a retry, ${t.queue.failed} failed`,
    `  settings:  opens after ${s.breaker.failures} failures in a row, probes every ${duration(s.breaker.probeMs / 1000)} doubling to ${duration(s.breaker.maxProbeMs / 1000)}; ` +
      `${s.retry.attempts} attempts, backoff ${duration(s.retry.backoffMs / 1000)} to ${duration(s.retry.maxBackoffMs / 1000)}; ` +
      (s.rateLimit ? `at most ${s.rateLimit.max} per ${s.rateLimit.perMs} ms` : 'no rate limit'),
  ].join('\n');
}

export function targetCommand(ctx: CliContext): Command {
  const target = new Command('target').description("targets: status (breaker, pause, queue), pause and resume a target's deliveries");

  target
    .command('status [id]')
    .description('every target within your tenants, or one in full')
    .action(async (id: string | undefined) => {
      if (id) {
        const t = await ctx.api().call<TargetStatus>('GET', `/v1/targets/${encodeURIComponent(id)}`);
        ctx.print(t, () => describeTarget(t));
        return;
      }
      const list = await ctx.api().call<{ items: TargetStatus[] }>('GET', '/v1/targets');
      ctx.print(list, () => table(list.items.map(row), ['target', 'tenant', 'state', 'waiting', 'delayed', 'failures', 'open for', 'next probe', 'paused by', 'reason']));
    });

  target
    .command('pause <id>')
    .description('hold every delivery to the target until it is resumed (retries too); the reason is required and audited')
    .requiredOption('--reason <text>', 'why, e.g. the change ticket of its maintenance')
    .action(async (id: string, o) => {
      const t = await ctx.api().call<TargetStatus>('POST', `/v1/targets/${encodeURIComponent(id)}/pause`, {}, { reason: o.reason });
      ctx.print(t, () => `paused ${t.id}: ${t.queue.waiting} waiting and ${t.queue.delayed} retries held until it is resumed`);
    });

  target
    .command('resume <id>')
    .description('let the deliveries of a paused target go again, in order and at its rate limit; the reason is required and audited')
    .requiredOption('--reason <text>', 'why now')
    .action(async (id: string, o) => {
      const t = await ctx.api().call<TargetStatus>('POST', `/v1/targets/${encodeURIComponent(id)}/resume`, {}, { reason: o.reason });
      const now = `${t.queue.active} being delivered, ${t.queue.waiting} waiting`;
      ctx.print(t, () => `resumed ${t.id}: ${t.breaker.state === 'closed' ? `delivering again (${now})` : `its breaker is ${t.breaker.state}: deliveries go once a probe succeeds (${now})`}`);
    });

  return target;
}
