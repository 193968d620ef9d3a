import { InvalidLedgerInputError } from '../invalid-ledger-input.error';
import type { DeadLetterFilter } from '../ledger-filters';
import { SqlParams, toIso } from './sql-params';
import { normaliseScope } from './tenant-scope';

/**
 * WHERE conditions for dead-letter reads over `deliveries d LEFT JOIN events e`. Rows count as
 * dead letters once dead-lettered (`dead_lettered_at` set), which also lets the partial indexes serve.
 */
export function deadLetterWhere(f: DeadLetterFilter, p: SqlParams): string[] {
  const where = ['d.dead_lettered_at IS NOT NULL'];
  const scope = normaliseScope(f.tenants);
  if (scope !== '*') where.push(`d.tenant = ANY(${p.add(scope)}::text[])`);
  const states = f.state === undefined ? ['dead-lettered'] : typeof f.state === 'string' ? [f.state] : [...f.state];
  if (states.length === 0) throw new InvalidLedgerInputError('state filter must name at least one state');
  where.push(states.length === 1 ? `d.state = ${p.add(states[0])}` : `d.state = ANY(${p.add(states)}::text[])`);
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
