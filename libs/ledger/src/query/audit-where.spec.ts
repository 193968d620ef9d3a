import { auditWhere } from './audit-where';
import { SqlParams } from './sql-params';

describe('auditWhere', () => {
  it('shows a scoped caller only entries taken wholly within their tenants', () => {
    const p = new SqlParams();
    expect(auditWhere({ tenants: ['fen'], actor: 'ops-fen', action: 'dead-letter.replay', from: '2025-01-01T00:00:00Z', to: new Date('2025-02-01T00:00:00Z') }, p)).toEqual([
      'a.tenants <@ $1::text[]',
      'a.actor = $2',
      'a.action = $3',
      'a.at >= $4::timestamptz',
      'a.at < $5::timestamptz',
    ]);
    expect(p.values).toEqual([['fen'], 'ops-fen', 'dead-letter.replay', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00.000Z']);
  });

  it('has no condition at all for an all-tenant caller without filters', () => {
    expect(auditWhere({ tenants: '*' }, new SqlParams())).toEqual([]);
  });
});
