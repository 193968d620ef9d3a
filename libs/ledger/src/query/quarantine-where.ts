import type { QuarantineFilter } from '../ledger-filters';
import { SqlParams, toIso } from './sql-params';
import { scopeWhere, stateWhere } from './tenant-scope';

/**
 * WHERE conditions over `quarantine q`. A scoped caller sees only rows of their tenants: a row
 * whose tenant could not be read (NULL) never matches `= ANY`, so it is for all-tenant ops only.
 */
export function quarantineWhere(f: QuarantineFilter, p: SqlParams): string[] {
  const where = [...scopeWhere('q.tenant', f.tenants, p), stateWhere('q.state', f.state, 'open', p)];
  if (f.tenant !== undefined) where.push(`q.tenant = ${p.add(f.tenant)}`);
  if (f.reason !== undefined) where.push(`q.reason = ${p.add(f.reason)}`);
  if (f.type !== undefined) where.push(`q.type = ${p.add(f.type)}`);
  if (f.subject !== undefined) where.push(`q.subject = ${p.add(f.subject)}`);
  if (f.from !== undefined) where.push(`q.quarantined_at >= ${p.add(toIso(f.from))}::timestamptz`);
  if (f.to !== undefined) where.push(`q.quarantined_at < ${p.add(toIso(f.to))}::timestamptz`);
  return where;
}
