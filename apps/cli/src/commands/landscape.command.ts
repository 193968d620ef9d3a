import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { clock, table } from '../format';

interface RouteSides {
  targets: string[];
  shadow: string[];
}
interface Stage {
  tenant: string;
  domain: string;
  from: string;
  to: string;
  stage: string;
}
/** The parts of a POST /v1/landscape/cutovers answer the CLI prints. */
export interface CutoverAnswer {
  dryRun?: boolean;
  version?: number;
  basedOn: number;
  tenant: string;
  domain: string;
  routes: { type: string; before: RouteSides; after: RouteSides }[];
  migrations: Stage[];
}
/** The parts of GET /v1/landscape the CLI prints. */
export interface LandscapeAnswer {
  version: number;
  createdAt?: string;
  actor?: string;
  reason?: string;
  migrations: Stage[];
  landscape: { routes?: { tenant: string; type: string; targets: string[]; shadow?: string[] }[]; targets?: { id: string; tenant: string; connector: string }[] };
}
interface VersionItem {
  version: number;
  createdAt: string;
  actor: string;
  reason: string;
  change: { kind: string; summary: string[] };
}

const names = (ids: string[]) => (ids.length ? ids.join(', ') : '(none)');
const stageLine = (m: Stage) => `  ${m.tenant}/${m.domain}: ${m.from} → ${m.to}: ${m.stage}`;

/** `hub cutover`: the routes before and after, and where each migration step stands. */
export function describeCutover(c: CutoverAnswer): string {
  const head = c.dryRun
    ? `dry run: cutting ${c.tenant}/${c.domain} over would change ${c.routes.length} route(s) of landscape version ${c.basedOn} (nothing stored)`
    : `cut over ${c.tenant}/${c.domain}: landscape version ${c.version} (was ${c.basedOn}); events accepted from now on go to the new primaries`;
  const routes = c.routes.map((r) => `  ${c.tenant}/${r.type}: targets ${names(r.before.targets)} → ${names(r.after.targets)}; shadow ${names(r.before.shadow)} → ${names(r.after.shadow)}`);
  return [head, ...routes, ...(c.migrations.length ? ['migration plan:', ...c.migrations.map(stageLine)] : [])].join('\n');
}

/** `hub landscape show`: the version, its migration stages and routes. */
export function describeLandscape(l: LandscapeAnswer): string {
  const routes = (l.landscape.routes ?? []).map((r) => ({ tenant: r.tenant, type: r.type, targets: r.targets.join(', '), shadow: (r.shadow ?? []).join(', ') }));
  return [
    `landscape version ${l.version}${l.actor ? `, by ${l.actor} at ${clock(l.createdAt)}: ${l.reason}` : ''}`,
    ...(l.migrations.length ? ['migration plan:', ...l.migrations.map(stageLine)] : []),
    table(routes, ['tenant', 'type', 'targets', 'shadow'], 60),
  ].join('\n');
}

/** One line per version for `hub landscape versions`. */
export function versionRows(items: VersionItem[]) {
  return items.map((v) => ({
    version: v.version,
    at: clock(v.createdAt),
    actor: v.actor,
    kind: v.change.kind,
    reason: v.reason,
    changes: v.change.summary.length > 1 ? `${v.change.summary[0]} (+${v.change.summary.length - 1} more)` : (v.change.summary[0] ?? ''),
  }));
}

export function cutoverCommand(ctx: CliContext): Command {
  return new Command('cutover')
    .description("cut one tenant's domain over: the routes' shadows become the primaries in place of the old ones (operator of the tenant; audited)")
    .requiredOption('--tenant <code>', 'the force, e.g. fen')
    .requiredOption('--domain <domain>', 'the domain, e.g. hr')
    .requiredOption('--reason <text>', 'why now, e.g. the go-live change ticket')
    .option('--keep-old-as-shadow', 'keep each old primary as a shadow (it still gets every event, as a shadow)')
    .option('--dry-run', 'show the routes before and after without changing anything')
    .option('--to <target>', 'promote this shadow only')
    .option('--from <target>', 'the primary it replaces, where the migration plan does not say and a route has several')
    .action(async (o) => {
      const body = { tenant: o.tenant, domain: o.domain, reason: o.reason, keepOldAsShadow: Boolean(o.keepOldAsShadow), dryRun: Boolean(o.dryRun), ...(o.to ? { to: o.to } : {}), ...(o.from ? { from: o.from } : {}) };
      const answer = await ctx.api().call<CutoverAnswer>('POST', '/v1/landscape/cutovers', {}, body);
      ctx.print(answer, () => describeCutover(answer));
    });
}

export function landscapeCommand(ctx: CliContext): Command {
  const landscape = new Command('landscape').description('the landscape as versioned data: show it, its versions, apply a new document');
  landscape
    .command('show')
    .description('the version the hub runs on: who made it and why, the migration plan with each stage, the routes (within your tenants)')
    .action(async () => {
      const l = await ctx.api().call<LandscapeAnswer>('GET', '/v1/landscape');
      ctx.print(l, () => describeLandscape(l));
    });
  landscape
    .command('versions')
    .description('every version, newest first: who, when, why, what changed')
    .option('--limit <n>', 'at most this many', '20')
    .option('--before <version>', 'the next page')
    .action(async (o) => {
      const page = await ctx.api().call<{ items: VersionItem[]; next?: number }>('GET', '/v1/landscape/versions', { limit: o.limit, before: o.before });
      ctx.print(page, () => `${table(versionRows(page.items), ['version', 'at', 'actor', 'kind', 'reason', 'changes'], 70)}${page.next ? `\nnext page: --before ${page.next}` : ''}`);
    });
  landscape
    .command('apply <file>')
    .description('store a whole landscape document as the next version (landscape-admin for every tenant; checked as at boot; audited)')
    .requiredOption('--reason <text>', 'why')
    .option('--dry-run', 'show what would change without storing it')
    .option('--based-on <version>', 'refuse if the landscape is no longer at this version')
    .action(async (file: string, o) => {
      const document = JSON.parse(readFileSync(file, 'utf8'));
      const body = { landscape: document, reason: o.reason, dryRun: Boolean(o.dryRun), ...(o.basedOn ? { basedOn: Number(o.basedOn) } : {}) };
      const a = await ctx.api().call<{ dryRun?: boolean; version?: number; basedOn: number; summary: string[]; restartNeeded?: string[] }>('PUT', '/v1/landscape', {}, body);
      ctx.print(a, () =>
        [
          a.dryRun ? `dry run: ${a.summary.length} change(s) to landscape version ${a.basedOn} (nothing stored)` : `landscape version ${a.version} (was ${a.basedOn}): ${a.summary.length} change(s)`,
          ...a.summary.map((s) => `  ${s}`),
          ...(a.restartNeeded?.length ? [`restart needed: ${a.restartNeeded.join(', ')} (gateway entries are read from its file at its start)`] : []),
        ].join('\n'),
      );
    });
  return landscape;
}
