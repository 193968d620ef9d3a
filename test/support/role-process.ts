import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@hub/testing';
import { repoRoot } from './demo-env';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** One hub role running as its own OS process, from the TypeScript sources (test/support/ts-register.js). */
export class RoleProcess {
  private exited?: Promise<number | null>;

  private constructor(readonly role: string, readonly opsUrl: string, private readonly child: ChildProcess, readonly logFile: string) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Starts `node apps/hub/src/main.ts` with HUB_ROLES=`role`, the landscape given as a file, and
   * OPS_PORT for its health; resolves once /health/ready answers 200.
   */
  static async start(role: string, config: unknown, env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<RoleProcess> {
    const root = repoRoot();
    const dir = mkdtempSync(join(tmpdir(), `hub-${role}-`));
    const configFile = join(dir, 'landscape.json');
    writeFileSync(configFile, JSON.stringify(config));
    const port = await freePort();
    const logFile = join(dir, 'log.ndjson');
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, ['-r', join(root, 'test', 'support', 'ts-register.js'), join(root, 'apps', 'hub', 'src', 'main.ts')], {
      cwd: root,
      env: { ...env, HUB_ROLES: role, HUB_CONFIG: configFile, OPS_PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const p = new RoleProcess(role, `http://127.0.0.1:${port}`, child, logFile);
    try {
      await waitFor(`${role} process ready (log: ${logFile})`, async () => {
        if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}; see ${logFile}`);
        const res = await fetch(`${p.opsUrl}/health/ready`).catch(() => undefined);
        return res?.status === 200;
      }, timeoutMs, 200);
    } catch (err) {
      await p.kill();
      throw err;
    }
    return p;
  }

  /** SIGTERM (a graceful stop), or SIGKILL; resolves when the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}
