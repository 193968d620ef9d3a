import type { DeadLetterFilter } from '../ledger-filters';
import { SqlParams, toIso } from './sql-params';
import { scopeWhere, stateWhere } from './tenant-scope';

/**
 * WHERE conditions for dead-letter reads over `deliveries d LEFT JOIN events e`. Rows count as
 * dead letters once dead-lettered (`dead_lettered_at` set), which also lets the partial indexes serve.
 */
export function deadLetterWhere(f: DeadLetterFilter, p: SqlParams): string[] {
  const where = ['d.dead_lettered_at IS NOT NULL', ...scopeWhere('d.tenant', f.tenants, p), stateWhere('d.state', f.state, 'dead-lettered', p)];
  if (f.tenant !== undefined) where.push(`d.tenant = ${p.add(f.tenant)}`);
  if (f.target !== undefined) where.push(`d.target = ${p.add(f.target)}`);
  if (f.reason !== undefined) where.push(`d.last_error_code = ${p.add(f.reason)}`);
  if (f.fingerprint !== undefined) where.push(`d.fingerprint = ${p.add(f.fingerprint)}`);
  if (f.from !== undefined) where.push(`d.dead_lettered_at >= ${p.add(toIso(f.from))}::timestamptz`);
  if (f.to !== undefined) where.push(`d.dead_lettered_at < ${p.add(toIso(f.to))}::timestamptz`);
  if (f.type !== undefined) where.push(`e.type = ${p.add(f.type)}`);
  if (f.subject !== undefined) where.push(`e.subject = ${p.add(f.subject)}`);
  if (f.role !== undefined) where.push(`d.role = ${p.add(f.role)}`);
  return where;
}
