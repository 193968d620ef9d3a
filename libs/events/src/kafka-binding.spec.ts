import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudEvent, Kafka } from 'cloudevents';
import { fromKafkaMessage, toKafkaMessage, UndecodableEventError } from './kafka-binding';
import { CanonicalEvent } from './canonical-event';

const event: CanonicalEvent = {
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:hr',
  type: 'hr.employee.joined.v1',
  subject: 'FEN-1',
  tenant: 'fen',
  time: '2026-11-23T10:00:00.000Z',
  data: { employeeId: 'FEN-1' },
};

const inbound = (m: { key: string; value: string | Buffer; headers: Record<string, string> }, offset = '0') => ({
  topic: 't',
  partition: 0,
  offset,
  key: m.key,
  value: Buffer.from(String(m.value)),
  headers: m.headers,
  timestamp: '0',
  orderKey: 0,
});

/** What the CloudEvents SDK writes for the same event: the reference this binding must match. */
function sdkMessage(e: CanonicalEvent) {
  const message = Kafka.binary(new CloudEvent<unknown>({ ...e, datacontenttype: 'application/json', partitionkey: e.subject }, false));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers)) if (v !== undefined) headers[k] = String(v);
  return { key: message.key as string, value: JSON.stringify(e.data), headers };
}

/** Every valid fixture of every canonical type, as events with and without the optional attributes. */
function fixtureEvents(): CanonicalEvent[] {
  const dir = join(__dirname, '..', '..', '..', 'schemas', 'fixtures');
  return readdirSync(dir).flatMap((type, t) =>
    readdirSync(join(dir, type, 'valid')).map((file, i) => ({
      ...event,
      id: `${type}-${file}`,
      type,
      subject: `S-${t}-${i}`,
      ...(i % 2 ? { dataschema: `https://schemas.example/${type}.json` } : {}),
      data: JSON.parse(readFileSync(join(dir, type, 'valid', file), 'utf8')),
    })),
  );
}

describe('Kafka binding', () => {
  it('writes binary mode: ce_ headers, data as JSON value, subject as key', () => {
    const m = toKafkaMessage(event, 'hr.employee.joined.v1');
    expect(m.key).toBe('FEN-1');
    expect(JSON.parse(String(m.value))).toEqual({ employeeId: 'FEN-1' });
    expect(m.headers).toMatchObject({ ce_id: 'evt-1', ce_source: 'urn:hr', ce_type: 'hr.employee.joined.v1', ce_subject: 'FEN-1', ce_tenant: 'fen', ce_specversion: '1.0' });
  });

  it('writes exactly what the CloudEvents SDK writes, for every valid fixture', () => {
    const events = fixtureEvents();
    expect(events.length).toBeGreaterThan(50);
    for (const e of events) {
      const { topic, ...ours } = toKafkaMessage(e, e.type);
      expect(topic).toBe(e.type);
      expect(ours).toEqual(sdkMessage(e));
    }
  });

  it('stamps an event without a time as the SDK does, with the moment it is written', () => {
    const before = Date.now();
    const m = toKafkaMessage({ ...event, time: undefined }, 't');
    expect(Date.parse(m.headers.ce_time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(m.headers.ce_time)).toBeLessThanOrEqual(Date.now());
  });

  it('reads back the same event, and what the SDK wrote as the SDK reads it', () => {
    expect(fromKafkaMessage(inbound(toKafkaMessage(event, 't')))).toEqual({ ...event, datacontenttype: 'application/json', dataschema: undefined });
    for (const e of fixtureEvents()) {
      const sdk = sdkMessage(e);
      const read = Kafka.toEvent({ ...inbound(sdk), body: Buffer.from(sdk.value) } as Parameters<typeof Kafka.toEvent>[0]) as CloudEvent<unknown>;
      const ours = fromKafkaMessage(inbound(sdk));
      expect(ours).toEqual({
        specversion: read.specversion, id: read.id, source: read.source, type: read.type, subject: read.subject, tenant: (read as unknown as { tenant: string }).tenant,
        time: read.time, dataschema: read.dataschema, datacontenttype: read.datacontenttype, data: read.data,
      });
    }
  });

  it.each([
    ['without a tenant', (h: Record<string, string>) => delete h.ce_tenant, /subject and tenant/],
    ['without a subject', (h: Record<string, string>) => delete h.ce_subject, /subject and tenant/],
    ['without an id', (h: Record<string, string>) => delete h.ce_id, /ce_id, ce_source and ce_type/],
    ['of another spec version', (h: Record<string, string>) => (h.ce_specversion = '0.3'), /specversion must be 1.0/],
    ['whose data is not JSON', (h: Record<string, string>) => (h['content-type'] = 'text/plain'), /must be application\/json/],
  ])('refuses a message %s, naming where it is', (_, spoil, why) => {
    const m = toKafkaMessage(event, 't');
    spoil(m.headers);
    const err = (() => {
      try {
        fromKafkaMessage(inbound(m, '7'));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(UndecodableEventError);
    expect(err!.message).toMatch(why);
    expect(err!.message).toMatch(/^t\/0@7/);
  });

  it('refuses a value that is not JSON', () => {
    const m = toKafkaMessage(event, 't');
    expect(() => fromKafkaMessage({ ...inbound(m), value: Buffer.from('{not json') })).toThrow(/the value is not JSON/);
  });
});
