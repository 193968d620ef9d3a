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

/**
 * What the CloudEvents SDK writes for the same event: the reference this binding must match, less
 * the two attributes the SDK adds that the event does not have. Its constructor stamps a `time` on
 * an event without one, and its key mapping takes the key from `partitionkey`, so the hub's key
 * (subject) has to be given to it as one. The Kafka binding says neither may be added (§3.1: a key
 * mapper "MUST NOT add an attribute to the CloudEvent"), so both are taken out again.
 */
function sdkMessage(e: CanonicalEvent) {
  const { extensions, ...attributes } = e;
  const message = Kafka.binary(new CloudEvent<unknown>({ ...extensions, ...attributes, datacontenttype: 'application/json', partitionkey: e.subject }, false));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers)) if (v !== undefined) headers[k] = String(v);
  if (e.time === undefined) delete headers.ce_time;
  if (extensions?.partitionkey === undefined) delete headers.ce_partitionkey;
  else headers.ce_partitionkey = extensions.partitionkey;
  return { key: message.key as string, value: JSON.stringify(e.data), headers };
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
/** Extensions of the kinds sources send: the distributed-tracing pair, a partition key, their own. */
const EXTENSION_SETS: (CanonicalEvent['extensions'] | undefined)[] = [
  undefined,
  { traceparent: TRACEPARENT, tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
  { comexampleextension1: 'value', comexampleothervalue: '5', sampled: 'true' },
  { partitionkey: 'FEN-1-payroll', averylongextensionattributename: 'longer than 20 is carried' },
];

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
      ...(i % 3 ? {} : { time: undefined }),
      ...(EXTENSION_SETS[i % EXTENSION_SETS.length] ? { extensions: EXTENSION_SETS[i % EXTENSION_SETS.length] } : {}),
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

  it('writes exactly the attributes the event has: no ce_time without a time, no ce_partitionkey without that extension', () => {
    const { time: _time, ...untimed } = event;
    const m = toKafkaMessage(untimed as CanonicalEvent, 't');
    expect(Object.keys(m.headers).sort()).toEqual(['content-type', 'ce_datacontenttype', 'ce_id', 'ce_source', 'ce_specversion', 'ce_subject', 'ce_tenant', 'ce_type'].sort());
    expect(fromKafkaMessage(inbound(m))).not.toHaveProperty('extensions');
    expect(fromKafkaMessage(inbound(m)).time).toBeUndefined();
  });

  it('carries every extension as a ce_ header and reads it back; a partitionkey the source sent is carried, and the key stays the subject', () => {
    const extensions = { traceparent: TRACEPARENT, partitionkey: 'other-key', comexampleext: 'v', averylongextensionattributename: 'x' };
    const m = toKafkaMessage({ ...event, extensions }, 't');
    expect(m.key).toBe('FEN-1');
    expect(m.headers).toMatchObject({ ce_traceparent: TRACEPARENT, ce_partitionkey: 'other-key', ce_comexampleext: 'v', ce_averylongextensionattributename: 'x' });
    expect(fromKafkaMessage(inbound(m))).toEqual({ ...event, datacontenttype: 'application/json', dataschema: undefined, extensions });
  });

  it('reads no extension from the headers the hub writes beside the binding, nor lets one stand in for a modelled attribute', () => {
    const m = toKafkaMessage({ ...event, extensions: { tenant: 'moor' } as CanonicalEvent['extensions'] }, 't');
    expect(m.headers.ce_tenant).toBe('fen');
    const read = fromKafkaMessage(inbound({ ...m, headers: { ...m.headers, 'hub-order-key': '7', traceparent: TRACEPARENT } }));
    expect(read.tenant).toBe('fen');
    expect(read).not.toHaveProperty('extensions');
  });

  it('reads back the same event, and what the SDK wrote as the SDK reads it', () => {
    expect(fromKafkaMessage(inbound(toKafkaMessage(event, 't')))).toEqual({ ...event, datacontenttype: 'application/json', dataschema: undefined });
    for (const e of fixtureEvents()) {
      const sdk = sdkMessage(e);
      const read = Kafka.toEvent({ ...inbound(sdk), body: Buffer.from(sdk.value) } as Parameters<typeof Kafka.toEvent>[0]) as CloudEvent<unknown>;
      const ours = fromKafkaMessage(inbound(sdk));
      // The SDK reads the Kafka key back as the partitionkey (over a ce_partitionkey header) and stamps
      // a time on an event without one: the attributes are the headers' (§3.2.3), ce_partitionkey and
      // ce_time when the message has them. Its unset legacy fields are not extensions.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { specversion, id, source, type, subject, tenant, time, dataschema, datacontenttype, data, partitionkey, ...rest } = read as unknown as Record<string, unknown>;
      const extensions = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      if (sdk.headers.ce_partitionkey !== undefined) extensions.partitionkey = sdk.headers.ce_partitionkey;
      const readTime = sdk.headers.ce_time === undefined ? undefined : time;
      expect(ours).toEqual({ specversion, id, source, type, subject, tenant, time: readTime, dataschema, datacontenttype, data, ...(Object.keys(extensions).length ? { extensions } : {}) });
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
