// The file protocol of systems that only exchange files (legacy duty management, batch imports):
//   <endpoint>/in/<name>         the hub drops a file here (written under a dot-name, then renamed,
//                                so the system never picks up half a file);
//   <endpoint>/out/<name>.ack    the system took it: { "reference": "…" };
//   <endpoint>/out/<name>.rej    the system refused it for good: { "reason": "…" };
//   <endpoint>/out/<name>.err    the system could not take it now (import job failed): retry later.
// The file name carries the idempotency key, so a retry or replay never produces a second file.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryErrorCode } from '../errors/delivery-error-code';
import { PermanentDeliveryError } from '../errors/permanent-delivery.error';
import { TransientDeliveryError } from '../errors/transient-delivery.error';

export type FileVerdict = { outcome: 'ack'; reference?: string } | { outcome: 'rej' | 'err'; reason: string };

export const exchangeDirs = (endpoint: string) => ({ inbox: join(endpoint, 'in'), outbox: join(endpoint, 'out') });

async function answerFor(outbox: string, name: string): Promise<FileVerdict | undefined> {
  for (const outcome of ['ack', 'rej', 'err'] as const) {
    const path = join(outbox, `${name}.${outcome}`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const body = (text ? JSON.parse(text) : {}) as { reference?: string; reason?: string };
    return outcome === 'ack' ? { outcome, reference: body.reference } : { outcome, reason: body.reason ?? 'no reason given' };
  }
  return undefined;
}

/**
 * Drops `content` as `name` and waits up to `timeoutMs` for the system's answer. Resolves on an ack
 * (also one left by an earlier attempt); throws PermanentDeliveryError on a refusal and
 * TransientDeliveryError when the directory cannot be written, the import failed, or no answer came.
 */
export async function exchangeFile(endpoint: string, name: string, content: string, o: { timeoutMs: number; pollMs?: number }): Promise<{ reference?: string }> {
  const { inbox, outbox } = exchangeDirs(endpoint);
  const earlier = await answerFor(outbox, name);
  if (earlier?.outcome === 'ack') return { reference: earlier.reference };
  // A refusal or failure left by an earlier attempt is cleared: the worker never retries a refusal
  // by itself, so getting here again means ops replayed it after fixing the cause.
  if (earlier) await unlink(join(outbox, `${name}.${earlier.outcome}`)).catch(() => undefined);
  const dropped = join(inbox, name);
  if (!existsSync(dropped)) {
    try {
      const temp = join(inbox, `.${name}.part`);
      await writeFile(temp, content, 'utf8');
      await rename(temp, dropped);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new TransientDeliveryError(DeliveryErrorCode.TargetUnreachable, `cannot drop ${name} into ${inbox}: ${code}`);
    }
  }
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const answer = await answerFor(outbox, name);
    if (answer?.outcome === 'ack') return { reference: answer.reference };
    if (answer?.outcome === 'rej') throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, `${name} refused: ${answer.reason}`);
    if (answer?.outcome === 'err') {
      await unlink(join(outbox, `${name}.err`)).catch(() => undefined);
      throw new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, `${name} failed to import: ${answer.reason}`);
    }
    // Still waiting for pickup: the file stays, and the next attempt waits on the same one.
    if (Date.now() >= deadline) throw new TransientDeliveryError(DeliveryErrorCode.TargetTimeout, `${name} not taken within ${o.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 25));
  }
}

/** Creates the exchange directories (simulators and first-time setup). */
export async function ensureExchangeDirs(endpoint: string): Promise<void> {
  const { inbox, outbox } = exchangeDirs(endpoint);
  await mkdir(inbox, { recursive: true });
  await mkdir(outbox, { recursive: true });
}
