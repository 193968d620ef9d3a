import { QuarantineReason, type QuarantineView } from '@hub/ledger';
import { describeQuarantined } from './quarantine.command';

// An answer of GET /v1/quarantine/{id}, as the API builds it (a QuarantineView) and the CLI reads it.
const base: QuarantineView = {
  id: '17', topic: 'hr.employee.joined.v1', partition: 2, offset: '4411', tenant: 'fen', type: 'hr.employee.joined.v1', subject: 'FEN-9', source: 'urn:erp-hub:source:hr', eventId: 'evt-9',
  event: { id: 'evt-9', tenant: 'fen', data: { employee: { number: 'FEN-9', name: '***' } } },
  reason: QuarantineReason.SchemaViolation, message: 'data fails hr.employee.joined.v1', problems: [{ path: '/data/employee/startDate', message: 'must be a date' }],
  state: 'open', timesQuarantined: 2, previousId: '11', quarantinedAt: '2026-11-23T09:30:00.000Z', updatedAt: '2026-11-23T09:30:00.000Z', digest: 'ab12', valueBytes: 321,
  raw: { key: { text: 'FEN-9', base64: 'RkVOLTk=' }, headers: [{ key: 'ce_type', value: { text: 'hr.employee.joined.v1', base64: '' } }, { key: 'ce_blob', value: { base64: '/w==' } }], timestamp: '2026-11-23T09:29:59.000Z', valueBytes: 321 },
  masked: true,
};

describe('hub quarantine show', () => {
  const text = describeQuarantined(base).split('\n');

  it('heads with the reason and state, and how often it came back', () => {
    expect(text[0]).toBe('quarantined 17: schema-violation, open (quarantined 2 times, before as 11)');
    expect(text).toContain('  message:      hr.employee.joined.v1 partition 2 offset 4411, 321 bytes, written 2026-11-23 09:29:59Z');
    expect(text).toContain('  event:        hr.employee.joined.v1, fen, subject FEN-9, id evt-9, from urn:erp-hub:source:hr');
  });

  it('tables the problems, what could be read (masked, said so), the key and headers; the value only for pii-reader', () => {
    expect(text.some((l) => /^\s+\/data\/employee\/startDate\s+must be a date$/.test(l))).toBe(true);
    expect(text).toContain('  as far as it could be read (personal fields masked):');
    expect(text.some((l) => /^\s+data\/employee\/name\s+\*\*\*$/.test(l))).toBe(true);
    expect(text.some((l) => /^\s+\(key\)\s+FEN-9$/.test(l))).toBe(true);
    expect(text.some((l) => /^\s+ce_blob\s+\(not UTF-8\) base64 \/w==$/.test(l))).toBe(true);
    expect(text[text.length - 1]).toBe('  value: only for pii-reader');
  });

  it('shows the value to pii-reader, and who released or discarded it', () => {
    const open = describeQuarantined({ ...base, masked: false, state: 'released', releasedAt: '2026-11-23T10:00:00.000Z', releasedBy: 'ops-admin', releaseNote: 'schema fixed', raw: { ...base.raw!, value: { text: '{"employee":{}}', base64: '' } } }).split('\n');
    expect(open).toContain('  released:     2026-11-23 10:00:00Z by ops-admin: schema fixed');
    expect(open.slice(-2)).toEqual(['  value:', '    {"employee":{}}']);
  });

  it('says when nothing could be read', () => {
    const undecodable = describeQuarantined({ ...base, reason: QuarantineReason.Undecodable, tenant: undefined, type: undefined, subject: undefined, source: undefined, eventId: undefined, event: undefined, problems: [], raw: undefined });
    expect(undecodable).toContain('  event:        (nothing could be read)');
    expect(undecodable).not.toContain('as far as it could be read');
  });
});
