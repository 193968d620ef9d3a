import { QuarantineReason, QuarantineRecord } from '@hub/ledger';
import type { SchemaRegistry } from '@hub/schema-registry';
import { quarantineView } from './quarantine-view';

const registry = { mask: (type: string, data: unknown) => (type === 'hr.employee.joined.v1' ? { ...(data as object), name: '***' } : '***') } as unknown as Pick<SchemaRegistry, 'mask'>;

const record = (over: Partial<QuarantineRecord> = {}): QuarantineRecord => ({
  id: '7', topic: 'hr.employee.joined.v1', partition: 0, offset: '12', tenant: 'fen', type: 'hr.employee.joined.v1', subject: 'FEN-1', eventId: 'evt-1',
  event: { id: 'evt-1', data: { employeeId: 'FEN-1', name: 'Sam' } },
  reason: QuarantineReason.NotCarriable, message: 'cannot be carried exactly', problems: [], state: 'open', timesQuarantined: 1,
  quarantinedAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:00:00.000Z', digest: 'ab', valueBytes: 3,
  raw: { key: Buffer.from('FEN-1'), value: Buffer.from('{"name":"Sam"}'), headers: [{ key: 'ce_id', value: Buffer.from([0x65, 0xff]) }, { key: 'ce_subject', value: Buffer.from('F\u0000') }], timestamp: '1790000000000' },
  ...over,
});

describe('quarantineView', () => {
  it("masks the data's personal fields and leaves the value out for a caller who may not read personal data", () => {
    const v = quarantineView(record(), registry, false);
    expect(v.event).toEqual({ id: 'evt-1', data: { employeeId: 'FEN-1', name: '***' } });
    expect(v.masked).toBe(true);
    expect(v.raw).toEqual({
      key: { text: 'FEN-1', base64: Buffer.from('FEN-1').toString('base64') },
      headers: [
        { key: 'ce_id', value: { base64: Buffer.from([0x65, 0xff]).toString('base64') } },
        { key: 'ce_subject', value: { text: 'F\\u0000', base64: Buffer.from('F\u0000').toString('base64') } },
      ],
      timestamp: new Date(1790000000000).toISOString(),
      valueBytes: 3,
    });
  });

  it('masks all of the data of a type this API does not know, and values quoted in PostgreSQL\'s message', () => {
    const v = quarantineView(record({ type: 'hr.employee.promoted.v1', reason: QuarantineReason.LedgerRefused, message: 'PostgreSQL refused to store the event: invalid input syntax for type json: Token "Sam" is invalid.' }), registry, false);
    expect(v.event!.data).toBe('***');
    expect(v.message).toBe('PostgreSQL refused to store the event: invalid input syntax for type json: Token "***" is invalid.');
  });

  it('shows a pii-reader everything, the value included', () => {
    const v = quarantineView(record(), registry, true);
    expect(v.event!.data).toEqual({ employeeId: 'FEN-1', name: 'Sam' });
    expect(v.raw!.value).toEqual({ text: '{"name":"Sam"}', base64: Buffer.from('{"name":"Sam"}').toString('base64') });
    expect(v.masked).toBe(false);
  });
});
