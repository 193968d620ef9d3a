import type { FileDropConfig } from '@hub/config';
import { ProblemException } from '@hub/http-problem';
import type { SourcePrincipal } from '../auth/principal';
import { MAX_KEYS_PER_POST, readFileTotals } from './file-totals-body';

const dms: SourcePrincipal = { kind: 'source', id: 'duty-management', tenants: ['fen', 'moor'], types: ['dms.*'], sourceUris: new Set(['urn:erp-hub:source:dms']) };
const drops: FileDropConfig[] = [
  { id: 'dms-exports-fen', connector: 'dms', source: 'duty-management', tenant: 'fen', dir: 'var/drop/dms-fen', tokenRef: 'DMS_INGEST_TOKEN' },
  { id: 'dms-exports-moor', connector: 'dms', source: 'duty-management', tenant: 'moor', dir: 'var/drop/dms-moor', tokenRef: 'DMS_INGEST_TOKEN' },
  { id: 'payroll-runs-fen', connector: 'payroll', source: 'payroll-bureau', tenant: 'fen', dir: 'var/drop/payroll-fen', tokenRef: 'PAYROLL_INGEST_TOKEN' },
];
const at = new Date('2026-11-02T08:00:00Z');
const body = (over: Record<string, unknown> = {}) => ({
  tenant: 'fen', source: 'urn:erp-hub:source:dms', drop: 'dms-exports-fen', file: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'ab'.repeat(32), kind: 'DMS_EXPORT',
  trailer: { records: 3, controlTotal: 2_775, unit: 'hundredths-of-an-hour' }, posted: { records: 2, total: 1_975 }, quarantined: { records: 1, total: 800 },
  eventKeys: ['0'.repeat(32)], ...over,
});

function refusal(b: unknown, p = dms): { status: number; paths: string[] } {
  try {
    readFileTotals(b, p, drops, at);
  } catch (err) {
    if (err instanceof ProblemException) return { status: err.status, paths: err.errors.map((e) => e.path) };
    throw err;
  }
  throw new Error('accepted');
}

describe('a file-totals post from the gateway', () => {
  it("becomes a read file of the drop's connector, dated by the hub", () => {
    expect(readFileTotals(body(), dms, drops, at)).toEqual({
      row: {
        tenant: 'fen', system: 'dms', dropId: 'dms-exports-fen', fileName: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'ab'.repeat(32), kind: 'DMS_EXPORT',
        records: 3, controlTotal: 2_775, unit: 'hundredths-of-an-hour', posted: { records: 2, total: 1_975 }, quarantined: { records: 1, total: 800 }, at,
      },
      eventKeys: ['0'.repeat(32)],
    });
  });

  it.each([
    ['not an object', [], ['']],
    ['a field missing', { ...body(), trailer: undefined }, ['/trailer']],
    ['an unknown field', body({ readAt: '2026-11-02T08:00:00Z' }), ['/readAt']],
    ['a fractional count', body({ trailer: { records: 1.5, controlTotal: 1, unit: 'minor-units' } }), ['/trailer/records']],
    ['an unknown unit', body({ trailer: { records: 1, controlTotal: 1, unit: 'pounds' } }), ['/trailer/unit']],
    ['a file name with a path', body({ file: '../etc/passwd' }), ['/file']],
    ['a sha256 that is not one', body({ sha256: 'xyz' }), ['/sha256']],
    ['an event key that is not one', body({ eventKeys: ['evt-1'] }), ['/eventKeys/0']],
    ['too many keys', body({ eventKeys: Array.from({ length: MAX_KEYS_PER_POST + 1 }, () => 'a'.repeat(32)) }), ['/eventKeys']],
    ['more records than the trailer', body({ posted: { records: 3, total: 1 } }), ['/posted/records']],
  ])('refuses %s with 400 naming the field', (_, b, paths) => {
    expect(refusal(b)).toEqual({ status: 400, paths });
  });

  it.each([
    ['a tenant it may not post for', body({ tenant: 'vale' }), '/tenant'],
    ['another source URI', body({ source: 'urn:erp-hub:source:payroll' }), '/source'],
    ["another source's drop", body({ drop: 'payroll-runs-fen' }), '/drop'],
    ["its drop of another tenant", body({ drop: 'dms-exports-moor' }), '/drop'],
    ['a drop that does not exist', body({ drop: 'dms-exports-nowhere' }), '/drop'],
  ])('refuses %s with 403', (_, b, path) => {
    expect(refusal(b)).toEqual({ status: 403, paths: [path] });
  });
});
