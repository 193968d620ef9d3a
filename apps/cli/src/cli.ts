import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context';
import { backfillCommand } from './commands/backfill.command';
import { dlqCommand } from './commands/dlq.command';
import { parallelCommand } from './commands/parallel.command';
import { cutoverCommand, landscapeCommand } from './commands/landscape.command';
import { quarantineCommand } from './commands/quarantine.command';
import { reconcileCommand } from './commands/reconcile.command';
import { targetCommand } from './commands/target.command';
import { auditCommand, connectorCommand, schemasCommand, traceCommand } from './commands/tools.command';
import { HubApiClient } from './hub-api.client';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** The output is a terminal: progress bars are redrawn in place (else a plain line per update). */
  isTTY?: boolean;
  /** Writes without a newline (a progress bar's redraw); `out` otherwise. */
  write?(text: string): void;
  sleep?(ms: number): Promise<void>;
}

/**
 * `hub …`: the ops CLI. It calls the hub's API with the caller's ops token (HUB_TOKEN or --token),
 * so it has exactly the roles and tenants of that token, and every action is audited there.
 * Resolves to the exit code: 0 done, 1 refused or failed, 2 bad usage.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command('hub')
    .description('ERP integration hub: dead letters, quarantined messages, targets, parallel runs, the landscape and cutovers, backfills, reconciliation, traces, audit, schemas and connectors')
    .option('--url <url>', 'the hub API', io.env.HUB_URL ?? 'http://127.0.0.1:3000')
    .option('--token <token>', 'an ops token (default: HUB_TOKEN)')
    .option('--json', 'print JSON instead of text')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const ctx: CliContext = {
    api() {
      const o = program.opts();
      const token = o.token ?? io.env.HUB_TOKEN;
      if (!token) throw new Error('no ops token: set HUB_TOKEN or pass --token');
      return new HubApiClient(o.url, token);
    },
    print(value, human) {
      io.out(program.opts().json ? JSON.stringify(value, null, 2) : human());
    },
    json: () => program.opts().json === true,
    tty: io.isTTY === true,
    write: (text) => (io.write ? io.write(text) : io.out(text)),
    out: (text) => io.out(text),
    sleep: io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
  };
  program
    .addCommand(dlqCommand(ctx))
    .addCommand(quarantineCommand(ctx))
    .addCommand(targetCommand(ctx))
    .addCommand(parallelCommand(ctx))
    .addCommand(cutoverCommand(ctx))
    .addCommand(landscapeCommand(ctx))
    .addCommand(backfillCommand(ctx))
    .addCommand(reconcileCommand(ctx))
    .addCommand(traceCommand(ctx))
    .addCommand(auditCommand(ctx))
    .addCommand(schemasCommand())
    .addCommand(connectorCommand());
  for (const c of program.commands) c.exitOverride();
  for (const c of program.commands.flatMap((c) => c.commands)) c.exitOverride();

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    io.err(`hub: ${(err as Error).message}`);
    return 1;
  }
}
