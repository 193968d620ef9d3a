// The contract-test kit every source connector runs (webhooks or files), in its own spec:
//   describeSourceContract({ connector, tenant: 'fen', samples: [...], badInputs: [...] });
// It proves that:
//  - the manifest names only canonical types it produces;
//  - every sample becomes events of those types, for the tenant given, valid against the schemas;
//  - reading the same input again gives the same event ids (so a re-sent webhook or re-read file
//    is de-duplicated by the hub);
//  - input the connector cannot read is refused with its reason, never an unclassified exception:
//    a webhook by SourceInputError, a file by a record error (line and reason) or a file error.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { FileSourceConnector, ParsedFile, SourceConnector, SourceInputError, sourceUrn } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { SchemaRegistry } from '@hub/schema-registry';

export interface SourceSample {
  name: string;
  /** A webhook body (object), or a file's content (string) for file sources. */
  input: unknown;
  /** For file sources: the file's name, which must match the connector's pattern. */
  fileName?: string;
}

export interface SourceContractSubject {
  connector: SourceConnector | FileSourceConnector;
  tenant: string;
  samples: SourceSample[];
  /** Inputs the connector must refuse, each with the reason it must give. */
  badInputs: (SourceSample & { reason: RegExp })[];
}

const schemasDir = join(__dirname, '..', '..', '..', 'schemas');
const isFileSource = (c: SourceConnector | FileSourceConnector): c is FileSourceConnector => 'parseFile' in c;

export function describeSourceContract(subject: SourceContractSubject): void {
  const { connector, tenant } = subject;
  const registry = SchemaRegistry.load(schemasDir);
  const m = connector.manifest;
  const source = sourceUrn(m.name);

  const read = (s: SourceSample): { events: CanonicalEvent[]; parsed?: ParsedFile } => {
    if (!isFileSource(connector)) return { events: connector.toEvents(s.input, { tenant, source }) };
    const content = s.input as string;
    const fileName = s.fileName ?? 'unnamed';
    const parsed = connector.parseFile(content, { tenant, source, fileName, fileHash: createHash('sha256').update(content).digest('hex') });
    return { parsed, events: parsed.records.flatMap((r) => ('events' in r ? r.events : [])) };
  };

  describe(`${m.name} source contract`, () => {
    it('declares a source manifest that names only canonical types', () => {
      expect(m.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(['source', 'both']).toContain(m.direction);
      expect(m.produces.length).toBeGreaterThan(0);
      expect(m.produces.filter((t) => !registry.has(t))).toEqual([]);
    });

    it.each(subject.samples.map((s) => [s.name, s] as const))('turns %s into valid canonical events', (_, s) => {
      if (isFileSource(connector)) expect(s.fileName).toMatch(connector.filePattern);
      const { events, parsed } = read(s);
      if (parsed) {
        expect(parsed.fileError).toBeUndefined();
        expect(parsed.records.filter((r) => 'error' in r)).toEqual([]);
      }
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) {
        expect(m.produces).toContain(e.type);
        expect(e).toMatchObject({ specversion: '1.0', tenant, source, id: expect.stringMatching(/\S/) });
        expect({ type: e.type, id: e.id, problems: registry.validate(e.type, e.data) }).toEqual({ type: e.type, id: e.id, problems: [] });
      }
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    });

    it('gives the same event ids when the same input is read again', () => {
      for (const s of subject.samples) expect(read(s).events.map((e) => e.id)).toEqual(read(s).events.map((e) => e.id));
    });

    it.each(subject.badInputs.map((s) => [s.name, s] as const))('refuses %s with its reason', (_, s) => {
      if (!isFileSource(connector)) {
        let err: unknown;
        try {
          connector.toEvents(s.input, { tenant, source });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(SourceInputError);
        expect((err as Error).message).toMatch(s.reason);
        return;
      }
      const { parsed } = read(s);
      const reasons = [parsed!.fileError, ...parsed!.records.map((r) => ('error' in r ? `line ${r.line}: ${r.error}` : undefined))].filter(Boolean);
      expect(reasons.join('\n')).toMatch(s.reason);
    });
  });
}
