import { Command } from 'commander';
import { table } from '../format';
import type { CliContext } from '../cli-context';

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
      const letter = await ctx.api().call('GET', `/v1/dead-letters/${encodeURIComponent(id)}`);
      ctx.print(letter, () => JSON.stringify(letter, null, 2));
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
      const answer = id
        ? await api.call('POST', `/v1/dead-letters/${encodeURIComponent(id)}/replay`)
        : await api.call('POST', '/v1/dead-letters/replay', {}, { ...filter, max: Number(o.max), batchSize: Number(o.batchSize), pauseMs: Number(o.pauseMs), ...(o.dryRun ? { dryRun: true } : {}) });
      ctx.print(answer, () => JSON.stringify(answer, null, 2));
      if (id && answer.replayed === false) throw new Error(`not replayed: ${answer.detail}`);
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
