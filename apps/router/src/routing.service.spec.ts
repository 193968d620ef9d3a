import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppliedLandscape, HubConfig, LiveLandscape, TargetConfig } from '@hub/config';
import type { DeliveryQueues, DeliveryRequest } from '@hub/delivery';
import { CanonicalEvent, keyOfEvent, toKafkaMessage } from '@hub/events';
import { type InboundMessage, LANDSCAPE_VERSION_HEADER } from '@hub/kafka';
import { AcceptedRow, DeliveryKey, DeliveryLedger, QuarantineRow, RoutedRow, writeAllButRefused } from '@hub/ledger';
import { SchemaRegistry } from '@hub/schema-registry';
import { RoutingService } from './routing.service';

const registry = SchemaRegistry.load(join(__dirname, '../../../schemas'));
const JOINED = 'hr.employee.joined.v1';
const example = registry.get(JOINED)!.schema.examples![0 as never] as Record<string, unknown>;
const retry = { attempts: 3, backoffMs: 10, maxBackoffMs: 100 };
const target = (id: string, tenant: string): TargetConfig => ({ id, tenant, connector: 'payroll', endpoint: 'http://127.0.0.1:1', timeoutMs: 100, concurrency: 1, ordering: 'subject', retry, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } });
const config: HubConfig = {
  tenants: [{ code: 'fen', name: 'Fenland' }, { code: 'moor', name: 'Moorside' }],
  sources: [],
  opsUsers: [],
  targets: [target('payroll-fen', 'fen'), target('payroll-moor', 'moor')],
  routes: [{ tenant: 'fen', type: JOINED, targets: ['payroll-fen'] }, { tenant: 'moor', type: JOINED, targets: ['payroll-moor'] }],
  gateway: { webhooks: [], fileDrops: [] },
  migrations: [],
};

/** The cutover of fen's joiners: version 2 sends them to cloud-fen, with payroll-fen kept as a shadow. */
const cutOver: HubConfig = {
  ...config,
  targets: [...config.targets, { ...target('cloud-fen', 'fen'), connector: 'cloud-erp', ordering: 'subject' }],
  routes: [{ tenant: 'fen', type: 'hr.*', targets: ['cloud-fen'], shadow: ['payroll-fen'] }, config.routes[1]],
};

/** A landscape at version `current` of these, and how often each version was asked for. */
function landscapeOf(versions: Record<number, HubConfig>, current: number) {
  const applied = new Map(Object.entries(versions).map(([v, c]) => [Number(v), { version: Number(v), config: c, document: {}, credentials: new Map() } as AppliedLandscape]));
  const asked: number[] = [];
  const landscape: LiveLandscape = {
    current: () => applied.get(current)!,
    at: async (v) => (asked.push(v), applied.get(v)),
    onChange: () => () => undefined,
  };
  return { landscape, asked };
}
const connectors = new Map(['payroll', 'cloud-erp'].map((name) => [name, { manifest: { consumes: [JOINED] } }])) as never;

let offset = 0;
const joiner = (tenant: string, over: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  specversion: '1.0', id: `evt-${++offset}`, source: 'urn:erp-hub:source:hr', type: JOINED, subject: `${tenant.toUpperCase()}-${offset}`, tenant, time: '2026-11-23T10:00:00.000Z', data: example, ...over,
});
function inbound(e: CanonicalEvent, landscapeVersion?: string): InboundMessage {
  const m = toKafkaMessage(e, JOINED);
  const headers = landscapeVersion === undefined ? m.headers : { ...m.headers, [LANDSCAPE_VERSION_HEADER]: landscapeVersion };
  return { topic: JOINED, partition: 0, offset: String(++offset), key: m.key, value: Buffer.from(m.value), headers, timestamp: '1790000000000', orderKey: 1790000000000000 + offset };
}
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** The router's service over fakes of its stores, recording the order of every write. */
function setup(o: { landscape?: LiveLandscape; accepted?: (rows: readonly AcceptedRow[]) => Error | undefined; queued?: Error; quarantined?: Error; enqueue?: Error; ledgerSays?: (rows: readonly RoutedRow[]) => { queued: DeliveryKey[] } } = {}) {
  const writes: string[] = [];
  const accepted: AcceptedRow[] = [];
  const queued: RoutedRow[] = [];
  const quarantined: QuarantineRow[] = [];
  const enqueued: DeliveryRequest[] = [];
  const recordAccepted = async (rows: readonly AcceptedRow[]) => {
    writes.push('events');
    const err = o.accepted?.(rows);
    if (err) throw err;
    accepted.push(...rows);
  };
  const ledger = {
    recordAcceptedAllButRefused: (rows: readonly AcceptedRow[]) => writeAllButRefused(rows, recordAccepted),
    recordRouted: async (_accepted: readonly AcceptedRow[], rows: readonly RoutedRow[]) => {
      writes.push('deliveries');
      if (o.queued) throw o.queued;
      queued.push(...rows);
      return o.ledgerSays ? o.ledgerSays(rows) : { queued: rows.map((r) => ({ eventKey: r.eventKey, target: r.target })) };
    },
    recordQuarantined: async (rows: QuarantineRow[]) => {
      writes.push('quarantine');
      if (o.quarantined) throw o.quarantined;
      quarantined.push(...rows);
      return rows.map((r, i) => ({ id: String(i + 1), topic: r.topic, partition: r.partition, offset: r.offset, reason: r.reason, tenant: r.tenant, timesQuarantined: 1 }));
    },
  };
  const queues = {
    know: jest.fn(),
    enqueue: async (requests: DeliveryRequest[]) => {
      writes.push('jobs');
      if (o.enqueue) throw o.enqueue;
      enqueued.push(...requests);
    },
  };
  const logger = { warn: jest.fn(), error: jest.fn() };
  const landscape = o.landscape ?? landscapeOf({ 1: config }, 1).landscape;
  const sut = new RoutingService(landscape, logger as unknown as Logger, queues as unknown as DeliveryQueues, ledger as unknown as DeliveryLedger, registry, connectors);
  return { sut, writes, accepted, queued, quarantined, enqueued, logger, queues };
}

describe('RoutingService', () => {
  it('records deliveries in acceptance order with their order keys, and enqueues only what the ledger says is queued', async () => {
    const [a, b] = [joiner('fen'), joiner('moor')];
    const { sut, queued, enqueued, writes } = setup({ ledgerSays: (rows) => ({ queued: [{ eventKey: rows[1].eventKey, target: rows[1].target }] }) });
    await sut.route({ messages: [inbound(a), inbound(b)] });
    expect(queued.map((r) => [r.target, r.subject, r.ordered])).toEqual([['payroll-fen', a.subject, true], ['payroll-moor', b.subject, true]]);
    expect((queued as RoutedRow[])[0].orderKey).toBeLessThan((queued as RoutedRow[])[1].orderKey);
    expect(enqueued.map((r) => r.data.event.id)).toEqual([b.id]);
    expect(writes.indexOf('deliveries')).toBeLessThan(writes.indexOf('jobs'));
  });

  it('quarantines what can never be routed and routes every other event of the batch', async () => {
    const { sut, accepted, enqueued, queued, quarantined } = setup();
    const good = [joiner('fen'), joiner('moor'), joiner('fen')];
    const bad = [joiner('fen', { subject: 'FEN-\u00001' }), joiner('moor', { type: 'hr.employee.promoted.v1' })];
    await sut.route({ messages: [inbound(good[0]), inbound(bad[0]), inbound(good[1]), inbound(bad[1]), inbound(good[2])] });
    expect(accepted.map((a) => a.event.id)).toEqual(good.map((e) => e.id));
    expect(enqueued.map((r) => `${r.target}:${r.data.event.id}`)).toEqual([`payroll-fen:${good[0].id}`, `payroll-moor:${good[1].id}`, `payroll-fen:${good[2].id}`]);
    expect(queued).toHaveLength(3);
    expect(quarantined.map((q) => [q.reason, q.eventId])).toEqual([['not-carriable', bad[0].id], ['unknown-type', bad[1].id]]);
  });

  it('records the events before any job exists, so one PostgreSQL refuses is quarantined and never queued', async () => {
    const refuse = joiner('moor', { subject: 'MOOR-' + 'x'.repeat(3000) });
    const { sut, writes, enqueued, queued, quarantined, accepted } = setup({
      accepted: (rows) => (rows.some((r) => r.event.id === refuse.id) ? pgError('54000', 'index row size 3056 exceeds btree version 4 maximum 2704 for index "events_subject"') : undefined),
    });
    const good = joiner('fen');
    await sut.route({ messages: [inbound(good), inbound(refuse)] });
    expect(writes.indexOf('events')).toBeLessThan(writes.indexOf('jobs'));
    expect(accepted.map((a) => a.event.id)).toEqual([good.id]);
    expect(enqueued.map((r) => r.data.event.id)).toEqual([good.id]);
    expect(queued.map((r) => r.eventKey)).toEqual([enqueued[0].data.eventKey]);
    expect(quarantined).toMatchObject([{ reason: 'ledger-refused', eventId: refuse.id, tenant: 'moor', reasonMessage: expect.stringContaining('index row size 3056') }]);
  });

  it.each([
    ['PostgreSQL refusing connections while recording events', { accepted: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) }],
    ['a serialization failure', { accepted: () => pgError('40001', 'could not serialize access') }],
    ['PostgreSQL failing on the deliveries', { queued: pgError('57P01', 'terminating connection due to administrator command') }],
    ['PostgreSQL failing on the quarantine', { quarantined: new Error('Connection terminated unexpectedly') }],
    ['Redis not answering', { enqueue: new Error('Command timed out') }],
  ])('fails the whole batch on %s, so it is consumed again', async (_, faults: Parameters<typeof setup>[0]) => {
    const { sut } = setup(faults);
    await expect(sut.route({ messages: [inbound(joiner('fen')), inbound(joiner('fen', { subject: 'F\u0000' }))] })).rejects.toThrow();
  });

  it('counts and logs a quarantine once, with field names but no data', async () => {
    const { sut, logger } = setup();
    await sut.route({ messages: [inbound(joiner('fen', { data: { ...example, name: { forename: 'Sam\ud800', surname: 'Secret' } } }))] });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [fields] = logger.warn.mock.calls[0];
    expect(fields).toMatchObject({ tenant: 'fen', reason: 'not-carriable', fields: ['/data/name/forename'] });
    expect(JSON.stringify(fields)).not.toContain('Secret');
  });

  describe('by the landscape version each event was accepted under', () => {
    it('routes an event stamped with version 1 by version 1 and one stamped with 2 by 2, whatever the latest is, and records the version and role', async () => {
      const { landscape, asked } = landscapeOf({ 1: config, 2: cutOver }, 2);
      const { sut, queued, enqueued, queues } = setup({ landscape });
      const [before, after, unstamped] = [joiner('fen'), joiner('fen'), joiner('fen')];
      await sut.route({ messages: [inbound(before, '1'), inbound(after, '2'), inbound(unstamped)] });
      expect(queued.map((r) => [r.eventKey === keyOfEvent(before) ? 'before' : r.eventKey === keyOfEvent(after) ? 'after' : 'unstamped', r.target, r.role, r.landscapeVersion])).toEqual([
        ['before', 'payroll-fen', 'primary', 1],
        ['after', 'cloud-fen', 'primary', 2],
        ['after', 'payroll-fen', 'shadow', 2],
        // Without a stamp (an older API's message), the latest version decides.
        ['unstamped', 'cloud-fen', 'primary', 2],
        ['unstamped', 'payroll-fen', 'shadow', 2],
      ]);
      expect(enqueued.map((r) => `${r.target}:${r.data.event.id}`)).toEqual([`payroll-fen:${before.id}`, `cloud-fen:${after.id}`, `payroll-fen:${after.id}`, `cloud-fen:${unstamped.id}`, `payroll-fen:${unstamped.id}`]);
      // Each version asked for once per batch; version 1's targets get their queues.
      expect(asked.sort()).toEqual([1, 2]);
      expect(queues.know).toHaveBeenCalledWith(config.targets);
    });

    it('quarantines an event whose version the ledger does not have, or whose stamp is not a version, and routes the rest', async () => {
      const { landscape } = landscapeOf({ 1: config }, 1);
      const { sut, quarantined, accepted, enqueued } = setup({ landscape });
      const [good, future, garbled] = [joiner('fen'), joiner('fen'), joiner('moor')];
      await sut.route({ messages: [inbound(good, '1'), inbound(future, '7'), inbound(garbled, 'v2')] });
      expect(accepted.map((a) => a.event.id)).toEqual([good.id]);
      expect(enqueued.map((r) => r.data.event.id)).toEqual([good.id]);
      expect(quarantined.map((q) => [q.eventId, q.reason, q.reasonMessage])).toEqual([
        [future.id, 'unknown-landscape-version', 'cannot be routed: it was accepted under landscape version 7, which this ledger does not have'],
        [garbled.id, 'unknown-landscape-version', `cannot be routed: its ${LANDSCAPE_VERSION_HEADER} header "v2" is not a landscape version`],
      ]);
    });

    it('fails the batch when a version cannot be read now, so it is consumed again', async () => {
      const { landscape } = landscapeOf({ 1: config }, 1);
      const failing = { ...landscape, at: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) };
      const { sut, writes } = setup({ landscape: failing });
      await expect(sut.route({ messages: [inbound(joiner('fen'), '1')] })).rejects.toThrow('ECONNREFUSED');
      expect(writes).toEqual([]);
    });
  });
});
