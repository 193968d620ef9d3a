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

/** `destination` is for specs that read the lines back; the hub logs to stdout. */
export function createLogger(level = 'info', base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'erp-hub', ...base }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
