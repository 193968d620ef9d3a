import { join } from 'node:path';
import pino from 'pino';
import type { HubSettings, LiveLandscape } from '@hub/config';
import type { DedupeStore } from '@hub/delivery';
import type { EventBus } from '@hub/kafka';
import { SchemaRegistry } from '@hub/schema-registry';
import { joiner } from '@hub/testing';
import type { SourcePrincipal } from '../auth/principal';
import { ProblemException } from '@hub/http-problem';
import { IngestService } from './ingest.service';

const registry = SchemaRegistry.load(join(__dirname, '..', '..', '..', '..', 'schemas'));
const hr: SourcePrincipal = { kind: 'source', id: 'hr', tenants: ['fen'], types: ['hr.*'], sourceUris: new Set(['urn:erp-hub:source:hr']) };

/** A service whose duplicate check is `seen`, and which counts what it would publish. */
function serviceWith(seen: DedupeStore['seen']) {
  const published: unknown[] = [];
  const bus = { producer: () => ({ publish: async (m: unknown[]) => void published.push(...m) }) } as unknown as EventBus;
  const dedupe = { seen, markAccepted: async () => undefined } as unknown as DedupeStore;
  const landscape = { current: () => ({ version: 1 }) } as unknown as Pick<LiveLandscape, 'current'>;
  const settings = { topicPrefix: 'hub' } as HubSettings;
  return { service: new IngestService(bus, settings, pino({ level: 'silent' }), registry, dedupe, landscape), published };
}

describe('IngestService: a duplicate check Redis refuses', () => {
  it('answers 503 unavailable and publishes nothing', async () => {
    const { service, published } = serviceWith(async () => {
      throw Object.assign(new Error("OOM command not allowed when used memory > 'maxmemory'"), { name: 'ReplyError' });
    });
    const err = await service.ingest(hr, [joiner('fen', { id: 'e-1' })], false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).status).toBe(503);
    expect(published).toHaveLength(0);
  });

  it('publishes what the check answers as new', async () => {
    const { service, published } = serviceWith(async (keys) => keys.map(() => false));
    const answer = await service.ingest(hr, [joiner('fen', { id: 'e-2' })], false);
    expect(answer).toEqual([expect.objectContaining({ id: 'e-2', duplicate: false, landscapeVersion: 1 })]);
    expect(published).toHaveLength(1);
  });
});
