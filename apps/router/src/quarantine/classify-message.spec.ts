import { join } from 'node:path';
import { CanonicalEvent, dataProblems, toKafkaMessage } from '@hub/events';
import type { InboundMessage } from '@hub/kafka';
import { QuarantineReason } from '@hub/ledger';
import { SchemaRegistry } from '@hub/schema-registry';
import { classifyMessage, ledgerRefused } from './classify-message';

const registry = SchemaRegistry.load(join(__dirname, '../../../../schemas'));
const TOPIC = 'hr.employee.joined.v1';

const joiner = (over: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:erp-hub:source:hr',
  type: TOPIC,
  subject: 'FEN-000001',
  tenant: 'fen',
  time: '2026-11-23T10:00:00.000Z',
  data: registry.get(TOPIC)!.schema.examples![0 as never],
  ...over,
});

/** A message as the kafkajs consumer hands it over: decoded headers, and the bytes of each. */
function inbound(over: { event?: CanonicalEvent; headers?: Record<string, Buffer | string>; value?: Buffer | string | null } = {}): InboundMessage {
  const m = toKafkaMessage(over.event ?? joiner(), TOPIC);
  const headers: Record<string, Buffer> = Object.fromEntries(Object.entries({ ...m.headers, ...over.headers }).map(([k, v]) => [k, Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8')]));
  const value = over.value === undefined ? Buffer.from(m.value) : over.value === null ? null : Buffer.isBuffer(over.value) ? over.value : Buffer.from(over.value, 'utf8');
  return {
    topic: TOPIC,
    partition: 2,
    offset: '41',
    key: m.key,
    value,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.toString('utf8')])),
    timestamp: '1790000000000',
    orderKey: 1790000000000000,
    raw: { key: Buffer.from(m.key), headers: Object.entries(headers).map(([key, v]) => ({ key, value: v })) },
  };
}

const quarantined = (m: InboundMessage) => {
  const c = classifyMessage(m, registry);
  if (c.route) throw new Error('expected a quarantine');
  return c.quarantine;
};

describe('classifyMessage', () => {
  it('routes a valid event as it was posted', () => {
    expect(classifyMessage(inbound(), registry)).toEqual({ route: true, event: { ...joiner(), datacontenttype: 'application/json', dataschema: undefined } });
  });

  it('quarantines a message that is not a CloudEvent as undecodable, with what its headers said and its bytes kept', () => {
    const m = inbound({ headers: { ce_specversion: '0.3' } });
    const q = quarantined(m);
    expect(q).toMatchObject({ reason: QuarantineReason.Undecodable, topic: TOPIC, partition: 2, offset: '41', tenant: 'fen', subject: 'FEN-000001', eventId: 'evt-1', type: TOPIC });
    expect(q.reasonMessage).toMatch(/ce_specversion must be 1.0/);
    expect(q.message.headers).toEqual(m.raw!.headers);
    expect(q.message.value!.equals(m.value!)).toBe(true);
    expect((q.event as { data: unknown }).data).toEqual(joiner().data);
  });

  it('quarantines an attribute header that is not UTF-8 as undecodable, and escapes what it shows of it', () => {
    const q = quarantined(inbound({ headers: { ce_subject: Buffer.from([0x46, 0xff, 0x00]) } }));
    expect(q.reason).toBe(QuarantineReason.Undecodable);
    expect(q.reasonMessage).toMatch(/header ce_subject is not valid UTF-8/);
    expect(q.subject).toBe('F\ufffd\\u0000');
    expect(q.message.headers.find((h) => h.key === 'ce_subject')!.value).toEqual(Buffer.from([0x46, 0xff, 0x00]));
  });

  it('quarantines a value that is not JSON as undecodable, keeping the bytes', () => {
    const q = quarantined(inbound({ value: '{"employeeId": ' }));
    expect(q).toMatchObject({ reason: QuarantineReason.Undecodable, tenant: 'fen' });
    expect(q.message.value!.toString()).toBe('{"employeeId": ');
  });

  it.each([
    ['NUL in the subject', joiner({ subject: 'FEN-\u00001' }), '/subject', { subject: 'FEN-\\u00001' }],
    ['a lone surrogate in a data string', joiner({ data: { ...(joiner().data as object), name: { forename: 'A\ud800', surname: 'B' } } }), '/data/name/forename', {}],
    ['a number past 2^53', joiner({ data: { ...(joiner().data as object), employment: { fte: 9007199254740993 } } }), '/data/employment/fte', {}],
  ])('quarantines %s as not carriable, naming the field', (_, event, path, shown) => {
    const q = quarantined(inbound({ event }));
    expect(q).toMatchObject({ reason: QuarantineReason.NotCarriable, tenant: 'fen', eventId: 'evt-1', ...shown });
    expect(q.problems[0].path).toBe(path);
    expect(q.reasonMessage).toContain(path);
    // What is kept for display holds nothing PostgreSQL's jsonb would refuse.
    expect(dataProblems(q.event).filter((p) => !p.message.includes('2^53'))).toEqual([]);
  });

  it('quarantines a type this router has no schema for', () => {
    const q = quarantined(inbound({ event: joiner({ type: 'hr.employee.promoted.v1' }) }));
    expect(q).toMatchObject({ reason: QuarantineReason.UnknownType, type: 'hr.employee.promoted.v1', problems: [{ path: '/type', message: 'unknown event type' }] });
  });

  it('quarantines data that does not validate against its schema, with each problem', () => {
    const data = { ...(joiner().data as Record<string, unknown>), dateOfBirth: 'yesterday', unexpected: true };
    const q = quarantined(inbound({ event: joiner({ data }) }));
    expect(q.reason).toBe(QuarantineReason.SchemaViolation);
    expect(q.problems).toEqual(expect.arrayContaining([{ path: '/data/dateOfBirth', message: 'must be a valid date' }, { path: '/data/unexpected', message: 'is not allowed here' }]));
    expect(q.reasonMessage).toMatch(/^data does not validate against hr.employee.joined.v1: \/data\/\S+ .+ \(and 1 more\)$/);
  });

  it('quarantines data nested deeper than the checks can walk instead of failing the batch', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const q = quarantined(inbound({ value: `{"employeeId":${deep}}` }));
    expect([QuarantineReason.NotCarriable, QuarantineReason.SchemaViolation]).toContain(q.reason);
    expect(JSON.stringify(q.event)).toContain('nested deeper than 64 levels');
  });

  it("records PostgreSQL's own message when it refuses an event that passed every check", () => {
    const m = inbound();
    const q = ledgerRefused(m, joiner(), 'index row size 3000 exceeds btree version 4 maximum 2704 for index "events_subject"');
    expect(q).toMatchObject({ reason: QuarantineReason.LedgerRefused, tenant: 'fen', reasonMessage: expect.stringContaining('index row size 3000') });
  });
});
