import type { AuditFilter } from '../ledger-filters';
import { SqlParams, toIso } from './sql-params';
import { normaliseScope } from './tenant-scope';

/**
 * WHERE conditions over `audit_log a`. A scoped caller sees an entry only if every tenant it was
 * taken in is theirs: an action across forces (or on all, `'*'`) is for all-tenant ops only.
 */
export function auditWhere(f: AuditFilter, p: SqlParams): string[] {
  const where: string[] = [];
  const scope = normaliseScope(f.tenants);
  if (scope !== '*') where.push(`a.tenants <@ ${p.add(scope)}::text[]`);
  if (f.actor !== undefined) where.push(`a.actor = ${p.add(f.actor)}`);
  if (f.action !== undefined) where.push(`a.action = ${p.add(f.action)}`);
  if (f.from !== undefined) where.push(`a.at >= ${p.add(toIso(f.from))}::timestamptz`);
  if (f.to !== undefined) where.push(`a.at < ${p.add(toIso(f.to))}::timestamptz`);
  return where;
}
