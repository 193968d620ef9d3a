import { Command } from 'commander';
import { clock, labelled, leaves, table } from '../format';
import type { BytesView, QuarantineView } from '@hub/ledger';
import type { CliContext } from '../cli-context';

/** Bytes as text where they are text, else as base64 (said so). */
const bytes = (b: BytesView | null | undefined) => (b === undefined ? undefined : b === null ? '(none)' : b.text ?? `(not UTF-8) base64 ${b.base64}`);

/** `hub quarantine show`: why, where it stands, what could be read, the message's key and headers. */
export function describeQuarantined(q: QuarantineView): string {
  const { data, ...attributes } = q.event ?? {};
  const read = [...Object.entries(attributes).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]), ...(data === undefined ? [] : leaves(data).map(([p, v]): [string, string] => [`data${p}`, v]))];
  const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');
  return [
    `quarantined ${q.id}: ${q.reason}, ${q.state}${q.timesQuarantined > 1 ? ` (quarantined ${q.timesQuarantined} times${q.previousId ? `, before as ${q.previousId}` : ''})` : ''}`,
    ...labelled([
      ['why', q.message],
      ['message', `${q.topic} partition ${q.partition} offset ${q.offset}, ${q.valueBytes} bytes${q.raw?.timestamp ? `, written ${clock(q.raw.timestamp)}` : ''}`],
      ['event', [q.type, q.tenant, q.subject ? `subject ${q.subject}` : '', q.eventId ? `id ${q.eventId}` : '', q.source ? `from ${q.source}` : ''].filter(Boolean).join(', ') || '(nothing could be read)'],
      ['quarantined', clock(q.quarantinedAt)],
      ['released', q.releasedAt ? `${clock(q.releasedAt)} by ${q.releasedBy}${q.releaseNote ? `: ${q.releaseNote}` : ''}` : undefined],
      ['discarded', q.discardedAt ? `${clock(q.discardedAt)} by ${q.discardedBy}: ${q.discardReason}` : undefined],
      ['digest', q.digest],
    ]),
    ...(q.problems.length ? ['  problems:', indent(table(q.problems, ['path', 'message'], 100))] : []),
    ...(read.length ? [`  as far as it could be read${q.masked ? ' (personal fields masked)' : ''}:`, indent(table(read.map(([path, value]) => ({ path, value })), ['path', 'value'], 80))] : []),
    ...(q.raw
      ? [
          '  key and headers:',
          indent(table([{ name: '(key)', value: bytes(q.raw.key) }, ...q.raw.headers.map((h) => ({ name: h.key, value: bytes(h.value) }))], ['name', 'value'], 100)),
          ...(q.raw.value !== undefined ? ['  value:', indent(bytes(q.raw.value) ?? '')] : q.masked ? ['  value: only for pii-reader'] : []),
        ]
      : []),
  ].join('\n');
}

/**
 * `hub quarantine …`: Kafka messages the router quarantined instead of routing. The same
 * endpoints, roles and audit as the API's /v1/quarantine.
 */
export function quarantineCommand(ctx: CliContext): Command {
  const q = new Command('quarantine').description('quarantined messages: list, show, release, discard');

  q.command('list')
    .description('quarantined messages, newest first (open ones unless --state says otherwise)')
    .option('--tenant <code>', 'force')
    .option('--reason <code>', 'undecodable, not-carriable, unknown-type, schema-violation or ledger-refused')
    .option('--type <type>', 'event type')
    .option('--subject <id>', 'subject, e.g. an employee number')
    .option('--from <iso>', 'quarantined at or after')
    .option('--to <iso>', 'quarantined before')
    .option('--state <states>', 'open (default), all, or states separated by commas: open, released, discarded')
    .option('--limit <n>', 'at most this many', '50')
    .option('--after <cursor>', 'the next page: the cursor the previous page printed')
    .action(async (o) => {
      const page = await ctx.api().call('GET', '/v1/quarantine', {
        tenant: o.tenant, reason: o.reason, type: o.type, subject: o.subject, from: o.from, to: o.to, state: o.state, limit: o.limit, after: o.after,
      });
      const more = page.next ? `\nnext page: --after ${page.next}` : '';
      ctx.print(page, () => `${table(page.items, ['id', 'tenant', 'reason', 'type', 'subject', 'eventId', 'state', 'timesQuarantined', 'quarantinedAt', 'message'])}\n${page.items.length} of ${page.total}${more}`);
    });

  q.command('show <id>')
    .description('one quarantined message: why, what could be read, its key and headers (its value only with pii-reader)')
    .action(async (id: string) => {
      const item = await ctx.api().call<QuarantineView>('GET', `/v1/quarantine/${encodeURIComponent(id)}`);
      ctx.print(item, () => describeQuarantined(item));
    });

  q.command('release <id>')
    .description('put the message back on its topic as it was, for the router to handle again once the cause is fixed')
    .option('--note <text>', 'why it can go now, for the audit log')
    .action(async (id: string, o) => {
      const answer = await ctx.api().call('POST', `/v1/quarantine/${encodeURIComponent(id)}/release`, {}, o.note ? { reason: o.note } : {});
      ctx.print(answer, () => `released ${id}: ${answer.detail}`);
    });

  q.command('discard <id>')
    .description('give a quarantined message up; the reason is required and audited')
    .requiredOption('--reason <text>', 'why it will never be routed')
    .action(async (id: string, o) => {
      await ctx.api().call('DELETE', `/v1/quarantine/${encodeURIComponent(id)}`, {}, { reason: o.reason });
      ctx.print({ id, discarded: true }, () => `discarded ${id}`);
    });

  return q;
}
