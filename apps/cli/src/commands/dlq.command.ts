import { Command } from 'commander';
import { clock, labelled, leaves, table } from '../format';
import type { BulkReplayAnswer, DeadLetterView, ReplayOutcome } from '@hub/ledger';
import type { CliContext } from '../cli-context';

/** `hub dlq show`: what failed, why, where it stands, then the event's data one field a line. */
export function describeDeadLetter(d: DeadLetterView): string {
  const why = [d.reason, d.status, d.field].filter((x) => x !== undefined && x !== '').join(' ');
  const data = d.event?.data === undefined ? [] : leaves(d.event.data);
  return [
    `dead letter ${d.id}: ${d.type ?? '(event not recorded)'} for ${d.tenant}${d.subject ? `, subject ${d.subject}` : ''} → ${d.target}${d.role === 'shadow' ? ' (shadow)' : ''}, ${d.state}`,
    ...labelled([
      ['event', d.eventId ? `${d.eventId} from ${d.source}${d.event?.time ? `, at ${clock(d.event.time)}` : ''}` : undefined],
      ['why', why ? `${why}${d.message ? `: ${d.message}` : ''}` : d.message],
      ['fingerprint', d.fingerprint],
      ['attempts', `${d.attempts}${d.replays ? `, replayed ${d.replays} time(s)` : ''}`],
      ['queued', clock(d.queuedAt)],
      ['dead-lettered', clock(d.deadLetteredAt)],
      ['discarded', d.discardedAt ? `${clock(d.discardedAt)}${d.discardReason ? `: ${d.discardReason}` : ''}` : undefined],
      ['holding', d.holding ? `${d.holding} later deliveries of this subject wait behind it (the target keeps order per subject)` : undefined],
      ['held behind', d.heldBehind ? `${d.heldBehind.eventId ?? d.heldBehind.eventKey} (${d.heldBehind.state})` : undefined],
      ['backfill', d.backfillId],
      ['landscape', d.landscapeVersion === undefined ? undefined : `routed by version ${d.landscapeVersion}`],
    ]),
    ...(data.length ? ['  data:', table(data.map(([path, value]) => ({ path, value })), ['path', 'value'], 80).split('\n').map((l) => `    ${l}`).join('\n')] : []),
  ].join('\n');
}

/** `hub dlq replay <id>`: one line (a dead letter that cannot be replayed is the API's 409, an error). */
export function describeReplay(r: ReplayOutcome): string {
  return `replaying ${r.id}: ${r.detail}; it stays listed until the target acknowledges`;
}

/** `hub dlq replay --…`: how many matched and went, per target, and what failed; a dry run's sample. */
export function describeBulkReplay(a: BulkReplayAnswer): string {
  if (a.dryRun) {
    const sample = (a.sample ?? []).map((d) => ({ id: d.id, target: d.target, type: d.type, subject: d.subject, fingerprint: d.fingerprint }));
    return [
      `dry run: ${a.matched} open dead letter(s) match, ${a.considered} would be replayed (nothing replayed)`,
      ...(sample.length ? [table(sample, ['id', 'target', 'type', 'subject', 'fingerprint'], 64), ...(a.considered > sample.length ? [`(first ${sample.length} of ${a.considered})`] : [])] : []),
    ].join('\n');
  }
  const targets = Object.entries(a.byTarget).map(([target, n]) => `${target} ${n}`).join(', ');
  return [
    `replayed ${a.replayed} of ${a.matched} matched in ${a.batches} batch(es)${a.considered < a.matched ? ` (at most ${a.considered} this time: --max)` : ''}; ${a.skipped} skipped (taken by another replay), ${a.failed.length} failed`,
    ...(targets ? [`  by target: ${targets}`] : []),
    ...a.failed.map((f) => `  failed ${f.id}: ${f.detail}`),
  ].join('\n');
}

/** The filters every dead-letter command takes, as the API's query or body fields. */
function withFilters(cmd: Command): Command {
  return cmd
    .option('--tenant <code>', 'force')
    .option('--target <id>', 'target, e.g. payroll-fen')
    .option('--type <type>', 'event type')
    .option('--subject <id>', 'subject, e.g. an employee number')
    .option('--reason <code>', 'reason code, e.g. target-rejected')
    .option('--fingerprint <fp>', 'error fingerprint (reason|target|field or status)')
    .option('--from <iso>', 'dead-lettered at or after')
    .option('--to <iso>', 'dead-lettered before')
    .option('--role <role>', "primary (default) or shadow: a parallel run's shadow target's dead letters are kept apart");
}

const filterOf = (o: Record<string, string | undefined>) => ({
  tenant: o.tenant,
  target: o.target,
  type: o.type,
  subject: o.subject,
  reason: o.reason,
  fingerprint: o.fingerprint,
  from: o.from,
  to: o.to,
  role: o.role,
});

export function dlqCommand(ctx: CliContext): Command {
  const dlq = new Command('dlq').description('dead letters: list, show, group, replay, discard');

  withFilters(dlq.command('list').description('open dead letters, newest first'))
    .option('--state <states>', 'open (default), all, or states separated by commas')
    .option('--limit <n>', 'at most this many', '50')
    .option('--after <cursor>', 'the next page: the cursor the previous page printed')
    .action(async (o) => {
      const page = await ctx.api().call('GET', '/v1/dead-letters', { ...filterOf(o), state: o.state, limit: o.limit, after: o.after });
      const more = page.next ? `\nnext page: --after ${page.next}` : '';
      ctx.print(page, () => `${table(page.items, ['id', 'tenant', 'target', 'type', 'subject', 'state', 'fingerprint', 'attempts', 'holding', 'deadLetteredAt'])}\n${page.items.length} of ${page.total}${more}`);
    });

  dlq
    .command('show <id>')
    .description('one dead letter with its event (personal fields masked unless you may read them)')
    .action(async (id: string) => {
      const letter = await ctx.api().call<DeadLetterView>('GET', `/v1/dead-letters/${encodeURIComponent(id)}`);
      ctx.print(letter, () => describeDeadLetter(letter));
    });

  withFilters(dlq.command('group').description('open dead letters grouped by error fingerprint, with counts'))
    .option('--state <states>', 'open (default), all, or states separated by commas')
    .action(async (o) => {
      const groups = await ctx.api().call('GET', '/v1/dead-letters/groups', { ...filterOf(o), state: o.state });
      ctx.print(groups, () => table(groups.items, ['count', 'fingerprint', 'tenant', 'first', 'last', 'holding'], 64));
    });

  withFilters(dlq.command('replay [id]').description('replay one dead letter, or every one matching the filters, to its failed target only'))
    .option('--dry-run', 'show what would be replayed, replay nothing')
    .option('--max <n>', 'replay at most this many', '1000')
    .option('--batch-size <n>', 'claimed and queued per batch', '100')
    .option('--pause-ms <n>', 'pause between batches', '200')
    .action(async (id: string | undefined, o) => {
      const api = ctx.api();
      const filter = filterOf(o);
      const filtered = Object.entries(filter).some(([k, v]) => k !== 'role' && v !== undefined);
      if (!id && !filtered) throw new Error('give a dead letter id, or at least one filter (--tenant, --target, …) to replay in bulk');
      if (id) {
        const one = await api.call<ReplayOutcome>('POST', `/v1/dead-letters/${encodeURIComponent(id)}/replay`);
        if (one.replayed === false) throw new Error(`not replayed: ${one.detail}`);
        ctx.print(one, () => describeReplay(one));
        return;
      }
      const bulk = await api.call<BulkReplayAnswer>('POST', '/v1/dead-letters/replay', {}, { ...filter, max: Number(o.max), batchSize: Number(o.batchSize), pauseMs: Number(o.pauseMs), ...(o.dryRun ? { dryRun: true } : {}) });
      ctx.print(bulk, () => describeBulkReplay(bulk));
    });

  dlq
    .command('discard <id>')
    .description('discard a dead letter; the reason is required and audited')
    .requiredOption('--reason <text>', 'why it will not be delivered')
    .action(async (id: string, o) => {
      await ctx.api().call('DELETE', `/v1/dead-letters/${encodeURIComponent(id)}`, { reason: o.reason });
      ctx.print({ id, discarded: true }, () => `discarded ${id}`);
    });

  return dlq;
}
