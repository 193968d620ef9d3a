import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import type { TenantScope } from '../ledger-filters';

/** `'*'` for all tenants, else the list. Throws when the scope is missing: reads never default to "all". */
export function normaliseScope(scope: TenantScope | undefined): '*' | string[] {
  if (scope === '*') return '*';
  if (!Array.isArray(scope)) throw new InvalidLedgerInputError('a tenant scope (a list of tenants, or "*") is required');
  return scope.includes('*') ? '*' : [...scope];
}
