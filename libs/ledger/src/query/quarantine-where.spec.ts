import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import { QuarantineReason } from '../quarantine-reason';
import { quarantineWhere } from './quarantine-where';
import { SqlParams } from './sql-params';

function build(filter: Parameters<typeof quarantineWhere>[0]) {
  const p = new SqlParams();
  return { where: quarantineWhere(filter, p), values: p.values };
}

describe('quarantineWhere', () => {
  it("scopes to the caller's tenants (so a row without a readable tenant is out) and defaults to open", () => {
    expect(build({ tenants: ['fen'] })).toEqual({ where: ['q.tenant = ANY($1::text[])', 'q.state = $2'], values: [['fen'], 'open'] });
  });

  it('has no tenant condition for "*", nor for a list that holds "*"', () => {
    expect(build({ tenants: '*' }).where).toEqual(['q.state = $1']);
    expect(build({ tenants: ['moor', '*'] }).where).toEqual(['q.state = $1']);
  });

  it('binds every filter as a parameter', () => {
    expect(
      build({ tenants: ['fen'], tenant: 'fen', reason: QuarantineReason.NotCarriable, type: "x'; --", subject: 'FEN-1', state: ['open', 'released'], from: new Date('2026-01-01T00:00:00Z'), to: '2026-01-02T00:00:00Z' }),
    ).toEqual({
      where: ['q.tenant = ANY($1::text[])', 'q.state = ANY($2::text[])', 'q.tenant = $3', 'q.reason = $4', 'q.type = $5', 'q.subject = $6', 'q.quarantined_at >= $7::timestamptz', 'q.quarantined_at < $8::timestamptz'],
      values: [['fen'], ['open', 'released'], 'fen', 'not-carriable', "x'; --", 'FEN-1', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00Z'],
    });
  });

  it('refuses a missing scope and an empty state list', () => {
    expect(() => build({} as never)).toThrow(InvalidLedgerInputError);
    expect(() => build({ tenants: '*', state: [] })).toThrow(InvalidLedgerInputError);
  });
});
