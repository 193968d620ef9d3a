import pino, { Logger } from 'pino';

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

export function createLogger(level = 'info', base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'erp-hub', ...base }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
