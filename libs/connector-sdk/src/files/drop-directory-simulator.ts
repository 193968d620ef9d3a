import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActiveFaults, Faults, SimRequest } from '../simulator/http-simulator';
import { ensureExchangeDirs, exchangeDirs, FileVerdict } from './file-exchange';

/**
 * A system that exchanges files, standing in for a legacy one: it watches `<dir>/in`, takes each
 * file the hub drops and answers in `<dir>/out` (see file-exchange.ts). Subclasses decide what a
 * file means (`take`). Like HttpSimulator it can fail (`.err`), reject (`.rej`), slow down, and go
 * down (the drop directory disappears, as an unmounted share would), and records every file.
 */
export abstract class DropDirectorySimulator {
  private timer?: NodeJS.Timeout;
  private busy = false;
  // Retry-After and "down for a while" are HTTP knobs; a file system is down with stop().
  private faults: Required<Omit<Faults, 'failForMs' | 'retryAfter' | 'failMatching'>> = { failNext: 0, failStatus: 503, rejectNext: 0, rejectStatus: 422, delayMs: 0 };
  private readonly answered = new Map<string, FileVerdict>();
  /** Every file taken, in order: `headers['idempotency-key']` is the key the file carried. */
  readonly calls: { request: SimRequest; status: number; at: string }[] = [];

  protected constructor(readonly name: string, readonly dir = join(tmpdir(), `sim-${name}-${randomBytes(4).toString('hex')}`), private readonly pollMs = 20) {}

  /** What a file means to the system: ack with a reference, or a refusal with the reason. */
  protected abstract take(fileName: string, content: string): FileVerdict | Promise<FileVerdict>;
  /** The idempotency key a file carries (in its name or its header record). */
  protected abstract keyOf(fileName: string, content: string): string | undefined;
  protected abstract clear(): void;
  abstract snapshot(): unknown;

  /** The target endpoint: the exchange directory. */
  get url(): string {
    return this.dir;
  }

  setFaults(f: Faults): void {
    this.faults = { ...this.faults, ...f };
  }

  reset(): void {
    this.faults = { failNext: 0, failStatus: 503, rejectNext: 0, rejectStatus: 422, delayMs: 0 };
    this.calls.length = 0;
    this.answered.clear();
    this.clear();
  }

  async start(): Promise<this> {
    if (this.timer) return this;
    const { inbox } = exchangeDirs(this.dir);
    if (existsSync(`${inbox}.offline`)) await rename(`${inbox}.offline`, inbox);
    await ensureExchangeDirs(this.dir);
    this.timer = setInterval(() => void this.sweep(), this.pollMs);
    return this;
  }

  /** Goes down: stops taking files and the drop directory disappears until start(). */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
    const { inbox } = exchangeDirs(this.dir);
    if (existsSync(inbox)) await rename(inbox, `${inbox}.offline`);
  }

  /** Stops and removes the directory (test clean-up). */
  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async sweep(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { inbox, outbox } = exchangeDirs(this.dir);
      const names = (await readdir(inbox).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
      for (const name of names) {
        const path = join(inbox, name);
        const content = await readFile(path, 'utf8');
        if (this.faults.delayMs > 0) await new Promise((r) => setTimeout(r, this.faults.delayMs));
        const verdict = await this.judge(name, content);
        await mkdir(outbox, { recursive: true });
        await writeFile(join(outbox, `${name}.${verdict.outcome}`), JSON.stringify(verdict.outcome === 'ack' ? { reference: verdict.reference } : { reason: verdict.reason }));
        await unlink(path);
        const status = verdict.outcome === 'ack' ? 200 : verdict.outcome === 'rej' ? this.faults.rejectStatus : this.faults.failStatus;
        this.calls.push({ request: { method: 'FILE', path: name, headers: { 'idempotency-key': this.keyOf(name, content) }, body: content }, status, at: new Date().toISOString() });
      }
    } finally {
      this.busy = false;
    }
  }

  private async judge(name: string, content: string): Promise<FileVerdict> {
    const previous = this.answered.get(name);
    if (previous) return previous;
    if (this.faults.failNext > 0) {
      this.faults.failNext--;
      return { outcome: 'err', reason: 'simulated import failure' };
    }
    if (this.faults.rejectNext > 0) {
      this.faults.rejectNext--;
      return { outcome: 'rej', reason: 'simulated rejection' };
    }
    const verdict = await this.take(name, content);
    if (verdict.outcome === 'ack') this.answered.set(name, verdict);
    return verdict;
  }
}
