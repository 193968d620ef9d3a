// The hub as production runs it: api, router and worker each its own OS process
// (node dist/apps/hub/src/main.js with HUB_ROLES), which the suite kills and starts again. Used by
// the fault suite (itself built into dist/) and by integration specs (test/integration/replicas).
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@hub/testing';

/**
 * The hub this build made: beside this file when it runs from dist/ (the fault suite), else the
 * repository's dist/ (a spec under jest; test/support/hub-build.ts builds it). FAULTS_HUB_MAIN
 * points at another build's (to compare before and after a change).
 */
export const HUB_MAIN =
  process.env.FAULTS_HUB_MAIN ?? (__filename.endsWith('.js') ? join(__dirname, '..', '..', 'apps', 'hub', 'src', 'main.js') : join(__dirname, '..', '..', 'dist', 'apps', 'hub', 'src', 'main.js'));

export type Role = 'api' | 'router' | 'worker';
export const ROLES: Role[] = ['api', 'router', 'worker'];

export interface RoleExit {
  role: Role;
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed by the suite on purpose; anything else is a role that did not survive a fault. */
  expected: boolean;
}

/** One role's process: started, killed and started again, with its output appended to a log file. */
export class RoleProcess {
  private child?: ChildProcess;
  private killing = false;

  constructor(
    readonly role: Role,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
    private readonly onExit: (exit: RoleExit) => void,
    /** Its log file's name (`<name>.log`), when a role runs more than once: `api-2`, say. */
    readonly name: string = role,
  ) {}

  /** /health/ready: the API's own, or the ops server of a router or worker. */
  get readyUrl(): string {
    return `http://127.0.0.1:${this.port}/health/ready`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) return;
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(this.logFile, 'a');
    const portEnv = this.role === 'api' ? { PORT: String(this.port) } : { OPS_PORT: String(this.port) };
    const child = spawn(process.execPath, [HUB_MAIN], { env: { ...process.env, ...this.env, ...portEnv, HUB_ROLES: this.role }, stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.killing = false;
    child.once('exit', (code, signal) => this.onExit({ role: this.role, at: Date.now(), code, signal, expected: this.killing }));
  }

  get logFile(): string {
    return join(this.logDir, `${this.name}.log`);
  }

  async ready(timeoutMs = 120_000): Promise<void> {
    await waitFor(`${this.name} ready at ${this.readyUrl} (log: ${this.logFile})`, async () => {
      if (!this.running) throw new Error(`${this.name} is not running`);
      const res = await fetch(this.readyUrl, { signal: AbortSignal.timeout(3_000) });
      await res.arrayBuffer();
      return res.ok;
    }, timeoutMs, 100);
  }

  /** Sends `signal` and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.killing = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(force);
  }
}
