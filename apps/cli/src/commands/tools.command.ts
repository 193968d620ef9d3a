import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** The repository (or installed package) root, from sources or dist/ alike. */
function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error('cannot find the hub package root');
    dir = dirname(dir);
  }
  return dir;
}

/** Runs one of the repository's tools with this terminal; the CLI exits with its status. */
function runTool(args: string[]): never {
  const r = spawnSync(process.execPath, args, { cwd: packageRoot(), stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

export function traceCommand(ctx: CliContext): Command {
  return new Command('trace')
    .description("one event's path: accepted, routed, and each target's state and attempts")
    .argument('<eventId>')
    .requiredOption('--source <uri>', "the event's CloudEvents source, e.g. urn:erp-hub:source:hr")
    .action(async (eventId: string, o) => {
      const t = await ctx.api().call('GET', `/v1/events/${encodeURIComponent(eventId)}`, { source: o.source });
      ctx.print(t, () =>
        [
          `${t.event.type} ${t.event.id} (${t.event.tenant}, subject ${t.event.subject}): ${t.status}`,
          ...t.targets.map((x: any) => `  ${x.target}: ${x.state} after ${x.attempts} attempt(s)${x.lastError ? ` — ${x.lastError}` : ''}`),
        ].join('\n'),
      );
    });
}

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description('canonical schemas');
  schemas
    .command('check')
    .description('the compatibility gate: breaking changes against the last released schemas')
    .action(() => runTool([join(packageRoot(), 'dist', 'scripts', 'schemas-check.js')]));
  return schemas;
}

export function connectorCommand(): Command {
  const connector = new Command('connector').description('connectors');
  connector
    .command('new <name>')
    .description('scaffold a target connector whose generated tests pass')
    .option('--consumes <type>', 'the canonical type it takes')
    .option('--no-register', 'do not add it to the registry and tsconfig')
    .action((name: string, o) =>
      runTool([join(packageRoot(), 'scripts', 'connector-new.js'), name, ...(o.consumes ? ['--consumes', o.consumes] : []), ...(o.register === false ? ['--no-register'] : [])]),
    );
  return connector;
}
