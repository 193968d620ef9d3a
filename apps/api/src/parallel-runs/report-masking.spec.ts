import { join } from 'node:path';
import type { ComparisonExample, ParallelRunReport } from '@hub/ledger';
import { MASK, SchemaRegistry } from '@hub/schema-registry';
import { examplesOf, reportView } from './report-masking';

const registry = SchemaRegistry.load(join(__dirname, '..', '..', '..', '..', 'schemas'));
const personal = (type: string, pointer: string) => registry.isPersonalPointer(type, pointer);

const example = (path: string, primary: unknown, shadow: unknown, type = 'hr.employee.joined.v1'): ComparisonExample => ({
  eventKey: 'k1',
  eventId: 'evt-1',
  source: 'urn:erp-hub:source:hr',
  subject: 'FEN-1',
  type,
  day: '2026-11-23',
  acceptedAt: '2026-11-23T09:00:00.000Z',
  comparedAt: '2026-11-23T09:01:00.000Z',
  reasons: ['fields'],
  primary: { target: 'payroll-fen', outcome: 'acknowledged', state: 'delivered' },
  shadow: { target: 'cloud-erp-fen', outcome: 'acknowledged', state: 'delivered' },
  field: { path, primary: primary as never, shadow: shadow as never },
});

const report = (fields: ComparisonExample[]): ParallelRunReport => ({
  tenant: 'fen', domain: 'hr', from: '2026-11-23', to: '2026-11-23', compared: 2, agreed: 0, disagreed: 2,
  byReason: { outcome: 0, pending: 0, fields: 2 }, byField: [], byDay: [], pairs: [], onlyOneSide: { primary: [], shadow: [] }, fieldsNotCompared: [],
  examples: { outcome: [], pending: [], fields },
});

describe('reportView', () => {
  const r = report([example('/data/name/forename', 'Mary', 'Mary Ann'), example('/data/employment/fte', 0.8333, 0.83), example('/data/employment/annualSalary/amountMinor', 3150000, 3150001)]);

  it('masks the values at personal paths for a caller without pii-reader, and keeps the rest', () => {
    const view = reportView(r, personal, false);
    expect(view.masked).toBe(true);
    expect(view.examples.fields.map((e) => e.field)).toEqual([
      { path: '/data/name/forename', primary: MASK, shadow: MASK },
      { path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 },
      { path: '/data/employment/annualSalary/amountMinor', primary: MASK, shadow: MASK },
    ]);
    expect(JSON.stringify(view)).not.toContain('Mary');
    expect(r.examples.fields[0].field!.primary).toBe('Mary');
  });

  it('shows them to a pii-reader', () => {
    expect(reportView(r, personal, true).examples.fields[0].field).toEqual({ path: '/data/name/forename', primary: 'Mary', shadow: 'Mary Ann' });
  });

  it('leaves values forgotten past retention absent, not masked', () => {
    const forgotten = { ...example('/data/name/forename', 0, 0), field: { path: '/data/name/forename' } };
    expect(reportView(report([forgotten]), personal, false).examples.fields[0].field).toEqual({ path: '/data/name/forename' });
  });

  it('lists every example for the audit', () => {
    expect(examplesOf(r)).toHaveLength(3);
  });
});
