import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@hub/testing';

/** Where the bench keeps what it writes that is not a result: logs, the landscape, the peer binary. */
export const BENCH_DIR = join(__dirname, '..', '..', '..', '.bench');

const children = new Set<ChildProcess>();

/** The log file of the child named `name`. */
export const logOf = (name: string) => join(BENCH_DIR, 'logs', `${name}.log`);

/** A child process the bench started, with its output in .bench/logs/<name>.log. */
export interface Child {
  name: string;
  process: ChildProcess;
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Starts `command args` with `env` added to the bench's own, logging to .bench/logs/<name>.log. */
export function startChild(name: string, command: string, args: string[], env: Record<string, string> = {}): Child {
  mkdirSync(join(BENCH_DIR, 'logs'), { recursive: true });
  // The child writes its log file itself: piped through the bench, every log line would cost the
  // load generator's process CPU in the middle of a measurement.
  const log = openSync(logOf(name), 'a');
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { name, process: child, rssMiB: () => rssMiB(child.pid!), stop: () => stopChild(child) };
}

/** Resident set size of a live process, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Kills whatever is still running; the bench calls it on every way out. */
export function killAllChildren(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** Resolves once GET `url` answers 2xx, or fails naming the child whose log to read. */
export async function waitHealthy(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const exited = () => child.process.exitCode !== null || child.process.signalCode !== null;
  await waitFor(`${child.name} at ${url} (log: .bench/logs/${child.name}.log)`, async () => !exited() && (await fetch(url)).ok, timeoutMs, 100).catch((err) => {
    throw exited() ? new Error(`${child.name} exited (${child.process.exitCode ?? child.process.signalCode}); see .bench/logs/${child.name}.log`) : err;
  });
}
