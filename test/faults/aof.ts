// Simulates what a host crash costs Redis under `appendfsync everysec`: up to its last second of
// writes, which were in the page cache and never reached the disk. Redis 7 keeps a multi-part AOF
// (appendonlydir/: a base file, then incr files listed in the manifest); the suite records the
// current incr file's size every 100 ms while it runs, kills Redis, and cuts the file back to the
// size it had a second before the kill. Redis writes its AOF buffer with one write() per event-loop
// turn, so a size seen between two samples sits on a command boundary; if a cut ever lands mid-way,
// redis-check-aof --fix trims the broken tail, as an operator would.
import { execFile } from 'node:child_process';
import { readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AofSample {
  at: number;
  file: string;
  size: number;
}

/** The size `file` had at the latest sample no later than `at - lossMs`; 0 if it did not exist yet (a rewrite just started it). */
export function cutSize(samples: readonly AofSample[], file: string, at: number, lossMs: number): number {
  let size = 0;
  for (const s of samples) if (s.file === file && s.at <= at - lossMs) size = s.size;
  return size;
}

/** The incr file Redis appends to now: the last `type i` entry of the manifest. */
export function currentIncrFile(manifest: string): string | undefined {
  let file: string | undefined;
  for (const line of manifest.split('\n')) {
    const m = /^file (\S+) seq \d+ type i/.exec(line.trim());
    if (m) file = m[1];
  }
  return file;
}

export class AofRecorder {
  private samples: AofSample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly redisDir: string, private readonly everyMs = 100) {}

  private get aofDir(): string {
    return join(this.redisDir, 'appendonlydir');
  }

  private currentFile(): string | undefined {
    try {
      return currentIncrFile(readFileSync(join(this.aofDir, 'appendonly.aof.manifest'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  start(): void {
    this.samples = [];
    const sample = () => {
      const file = this.currentFile();
      if (!file) return;
      try {
        this.samples.push({ at: Date.now(), file, size: statSync(join(this.aofDir, file)).size });
      } catch {
        /* a rewrite renamed it meanwhile */
      }
      // Two seconds of history are all a cut needs.
      const keepFrom = Date.now() - 5_000;
      while (this.samples.length && this.samples[0].at < keepFrom) this.samples.shift();
    };
    sample();
    this.timer = setInterval(sample, this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * After Redis was killed at `killedAt`: cuts the current incr file back to its size `lossMs`
   * before. Answers what it cut, and whether redis-check-aof had to trim a broken tail.
   */
  async cutBack(killedAt: number, lossMs = 1_000): Promise<{ file: string; before: number; after: number; fixed: boolean }> {
    this.stop();
    const file = this.currentFile();
    if (!file) throw new Error(`no incr AOF file in ${this.aofDir}`);
    const path = join(this.aofDir, file);
    const before = statSync(path).size;
    const after = Math.min(before, cutSize(this.samples, file, killedAt, lossMs));
    truncateSync(path, after);
    let fixed = false;
    const check = await run('redis-check-aof', [path]).then(
      (r) => r.stdout,
      (err: { stdout?: string }) => err.stdout ?? '',
    );
    if (!/ is valid$/m.test(check)) {
      await run('bash', ['-c', `yes | redis-check-aof --fix '${path}'`]).catch(() => undefined);
      fixed = true;
    }
    return { file, before, after: statSync(path).size, fixed };
  }
}
