import { hashToken, sameHash, tenantAllowed, typeAllowed } from './tokens';

describe('typeAllowed', () => {
  it('lets a domain pattern cover every type of that domain', () => {
    expect(typeAllowed(['hr.*'], 'hr.employee.joined.v1')).toBe(true);
    expect(typeAllowed(['hr.*'], 'hr.employee.left.v1')).toBe(true);
  });

  it('does not let a domain pattern cover a domain that merely starts with the same letters', () => {
    expect(typeAllowed(['hr.*'], 'hrx.foo.bar.v1')).toBe(false);
    expect(typeAllowed(['hr.*'], 'finance.invoice.paid.v1')).toBe(false);
  });

  it('matches a type without a wildcard exactly', () => {
    expect(typeAllowed(['hr.employee.joined.v1'], 'hr.employee.joined.v1')).toBe(true);
    expect(typeAllowed(['hr.employee.joined.v1'], 'hr.employee.joined.v2')).toBe(false);
    expect(typeAllowed(['hr.employee.joined.v1'], 'hr.employee.joined.v10')).toBe(false);
  });

  it('allows nothing when no pattern is given', () => {
    expect(typeAllowed([], 'hr.employee.joined.v1')).toBe(false);
  });
});

describe('tenantAllowed', () => {
  it('allows listed tenants only', () => {
    expect(tenantAllowed(['fen', 'moor'], 'moor')).toBe(true);
    expect(tenantAllowed(['fen', 'moor'], 'vale')).toBe(false);
  });

  it('allows every tenant for *', () => {
    expect(tenantAllowed(['*'], 'vale')).toBe(true);
  });
});

describe('hashToken / sameHash', () => {
  it('compares tokens by their hash', () => {
    expect(sameHash(hashToken('s3cret'), hashToken('s3cret'))).toBe(true);
    expect(sameHash(hashToken('s3cret'), hashToken('s3creT'))).toBe(false);
    expect(sameHash(hashToken('s3cret'), 'abcd')).toBe(false);
  });
});
