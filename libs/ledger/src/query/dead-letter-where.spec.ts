import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import { deadLetterWhere } from './dead-letter-where';
import { SqlParams } from './sql-params';

function build(filter: Parameters<typeof deadLetterWhere>[0]) {
  const p = new SqlParams();
  return { where: deadLetterWhere(filter, p), values: p.values };
}

describe('deadLetterWhere', () => {
  it('scopes to the caller\'s tenants and defaults to open dead letters', () => {
    expect(build({ tenants: ['fen', 'cam'] })).toEqual({
      where: ['d.dead_lettered_at IS NOT NULL', 'd.tenant = ANY($1::text[])', 'd.state = $2'],
      values: [['fen', 'cam'], 'dead-lettered'],
    });
  });

  it('adds no tenant condition for "*", nor for a list that holds "*"', () => {
    expect(build({ tenants: '*' }).where).toEqual(['d.dead_lettered_at IS NOT NULL', 'd.state = $1']);
    expect(build({ tenants: ['fen', '*'] }).where).toEqual(['d.dead_lettered_at IS NOT NULL', 'd.state = $1']);
  });

  it('an empty tenant list matches nothing rather than everything', () => {
    expect(build({ tenants: [] })).toMatchObject({ where: expect.arrayContaining(['d.tenant = ANY($1::text[])']), values: [[], 'dead-lettered'] });
  });

  it('refuses a missing scope', () => {
    expect(() => build({} as never)).toThrow(InvalidLedgerInputError);
  });

  it('binds every filter as a parameter, never as SQL text', () => {
    const { where, values } = build({
      tenants: ['fen'],
      tenant: 'fen',
      target: 'payroll-fen',
      reason: 'target-rejected',
      fingerprint: 'target-rejected|payroll-fen|422',
      from: new Date('2025-01-01T00:00:00Z'),
      to: '2025-01-02T00:00:00Z',
      type: "hr.employee.joined.v1'; drop table x; --",
      subject: 'FEN-1',
      state: ['dead-lettered', 'replaying'],
    });
    expect(where).toEqual([
      'd.dead_lettered_at IS NOT NULL',
      'd.tenant = ANY($1::text[])',
      'd.state = ANY($2::text[])',
      'd.tenant = $3',
      'd.target = $4',
      'd.last_error_code = $5',
      'd.fingerprint = $6',
      'd.dead_lettered_at >= $7::timestamptz',
      'd.dead_lettered_at < $8::timestamptz',
      'e.type = $9',
      'e.subject = $10',
    ]);
    expect(values).toEqual([
      ['fen'],
      ['dead-lettered', 'replaying'],
      'fen',
      'payroll-fen',
      'target-rejected',
      'target-rejected|payroll-fen|422',
      '2025-01-01T00:00:00.000Z',
      '2025-01-02T00:00:00Z',
      "hr.employee.joined.v1'; drop table x; --",
      'FEN-1',
    ]);
  });

  it("keeps a primary's dead letters and a shadow's apart when asked, and counts both when not", () => {
    expect(build({ tenants: '*', role: 'shadow' })).toEqual({ where: ['d.dead_lettered_at IS NOT NULL', 'd.state = $1', 'd.role = $2'], values: ['dead-lettered', 'shadow'] });
    expect(build({ tenants: '*', role: 'primary' }).values).toEqual(['dead-lettered', 'primary']);
    expect(build({ tenants: '*' }).where.some((w) => w.includes('role'))).toBe(false);
  });

  it('refuses an empty state list', () => {
    expect(() => build({ tenants: '*', state: [] })).toThrow(InvalidLedgerInputError);
  });
});
