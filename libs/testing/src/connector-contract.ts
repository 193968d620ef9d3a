// The contract-test kit every target connector runs (in its own spec):
//   describeTargetContract({ connector, simulator: (tenant) => new MySimulator(tenant), tenant: 'fen' });
// It proves, against the canonical fixtures and the connector's own simulator, that:
//  - the manifest names only canonical types, and the connector refuses the others as unsupported;
//  - every valid fixture of every consumed type maps to the system's format, or fails classified
//    as a permanent mapping failure (never an unclassified exception);
//  - deliveries reach the simulator carrying the idempotency key, and a repeat with the same key is safe;
//  - the system's faults are classified: 5xx and down → transient (retried), 4xx → permanent (dead letter).
import type { TargetConfig } from '@hub/config';
import { canonicalSchemas, validSamples } from '@hub/connector-sdk/testing';
import { DeliveryErrorCode, Faults, PermanentDeliveryError, SimRequest, TargetConnector, TransientDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { rejection } from './rejection';

/** What the kit needs of a simulator: HttpSimulator and DropDirectorySimulator both are one. */
export interface ContractSimulator {
  /** The target endpoint: a base URL, or the exchange directory of a file system. */
  readonly url: string;
  readonly calls: { request: SimRequest; status: number }[];
  start(): Promise<unknown>;
  stop(): Promise<void>;
  setFaults(f: Faults): void;
}

export interface TargetContractSubject<TRecord> {
  connector: TargetConnector<TRecord>;
  /** A fresh, not yet started simulator of the connector's system for `tenant`. */
  simulator: (tenant: string) => ContractSimulator;
  tenant: string;
  /** Passed as the target's credential, for connectors whose manifest requires one. */
  credential?: string;
  /** Checks that a mapped record is in the system's own format (throws or fails an expect when not). */
  checkRecord?: (record: TRecord, event: CanonicalEvent) => void;
}

/** Every valid fixture and example of a type, as data (the SDK's testing entry defines it). */
export { validSamples };

function eventOf(type: string, data: unknown, tenant: string, n: number): CanonicalEvent {
  return { specversion: '1.0', id: `contract-${type}-${n}`, source: 'urn:erp-hub:contract-kit', type, subject: `SUBJ-${n}`, tenant, data };
}


export function describeTargetContract<TRecord>(subject: TargetContractSubject<TRecord>): void {
  const { connector, tenant } = subject;
  const registry = canonicalSchemas();
  const m = connector.manifest;

  describe(`${m.name} connector contract`, () => {
    it('declares a target manifest that names only canonical types', () => {
      expect(m.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(['target', 'both']).toContain(m.direction);
      expect(m.consumes.length).toBeGreaterThan(0);
      expect(m.consumes.filter((t) => !registry.has(t))).toEqual([]);
    });

    it('refuses a type it does not consume as a permanent unsupported-event', () => {
      const other = registry.types().find((t) => !m.consumes.includes(t))!;
      const err = (() => {
        try {
          connector.map(eventOf(other, validSamples(registry, other)[0].data, tenant, 0));
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect(err).toMatchObject({ code: DeliveryErrorCode.UnsupportedEvent });
    });

    const samples = m.consumes.flatMap((type) => validSamples(registry, type).map((s, i) => ({ type, ...s, n: i })));
    it.each(samples.map((s) => [`${s.type} ${s.name}`, s] as const))('maps %s, or fails classified', (_, s) => {
      const event = eventOf(s.type, s.data, tenant, s.n);
      let record: TRecord;
      try {
        record = connector.map(event);
      } catch (err) {
        // A fact the system cannot hold is allowed, but only as a classified, explained mapping failure.
        expect(err).toBeInstanceOf(PermanentDeliveryError);
        expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, message: expect.any(String) });
        return;
      }
      expect(record).toBeDefined();
      subject.checkRecord?.(record, event);
    });

    describe('against its simulator', () => {
      const sim = subject.simulator(tenant);
      let target: TargetConfig;
      beforeAll(async () => {
        await sim.start();
        target = { id: `${m.name}-${tenant}`, tenant, connector: m.name, endpoint: sim.url, timeoutMs: 1_000, concurrency: 1, ordering: 'none', retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 10 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } };
      });
      afterAll(() => sim.stop());

      const deliverable = () => {
        for (const type of m.consumes) {
          for (const [n, s] of validSamples(registry, type).entries()) {
            const event = eventOf(type, s.data, tenant, 1000 + n);
            try {
              connector.map(event);
              return event;
            } catch {
              /* try the next sample */
            }
          }
        }
        throw new Error('no valid fixture maps: the contract needs at least one deliverable event');
      };

      it('delivers with the idempotency key, and a repeat with the same key is safe', async () => {
        const event = deliverable();
        const key = `${target.id}.contract-key-1`;
        // A connector may make several calls for one event (one per person involved); each carries
        // the delivery's key or a key derived from it, so the system can drop every repeat.
        const carriesKey = (k: unknown) => k === key || (typeof k === 'string' && k.startsWith(`${key}.`));
        const keysSince = (n: number) => sim.calls.slice(n).map((c) => c.request.headers['idempotency-key']);
        const before = sim.calls.length;
        const first = await connector.deliver(event, { target, credential: subject.credential, idempotencyKey: key, attempt: 1, extensions: event.extensions ?? {} });
        expect(first.status).toBeGreaterThanOrEqual(200);
        expect(first.status).toBeLessThan(300);
        const firstKeys = keysSince(before);
        expect(firstKeys.length).toBeGreaterThan(0);
        expect(firstKeys.filter((k) => !carriesKey(k))).toEqual([]);
        // The repeat (a retry or replay) either reaches the system with the same keys, or is answered
        // from the system's earlier acknowledgement (file systems) without sending anything new.
        const middle = sim.calls.length;
        const again = await connector.deliver(event, { target, credential: subject.credential, idempotencyKey: key, attempt: 2, extensions: event.extensions ?? {} });
        expect(again.status).toBeLessThan(300);
        expect(keysSince(middle).filter((k) => !carriesKey(k))).toEqual([]);
      });

      it('classifies a failure of the system (5xx, failed import) as transient', async () => {
        sim.setFaults({ failNext: 1, failStatus: 503 });
        const err = await rejection(connector.deliver(deliverable(), { target, credential: subject.credential, idempotencyKey: `${target.id}.k503`, attempt: 1, extensions: {} }));
        expect(err).toBeInstanceOf(TransientDeliveryError);
      });

      it('classifies a 4xx rejection as permanent', async () => {
        sim.setFaults({ rejectNext: 1, rejectStatus: 422 });
        const err = await rejection(connector.deliver(deliverable(), { target, credential: subject.credential, idempotencyKey: `${target.id}.k422`, attempt: 1, extensions: {} }));
        expect(err).toBeInstanceOf(PermanentDeliveryError);
        expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected });
      });

      it('classifies a system that is down as transient', async () => {
        await sim.stop();
        const err = await rejection(connector.deliver(deliverable(), { target, credential: subject.credential, idempotencyKey: `${target.id}.kdown`, attempt: 1, extensions: {} }));
        await sim.start();
        expect(err).toBeInstanceOf(TransientDeliveryError);
        expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnreachable });
      });
    });
  });
}
