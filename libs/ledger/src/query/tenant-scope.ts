import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import type { TenantScope } from '../ledger-filters';
import type { SqlParams } from './sql-params';

/** `'*'` for all tenants, else the list. Throws when the scope is missing: reads never default to "all". */
export function normaliseScope(scope: TenantScope | undefined): '*' | string[] {
  if (scope === '*') return '*';
  if (!Array.isArray(scope)) throw new InvalidLedgerInputError('a tenant scope (a list of tenants, or "*") is required');
  return scope.includes('*') ? '*' : [...scope];
}

/** The WHERE term that keeps a read to its scope over `column` (none for `'*'`). */
export function scopeWhere(column: string, scope: TenantScope | undefined, p: SqlParams): string[] {
  const tenants = normaliseScope(scope);
  return tenants === '*' ? [] : [`${column} = ANY(${p.add(tenants)}::text[])`];
}

/** The WHERE term of a state filter over `column`: one state, several, or `fallback` when none is given. */
export function stateWhere(column: string, state: string | readonly string[] | undefined, fallback: string, p: SqlParams): string {
  const states = state === undefined ? [fallback] : typeof state === 'string' ? [state] : [...state];
  if (states.length === 0) throw new InvalidLedgerInputError('state filter must name at least one state');
  return states.length === 1 ? `${column} = ${p.add(states[0])}` : `${column} = ANY(${p.add(states)}::text[])`;
}
