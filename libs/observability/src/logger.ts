import pino, { DestinationStream, Logger } from 'pino';

/**
 * Paths never written to logs: event payloads (personal data) and credentials. Code logs ids
 * (tenant, eventId, jobId), not payloads; these paths catch the mistake when it is made anyway.
 */
export const REDACT_PATHS = [
  'data',
  '*.data',
  'event.data',
  'payload',
  '*.payload',
  'authorization',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** How a log's lines reach its file descriptor (LOG_SYNC, LOG_FLUSH_MS). */
export interface LogWrites {
  /** Each line written at once, one write(2) a line (LOG_SYNC=true). */
  sync: boolean;
  /** Buffered: the longest a line waits in memory before it is written. */
  flushMs: number;
}

export const BUFFERED_LOG: LogWrites = { sync: false, flushMs: 250 };

/** A buffered log writes once this much has gathered, or when its flushMs runs out (below sonic-boom's largest write, 16 KiB). */
export const LOG_BLOCK_BYTES = 8 * 1024;

/**
 * Where the hub's lines go: `dest` (standard output, 1, by default), written in blocks. Lines wait
 * in memory until LOG_BLOCK_BYTES of them are there or `flushMs` has passed, so a busy process
 * makes one write(2) for dozens of lines instead of one for each: on a VM a system call costs more
 * than the line it writes (BENCHMARKS.md, "The single-event path"). What is buffered is written on
 * exit, a crash's included (pino's exit hooks); a SIGKILL loses at most the last `flushMs`. With
 * `sync`, every line is written before the call that logged it returns.
 */
export function logDestination(writes: LogWrites = BUFFERED_LOG, dest: number | string = 1): DestinationStream {
  if (writes.sync) return pino.destination({ dest, sync: true });
  const stream = pino.destination({ dest, sync: false, minLength: LOG_BLOCK_BYTES });
  // A write under way takes what is buffered with it; flush() then does nothing.
  const timer = setInterval(() => stream.flush(), writes.flushMs);
  timer.unref();
  stream.on('close', () => clearInterval(timer));
  return stream;
}

/** `destination` is for specs that read the lines back; the hub logs to stdout, buffered (logDestination). */
export function createLogger(level = 'info', base: Record<string, unknown> = {}, destination: DestinationStream | LogWrites = BUFFERED_LOG): Logger {
  const options = { level, base: { service: 'erp-hub', ...base }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return pino(options, 'write' in destination ? destination : logDestination(destination));
}
