import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { CliContext } from './cli-context';
import { backfillCommand } from './commands/backfill.command';
import { dlqCommand } from './commands/dlq.command';
import { parallelCommand } from './commands/parallel.command';
import { cutoverCommand, landscapeCommand } from './commands/landscape.command';
import { quarantineCommand } from './commands/quarantine.command';
import { reconcileCommand } from './commands/reconcile.command';
import { targetCommand } from './commands/target.command';
import { auditCommand, connectorCommand, schemasCommand, traceCommand } from './commands/tools.command';
import { CliSettings, CliUsageError, hubVersion, parseTimeoutMs, readCliSettings } from './cli-settings';
import { HubApiClient, HubApiError, HubCallError } from './hub-api.client';

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
 * Settings come from the environment (cli-settings.ts), each overridden by its global option.
 * Prints text (tables and short lines); JSON only with --json, failures then too (on stderr).
 * Resolves to the exit code: 0 done, 1 refused or failed, 2 bad usage, 3 no answer from the hub
 * (unreachable, or nothing within the timeout).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const jsonAsked = () => program.opts().json === true;
  const fail = (err: Error & { exitCode?: number }, exitCode: number) => {
    if (jsonAsked()) io.err(JSON.stringify({ error: err.message, exitCode, ...(err instanceof HubApiError ? { status: err.status, problem: err.problem } : {}) }));
    else io.err(`hub: ${err.message}`);
    return exitCode;
  };
  let settings: CliSettings;
  try {
    settings = readCliSettings(io.env);
  } catch (err) {
    io.err(`hub: ${(err as Error).message}`);
    return 2;
  }
  const program: Command = new Command('hub')
    .description('ERP integration hub: dead letters, quarantined messages, targets, parallel runs, the landscape and cutovers, backfills, reconciliation, traces, audit, schemas and connectors')
    .version(hubVersion(), '-V, --version', 'the hub version')
    .option('--url <url>', 'the hub API (default: HUB_URL)', settings.url)
    .option('--token <token>', 'an ops token (default: HUB_TOKEN)')
    .option('--timeout <ms>', 'how long each call to the API may take, its answer included (default: HUB_TIMEOUT_MS)', (raw) => {
      try {
        return parseTimeoutMs(raw, '--timeout');
      } catch (err) {
        throw new InvalidArgumentError((err as Error).message);
      }
    }, settings.timeoutMs)
    .option('--json', 'print JSON instead of text (failures too, on stderr)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const ctx: CliContext = {
    api() {
      const o = program.opts();
      const token = o.token ?? settings.token;
      if (!token) throw new Error('no ops token: set HUB_TOKEN or pass --token');
      return new HubApiClient(o.url, token, o.timeout);
    },
    print(value, human) {
      io.out(jsonAsked() ? JSON.stringify(value, null, 2) : human());
    },
    json: jsonAsked,
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
    .addCommand(schemasCommand(ctx))
    .addCommand(connectorCommand(ctx));
  for (const c of program.commands) c.exitOverride();
  for (const c of program.commands.flatMap((c) => c.commands)) c.exitOverride();

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliUsageError) return fail(err, 2);
    if (err instanceof HubCallError) return fail(err, err.exitCode);
    return fail(err as Error, 1);
  }
}
