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

describe('Kafka binding', () => {
  it('writes binary mode: ce_ headers, data as JSON value, subject as key', () => {
    const m = toKafkaMessage(event, 'hr.employee.joined.v1');
    expect(m.key).toBe('FEN-1');
    expect(JSON.parse(String(m.value))).toEqual({ employeeId: 'FEN-1' });
    expect(m.headers).toMatchObject({ ce_id: 'evt-1', ce_source: 'urn:hr', ce_type: 'hr.employee.joined.v1', ce_subject: 'FEN-1', ce_tenant: 'fen', ce_specversion: '1.0' });
  });

  it('reads back the same event', () => {
    const m = toKafkaMessage(event, 't');
    const back = fromKafkaMessage({ topic: 't', partition: 0, offset: '0', key: m.key, value: Buffer.from(String(m.value)), headers: m.headers, timestamp: '0' });
    expect(back).toMatchObject({ ...event, datacontenttype: 'application/json' });
  });

  it('refuses a message without a tenant', () => {
    const m = toKafkaMessage(event, 't');
    delete m.headers.ce_tenant;
    expect(() => fromKafkaMessage({ topic: 't', partition: 0, offset: '7', key: m.key, value: Buffer.from(String(m.value)), headers: m.headers, timestamp: '0' })).toThrow(UndecodableEventError);
  });
});
