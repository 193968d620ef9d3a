import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '@hub/events';
import type { FileSourceConnector, ParsedFile } from '../files/file-source';
import { sourceUrn } from '../source-connector';

/**
 * Reads `content` as the gateway would hand it to a file source: named `fileName`, in `tenant`'s
 * drop directory, with the sha256 of its bytes and the connector's own CloudEvents source.
 */
export function readDropFile(source: FileSourceConnector, content: string, fileName: string, tenant = 'fen'): ParsedFile {
  const fileHash = createHash('sha256').update(content).digest('hex');
  return source.parseFile(content, { tenant, source: sourceUrn(source.manifest.name), fileName, fileHash });
}

/** Every event a parsed file gives, in record order. */
export const eventsOf = (parsed: ParsedFile): CanonicalEvent[] => parsed.records.flatMap((r) => ('events' in r ? r.events : []));

/** Every record a parsed file refused, with its line. */
export const errorsOf = (parsed: ParsedFile): { line: number; error: string }[] => parsed.records.flatMap((r) => ('error' in r ? [{ line: r.line, error: r.error }] : []));
