import { Command, InvalidArgumentError } from 'commander';
import type { BackfillDryRunView, BackfillView } from '@hub/ledger';
import type { CliContext } from '../cli-context';
import { duration, table } from '../format';
import { describeBackfill, progressBar, progressLine } from '../progress-bar';

const positive = (name: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number from 1`);
  return n;
};

/** `hub backfill start --dry-run`: per type, what would be sent and what the target has already. */
export function describeDryRun(d: BackfillDryRunView): string {
  const limit = d.effectiveRate < d.rate ? `${d.effectiveRate}/s (the target's own rate limit; ${d.rate}/s asked)` : `${d.rate}/s`;
  return [
    `dry run: ${d.tenant} → ${d.target}, ${d.types.join(', ')}${d.subject ? `, subject ${d.subject}` : ''}, accepted ${d.from ?? 'the start of the ledger'} to ${d.to}`,
    table(d.byType.map((t) => ({ type: t.type, 'to send': t.toSend, 'already there': t.alreadyThere })), ['type', 'to send', 'already there']),
    `in all: ${d.toSend} to send, ${d.alreadyThere} the target has already (skipped)${d.oldest ? `; oldest ${d.oldest}, newest ${d.newest}` : ''}`,
    `at ${limit}: about ${duration(d.estimatedSeconds)}`,
  ].join('\n');
}

/** Polls the backfill every `every` ms until it is no longer running: a bar redrawn in place on a terminal, else a line per poll. */
async function follow(ctx: CliContext, id: string, every: number): Promise<BackfillView> {
  for (;;) {
    const b = await ctx.api().call<BackfillView>('GET', `/v1/backfills/${encodeURIComponent(id)}`);
    const running = b.state === 'running';
    if (!ctx.json()) {
      if (ctx.tty) ctx.write(`\r${progressBar(b)}\u001b[K${running ? '' : '\n'}`);
      else ctx.out(progressLine(b));
    }
    if (!running) return b;
    await ctx.sleep(every);
  }
}

/** After --watch: the last answer with --json; the exit code says whether it failed. */
function ended(ctx: CliContext, b: BackfillView): void {
  if (ctx.json()) ctx.out(JSON.stringify(b, null, 2));
  if (b.state === 'failed') throw new Error(`backfill ${b.id} failed: ${b.error ?? 'see the worker log'}`);
}

/**
 * `hub backfill …`: deliver a force's history again, from the ledger, to one target (a new system
 * being seeded). The same endpoints, roles and audit as the API's /v1/backfills.
 */
export function backfillCommand(ctx: CliContext): Command {
  const backfill = new Command('backfill').description("backfills: deliver a force's history again, from the ledger, to one target: start (dry run first), status, pause, resume, cancel");

  backfill
    .command('start')
    .description('start a backfill (or count what it would send, with --dry-run); a filter is required: --types, --subject, --from or --to')
    .requiredOption('--tenant <code>', 'the force whose history is delivered')
    .requiredOption('--target <id>', 'one target of that force, e.g. erp-fen')
    .option('--types <list>', "types or patterns, comma-separated, that the target's connector takes (default: all it takes), e.g. 'hr.*'")
    .option('--subject <id>', "one subject's history only")
    .option('--from <time>', 'accepted at or after (RFC 3339, or a date)')
    .option('--to <time>', 'accepted before (default: now)')
    .option('--rate <n>', 'events a second at most (default: the hub\'s BACKFILL_RATE)', positive('--rate'))
    .option('--reason <text>', 'why, for the audit log')
    .option('--dry-run', 'count what would be sent, per type, and what the target has already; start nothing')
    .option('--watch', 'follow it until it ends: a progress bar on a terminal, a line per update otherwise')
    .option('--every <ms>', 'with --watch: how often to look', positive('--every'), 2_000)
    .action(async (o) => {
      const body = {
        tenant: o.tenant,
        target: o.target,
        ...(o.types ? { types: String(o.types).split(',').map((t: string) => t.trim()).filter(Boolean) } : {}),
        ...(o.subject ? { subject: o.subject } : {}),
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.rate ? { rate: o.rate } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.dryRun ? { dryRun: true } : {}),
      };
      if (o.dryRun) {
        const d = await ctx.api().call<BackfillDryRunView>('POST', '/v1/backfills', {}, body);
        ctx.print(d, () => describeDryRun(d));
        return;
      }
      const b = await ctx.api().call<BackfillView>('POST', '/v1/backfills', {}, body);
      if (!o.watch || !ctx.json()) {
        ctx.print(b, () => `started backfill ${b.id}: ${b.progress.total} events to send to ${b.target} (${b.progress.skipped} the target has already), at most ${b.progress.rate.limit}/s; follow it with: hub backfill status ${b.id} --watch`);
      }
      if (o.watch) ended(ctx, await follow(ctx, b.id, o.every));
    });

  backfill
    .command('status [id]')
    .description('every backfill within your tenants (newest first), or one in full; --watch follows one until it ends')
    .option('--tenant <code>', 'force')
    .option('--target <id>', 'target')
    .option('--state <state>', 'running, paused, cancelled, finished or failed')
    .option('--limit <n>', 'at most this many', '20')
    .option('--watch', 'follow it until it ends: a progress bar on a terminal, a line per update otherwise')
    .option('--every <ms>', 'with --watch: how often to look', positive('--every'), 2_000)
    .action(async (id: string | undefined, o) => {
      if (id && o.watch) return ended(ctx, await follow(ctx, id, o.every));
      if (id) {
        const b = await ctx.api().call<BackfillView>('GET', `/v1/backfills/${encodeURIComponent(id)}`);
        ctx.print(b, () => describeBackfill(b));
        return;
      }
      if (o.watch) throw new Error('--watch follows one backfill: give its id');
      const list = await ctx.api().call<{ items: BackfillView[]; total: number }>('GET', '/v1/backfills', { tenant: o.tenant, target: o.target, state: o.state, limit: o.limit });
      const rows = list.items.map((b) => ({
        id: b.id, tenant: b.tenant, target: b.target, state: b.state, done: `${b.progress.total - b.progress.remaining}/${b.progress.total}`, '%': b.progress.percent.toFixed(1),
        delivered: b.progress.delivered, 'dead-lettered': b.progress.deadLettered, skipped: b.progress.skipped, 'by': b.createdBy, started: b.createdAt,
      }));
      ctx.print(list, () => `${table(rows, ['id', 'tenant', 'target', 'state', 'done', '%', 'delivered', 'dead-lettered', 'skipped', 'by', 'started'])}\n${list.items.length} of ${list.total}`);
    });

  for (const [verb, summary] of [
    ['cancel', 'stop a backfill for good: nothing more of it is sent, what waits in its lanes or queue is withdrawn, what was delivered stays'],
    ['pause', 'stop enqueueing more of a backfill until it is resumed (what is queued still goes)'],
    ['resume', 'go on with a paused backfill from where it stopped'],
  ] as const) {
    backfill
      .command(`${verb} <id>`)
      .description(summary)
      .option('--reason <text>', 'why, for the audit log')
      .action(async (id: string, o) => {
        const b = await ctx.api().call<BackfillView>('POST', `/v1/backfills/${encodeURIComponent(id)}/${verb}`, {}, o.reason ? { reason: o.reason } : {});
        const p = b.progress;
        ctx.print(b, () => `${verb === 'cancel' ? 'cancelled' : verb === 'pause' ? 'paused' : 'resumed'} backfill ${b.id} → ${b.target}: ${p.delivered} of ${p.total} delivered, ${p.remaining} remaining`);
      });
  }

  return backfill;
}
