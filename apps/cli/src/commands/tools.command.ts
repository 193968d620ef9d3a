import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { packageRoot } from '../cli-settings';
import { clock, pairs, table } from '../format';

/** Runs one of the repository's tools with this terminal; the CLI exits with its status. */
function runTool(args: string[]): never {
  const r = spawnSync(process.execPath, args, { cwd: packageRoot(), stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

export function traceCommand(ctx: CliContext): Command {
  return new Command('trace')
    .description("one event's path: accepted, routed, and each target's state and attempts")
    .argument('<eventId>')
    .option('--source <uri>', "the event's CloudEvents source, e.g. urn:erp-hub:source:hr (needed when several sources used the id)")
    .action(async (eventId: string, o) => {
      const t = await ctx.api().call('GET', `/v1/events/${encodeURIComponent(eventId)}`, { source: o.source });
      ctx.print(t, () =>
        [
          `${t.event.type} ${t.event.id} (${t.event.tenant}, subject ${t.event.subject}): ${t.status}, accepted ${t.acceptedAt}`,
          ...t.targets.map(
            (x: any) => `  ${x.target}: ${x.state} after ${x.attempts} attempt(s)${x.lastError ? ` — last error ${x.lastError.fingerprint ?? x.lastError.reason}: ${x.lastError.message ?? ''}` : ''}`,
          ),
        ].join('\n'),
      );
    });
}

/** An entry of GET /v1/audit as the CLI prints it. */
export interface AuditItem {
  at: string;
  actor: string;
  action: string;
  tenants: string[] | '*';
  filter?: Record<string, unknown>;
  counts?: Record<string, number>;
  detail?: string;
}

/** One line per audit entry: the tenants as a list, filter and counts as `key=value`. */
export function auditRows(items: AuditItem[]) {
  return items.map((a) => ({
    at: clock(a.at),
    actor: a.actor,
    action: a.action,
    tenants: Array.isArray(a.tenants) ? a.tenants.join(',') : a.tenants,
    filter: pairs(a.filter),
    counts: pairs(a.counts),
    detail: a.detail ?? '',
  }));
}

export function auditCommand(ctx: CliContext): Command {
  return new Command('audit')
    .description('ops actions within your tenants, newest first: who did what, when, with which filter and counts')
    .option('--actor <id>', 'one ops user')
    .option('--action <name>', 'e.g. dead-letter.replay-bulk')
    .option('--from <iso>', 'at or after')
    .option('--to <iso>', 'before')
    .option('--limit <n>', 'at most this many', '50')
    .option('--after <cursor>', 'the next page')
    .action(async (o) => {
      const page = await ctx.api().call('GET', '/v1/audit', { actor: o.actor, action: o.action, from: o.from, to: o.to, limit: o.limit, after: o.after });
      const more = page.next ? `\nnext page: --after ${page.next}` : '';
      ctx.print(page, () => `${table(auditRows(page.items), ['at', 'actor', 'action', 'tenants', 'filter', 'counts', 'detail'], 60)}\n${page.items.length} of ${page.total}${more}`);
    });
}

export function schemasCommand(ctx: CliContext): Command {
  const schemas = new Command('schemas').description('canonical schemas');
  schemas
    .command('check')
    .description('the compatibility gate: breaking changes against the last released schemas')
    .action(() => runTool([join(packageRoot(), 'dist', 'scripts', 'schemas-check.js'), ...(ctx.json() ? ['--json'] : [])]));
  return schemas;
}

export function connectorCommand(ctx: CliContext): Command {
  const connector = new Command('connector').description('connectors');
  connector
    .command('new <name>')
    .description('scaffold a target connector whose generated tests pass')
    .option('--consumes <type>', 'the canonical type it takes')
    .option('--no-register', 'do not add it to the registry and tsconfig')
    .action((name: string, o) =>
      runTool([join(packageRoot(), 'scripts', 'connector-new.js'), name, ...(o.consumes ? ['--consumes', o.consumes] : []), ...(o.register === false ? ['--no-register'] : []), ...(ctx.json() ? ['--json'] : [])]),
    );
  return connector;
}
