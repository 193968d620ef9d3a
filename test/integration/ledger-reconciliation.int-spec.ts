// The ledger's reconciliation statements on real PostgreSQL (migration 0012): sums per day of
// acceptance (UTC), type, target, role and state, money by MONEY_FIELDS computed in SQL and
// checked against the same rules in TypeScript (moneyOf), file control totals, the gauge's count.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { moneyJsonPaths, moneyOf } from '@hub/canonical-types';
import { DeliveryErrorCode } from '@hub/connector-sdk';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { DeliveryLedger, fingerprint, InvalidLedgerInputError, runLedgerMigrations } from '@hub/ledger';

const url = process.env.DATABASE_URL!;
const rules = moneyJsonPaths();
const journal = (n: number, lines: [string, number, string][]): CanonicalEvent => ({
  specversion: '1.0', id: `jnl-${n}`, source: 'urn:erp-hub:source:finance', type: 'finance.journal.posted.v1', subject: `JNL-${n}`, tenant: 'fen',
  data: { journalId: `JNL-${n}`, postedOn: '2026-11-02', accountingPeriod: '2026/27-P08', source: 'manual', lines: lines.map(([side, amountMinor, currency], i) => ({ glAccount: '5001', costCentre: 'FEN100', side, amount: { amountMinor, currency }, narrative: `line ${i}` })) },
});
const invoice = (n: number, documentType: string, amountMinor: number, tenant = 'fen'): CanonicalEvent => ({
  specversion: '1.0', id: `inv-${tenant}-${n}`, source: 'urn:erp-hub:source:procurement', type: 'procurement.invoice.received.v1', subject: `SUP-1/${n}`, tenant,
  data: { documentType, net: { amountMinor, currency: 'GBP' }, vat: { amountMinor: 0, currency: 'GBP' }, gross: { amountMinor, currency: 'GBP' } },
});
const DAY1 = '2026-11-02';
const DAY2 = '2026-11-03';
const at = (day: string, hh = 10) => new Date(`${day}T${String(hh).padStart(2, '0')}:00:00Z`);

/** What moneyOf says the events hold, per currency: the expected sums, never written out by hand. */
function expected(events: CanonicalEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) for (const [c, a] of moneyOf(e.type, e.data)) out[c] = (out[c] ?? 0) + a;
  return out;
}
const asRecord = (rows: { currency: string; amountMinor: number }[]) => Object.fromEntries(rows.map((r) => [r.currency, r.amountMinor]));

describe('ledger reconciliation on PostgreSQL', () => {
  const schema = `ledger_test_recon_${randomBytes(4).toString('hex')}`;
  let admin: Pool;
  let ledger: DeliveryLedger;
  const j = [
    journal(1, [['debit', 10_040, 'GBP'], ['credit', 10_040, 'GBP']]),
    journal(2, [['debit', 2_500, 'GBP'], ['debit', 500, 'GBP'], ['credit', 3_000, 'GBP']]),
    journal(3, [['debit', 7_700, 'EUR'], ['credit', 7_700, 'EUR']]),
    journal(4, [['debit', 1_234, 'GBP'], ['credit', 1_234, 'GBP']]),
    journal(5, [['debit', 999, 'GBP'], ['credit', 999, 'GBP']]),
  ];
  const inv = [invoice(1, 'invoice', 50_000), invoice(2, 'credit-note', 12_000), invoice(3, 'invoice', 8_000, 'moor')];
  const key = keyOfEvent;

  beforeAll(async () => {
    admin = new Pool({ connectionString: url, max: 1 });
    await runLedgerMigrations(url, { schema });
    ledger = DeliveryLedger.connect(url, schema);
    const route = (e: CanonicalEvent, target: string, day: string, role: 'primary' | 'shadow' = 'primary') => ({ eventKey: key(e), target, tenant: e.tenant, subject: e.subject, orderKey: 0, ordered: false, role, at: at(day) });
    // Day 1: journals 1-4 to finance-fen (and 1 to a shadow), the invoices; day 2: journal 5 (accepted 23:00, queued 10:00 for the gauge's sake).
    await ledger.recordRouted(
      [...j.slice(0, 4), ...inv].map((e) => ({ eventKey: key(e), event: e, acceptedAt: at(DAY1) })),
      [...j.slice(0, 4).map((e) => route(e, 'finance-fen', DAY1)), route(j[0], 'erp-fen', DAY1, 'shadow'), route(inv[0], 'finance-fen', DAY1), route(inv[1], 'finance-fen', DAY1), route(inv[2], 'finance-moor', DAY1)],
      at(DAY1),
    );
    await ledger.recordRouted([{ eventKey: key(j[4]), event: j[4], acceptedAt: at(DAY2, 23) }], [route(j[4], 'finance-fen', DAY2)], at(DAY2, 23));
    const attempt = (e: CanonicalEvent, target: string, outcome: 'delivered' | 'dead-lettered' | 'retrying') => ({
      eventKey: key(e), target, tenant: e.tenant, attempt: 1, outcome,
      ...(outcome === 'delivered' ? {} : { error: { code: DeliveryErrorCode.MappingFailed, message: 'the ledger books GBP only', field: '/data/lines/0/amount/currency' } }),
      at: at(DAY1, 11),
    });
    // journal 1, 2 and the invoices delivered; journal 3 (EUR) a dead letter; journal 4 retrying; journal 5 queued; the shadow dead-lettered, then discarded.
    await ledger.recordAttempts([attempt(j[0], 'finance-fen', 'delivered'), attempt(j[1], 'finance-fen', 'delivered'), attempt(inv[0], 'finance-fen', 'delivered'), attempt(inv[1], 'finance-fen', 'delivered'), attempt(inv[2], 'finance-moor', 'delivered')]);
    await ledger.recordAttempts([attempt(j[2], 'finance-fen', 'dead-lettered'), attempt(j[3], 'finance-fen', 'retrying'), attempt(j[0], 'erp-fen', 'dead-lettered')]);
    await ledger.markDiscarded([{ eventKey: key(j[0]), target: 'erp-fen' }], 'parallel run: the ERP has no such account', at(DAY1, 12), '*');
    // The import files the finance connector wrote for the delivered journals, as it counts them.
    await ledger.recordWrittenFiles(j.slice(0, 2).map((e) => ({
      tenant: 'fen', system: 'finance', target: 'finance-fen', eventKey: key(e), fileName: `GlJournal_FEN_${e.subject}.csv`, kind: 'GL_JOURNAL_IMPORT',
      records: (e.data as { lines: unknown[] }).lines.length, controlTotal: moneyOf(e.type, e.data).get('GBP')!, unit: 'minor-units' as const, currency: 'GBP', at: at(DAY1, 11),
    })));
  });

  afterAll(async () => {
    await ledger?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  const window = { tenant: 'fen', from: DAY1, to: DAY2 };

  it('counts events accepted per UTC day and type, with their money per currency as MONEY_FIELDS adds it up', async () => {
    const t = await ledger.reconciliationTotals(window, rules, at(DAY1, 0));
    expect(t.accepted.sort((a, b) => (a.day + a.type).localeCompare(b.day + b.type))).toEqual([
      { day: DAY1, type: 'finance.journal.posted.v1', events: 4, unrouted: 0 },
      { day: DAY1, type: 'procurement.invoice.received.v1', events: 2, unrouted: 0 },
      { day: DAY2, type: 'finance.journal.posted.v1', events: 1, unrouted: 0 },
    ]);
    const money = (day: string, type: string) => asRecord(t.acceptedMoney.filter((m) => m.day === day && m.type === type));
    expect(money(DAY1, 'finance.journal.posted.v1')).toEqual(expected(j.slice(0, 4)));
    expect(Object.keys(money(DAY1, 'finance.journal.posted.v1')).sort()).toEqual(['EUR', 'GBP']);
    // A credit note counts negative; moor's invoice is not fen's.
    expect(money(DAY1, 'procurement.invoice.received.v1')).toEqual(expected(inv.slice(0, 2)));
    expect(money(DAY2, 'finance.journal.posted.v1')).toEqual(expected([j[4]]));
  });

  it('sums deliveries per target, role and state, with the money of each, the shadow apart', async () => {
    const t = await ledger.reconciliationTotals({ ...window, type: 'finance.journal.posted.v1' }, rules, at(DAY2, 9));
    const states = (target: string, day = DAY1) => Object.fromEntries(t.deliveries.filter((d) => d.target === target && d.day === day).map((d) => [d.state, d.deliveries]));
    expect(states('finance-fen')).toEqual({ delivered: 2, 'dead-lettered': 1, retrying: 1 });
    expect(states('finance-fen', DAY2)).toEqual({ queued: 1 });
    expect(t.deliveries.filter((d) => d.target === 'erp-fen')).toEqual([expect.objectContaining({ role: 'shadow', state: 'discarded', deliveries: 1 })]);
    expect(t.deliveries.find((d) => d.state === 'retrying')).toMatchObject({ late: 1 });
    expect(t.deliveries.find((d) => d.state === 'queued')).toMatchObject({ late: 0 });
    const money = (state: string) => asRecord(t.deliveryMoney.filter((m) => m.target === 'finance-fen' && m.state === state));
    expect(money('delivered')).toEqual(expected(j.slice(0, 2)));
    expect(money('dead-lettered')).toEqual(expected([j[2]]));
    expect(money('retrying')).toEqual(expected([j[3]]));
    expect(t.writtenFiles).toEqual([
      { day: DAY1, type: 'finance.journal.posted.v1', target: 'finance-fen', role: 'primary', files: 2, records: 5, unit: 'minor-units', currency: 'GBP', controlTotal: expected(j.slice(0, 2)).GBP },
    ]);
  });

  it('answers a target filter, and nothing of another tenant', async () => {
    const t = await ledger.reconciliationTotals({ ...window, target: 'erp-fen' }, rules, new Date());
    expect([...new Set(t.deliveries.map((d) => d.target))]).toEqual(['erp-fen']);
    const moor = await ledger.reconciliationTotals({ tenant: 'moor', from: DAY1, to: DAY1 }, rules, new Date());
    expect(moor.accepted).toEqual([{ day: DAY1, type: 'procurement.invoice.received.v1', events: 1, unrouted: 0 }]);
    expect(moor.deliveries.map((d) => d.target)).toEqual(['finance-moor']);
    expect((await ledger.reconciliationTotals({ tenant: 'fen', from: DAY2, to: DAY2 }, rules, new Date())).accepted).toEqual([{ day: DAY2, type: 'finance.journal.posted.v1', events: 1, unrouted: 0 }]);
  });

  it('names the undelivered ones by delivery id, with their fingerprints and discard reasons', async () => {
    const s = await ledger.undeliveredSamples(window, 10);
    expect(s.find((x) => x.state === 'dead-lettered')).toEqual({
      day: DAY1, type: 'finance.journal.posted.v1', target: 'finance-fen', role: 'primary', state: 'dead-lettered',
      deliveryIds: [`finance-fen.${key(j[2])}`], fingerprints: [fingerprint(DeliveryErrorCode.MappingFailed, 'finance-fen', '/data/lines/0/amount/currency')], discardReasons: [],
    });
    expect(s.find((x) => x.state === 'discarded')).toMatchObject({ target: 'erp-fen', role: 'shadow', discardReasons: ['parallel run: the ERP has no such account'] });
    expect(s.some((x) => x.state === 'delivered')).toBe(false);
    expect((await ledger.undeliveredSamples(window, 0)).every((x) => x.deliveryIds.length === 0)).toBe(true);
  });

  it('lists written files beside their delivery and its money, read files beside the events the ledger has of them', async () => {
    const [shift] = [{ ...j[0], id: 'sh-1', type: 'dms.shift.rostered.v1', subject: 'FEN-1', data: { paidHours: 10 } }];
    await ledger.recordRouted([{ eventKey: key(shift), event: shift, acceptedAt: at(DAY1, 9) }], [], at(DAY1, 9));
    const read = {
      tenant: 'fen', system: 'dms', dropId: 'dms-exports-fen', fileName: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'a'.repeat(64), kind: 'DMS_EXPORT',
      records: 3, controlTotal: 2_775, unit: 'hundredths-of-an-hour' as const, posted: { records: 2, total: 1_975 }, quarantined: { records: 1, total: 800 }, at: at(DAY1, 8),
    };
    const first = await ledger.recordReadFile(read, [key(shift)]);
    // Told again (a retry, or keys in parts): one row, the keys joined, one never accepted counted apart.
    expect(await ledger.recordReadFile(read, [key(shift), 'f'.repeat(32)])).toEqual(first);
    const files = await ledger.filesInWindow(window, rules, 100);
    expect(files.filter((f) => f.direction === 'written').map((f) => f.fileName)).toEqual(j.slice(0, 2).map((e) => `GlJournal_FEN_${e.subject}.csv`));
    expect(files.find((f) => f.direction === 'written')).toMatchObject({ day: DAY1, target: 'finance-fen', role: 'primary', records: 2, controlTotal: expected([j[0]]).GBP, hub: { state: 'delivered', amountMinor: expected([j[0]]).GBP } });
    expect(files.filter((f) => f.direction === 'read')).toEqual([expect.objectContaining({ day: DAY1, fileName: read.fileName, records: 3, controlTotal: 2_775, posted: read.posted, quarantined: read.quarantined, hub: { events: 1, linked: 2 } })]);
    expect(await ledger.filesInWindow({ ...window, target: 'finance-fen' }, rules, 100)).toEqual(files.filter((f) => f.direction === 'written'));
    expect(await ledger.filesInWindow({ ...window, type: 'dms.shift.rostered.v1' }, rules, 100)).toEqual(files.filter((f) => f.direction === 'read'));
    expect(await ledger.filesInWindow({ tenant: 'moor', from: DAY1, to: DAY2 }, rules, 100)).toEqual([]);
    expect(await ledger.filesInWindow(window, rules, 1)).toHaveLength(1);
  });

  it('counts open deliveries queued before a cut-off per tenant, target and role, for the gauge', async () => {
    const before = await ledger.unreconciledDeliveries(at(DAY2, 0));
    expect(before).toEqual([{ tenant: 'fen', target: 'finance-fen', role: 'primary', deliveries: 1 }]);
    const later = await ledger.unreconciledDeliveries(at(DAY2, 23));
    expect(later).toEqual([{ tenant: 'fen', target: 'finance-fen', role: 'primary', deliveries: 2 }]);
  });

  it('forgets read files past retention, and written ones only once their events are forgotten', async () => {
    const before = (await ledger.filesInWindow(window, rules, 100)).length;
    expect(await ledger.pruneFileTotals(at(DAY1, 0))).toBe(0);
    // Past every file's time: the read file goes, the written ones stay while their events do.
    expect(await ledger.pruneFileTotals(at(DAY2, 23))).toBe(1);
    expect((await ledger.filesInWindow(window, rules, 100)).map((f) => f.direction)).toEqual(Array(before - 1).fill('written'));
  });

  it('refuses a day that is not one, and totals that are not whole numbers', async () => {
    await expect(ledger.reconciliationTotals({ ...window, from: '2026-02-30' }, rules, new Date())).rejects.toThrow(InvalidLedgerInputError);
    await expect(ledger.recordWrittenFiles([{ tenant: 'fen', system: 'finance', target: 'finance-fen', eventKey: key(j[0]), fileName: 'x.csv', kind: 'GL_JOURNAL_IMPORT', records: 1.5, controlTotal: 1, unit: 'minor-units', at: new Date() }])).rejects.toThrow(InvalidLedgerInputError);
  });
});
