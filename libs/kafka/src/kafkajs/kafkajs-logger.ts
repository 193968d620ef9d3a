import { logLevel, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** Routes kafkajs logs into the hub's structured logger instead of its own console output. */
export function kafkajsLogCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (level === logLevel.ERROR) child.error(extra, message);
      else if (level === logLevel.WARN) child.warn(extra, message);
      else if (level === logLevel.INFO) child.info(extra, message);
      else child.debug(extra, message);
    };
}
