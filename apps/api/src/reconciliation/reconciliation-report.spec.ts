import type { FileTotalsRecord, ReconciliationTotals, UndeliveredSample } from '@hub/ledger';
import { driftOf, fileDriftOf, filesAgree, minus, reportRows } from './reconciliation-report';

const D = '2026-11-02';
const J = 'finance.journal.posted.v1';
const totals = (over: Partial<ReconciliationTotals> = {}): ReconciliationTotals => ({ accepted: [], acceptedMoney: [], deliveries: [], deliveryMoney: [], writtenFiles: [], ...over });
const dl = (target: string, state: string, deliveries: number, over: Record<string, unknown> = {}) => ({ day: D, type: J, target, role: 'primary' as const, state, deliveries, late: 0, ...over });
const money = (target: string, state: string, currency: string, amountMinor: number, deliveries = 1, role: 'primary' | 'shadow' = 'primary') => ({ day: D, type: J, target, role, state, currency, deliveries, amountMinor });

describe('reconciliation rows', () => {
  it('balances a target that acknowledged everything routed to it, money per currency included', () => {
    const [row] = reportRows(totals({
      accepted: [{ day: D, type: J, events: 3, unrouted: 0 }],
      acceptedMoney: [{ day: D, type: J, currency: 'GBP', events: 2, amountMinor: 15_000 }, { day: D, type: J, currency: 'EUR', events: 1, amountMinor: 700 }],
      deliveries: [dl('finance-fen', 'delivered', 3)],
      deliveryMoney: [money('finance-fen', 'delivered', 'GBP', 15_000, 2), money('finance-fen', 'delivered', 'EUR', 700)],
    }), false);
    expect(row).toMatchObject({
      target: 'finance-fen', role: 'primary', balanced: true,
      accepted: { events: 3, money: [{ currency: 'EUR', amountMinor: 700 }, { currency: 'GBP', amountMinor: 15_000 }] },
      routed: { events: 3 }, delivered: { events: 3, money: [{ currency: 'EUR', amountMinor: 700 }, { currency: 'GBP', amountMinor: 15_000 }] },
      pending: { events: 0, late: 0 }, deadLettered: { events: 0, money: [] }, discarded: { events: 0 },
    });
  });

  it('puts each undelivered delivery and its money under its state, pending ones by state and lateness', () => {
    const [row] = reportRows(totals({
      accepted: [{ day: D, type: J, events: 5, unrouted: 0 }],
      deliveries: [dl('finance-fen', 'delivered', 1), dl('finance-fen', 'held', 1, { late: 1 }), dl('finance-fen', 'retrying', 1), dl('finance-fen', 'dead-lettered', 1), dl('finance-fen', 'discarded', 1)],
      deliveryMoney: [money('finance-fen', 'delivered', 'GBP', 100), money('finance-fen', 'held', 'GBP', 200), money('finance-fen', 'retrying', 'GBP', 300), money('finance-fen', 'dead-lettered', 'GBP', 400), money('finance-fen', 'discarded', 'GBP', 500)],
    }), false);
    expect(row).toMatchObject({
      balanced: false,
      routed: { events: 5, money: [{ currency: 'GBP', amountMinor: 1_500 }] },
      delivered: { events: 1, money: [{ currency: 'GBP', amountMinor: 100 }] },
      pending: { events: 2, late: 1, byState: { queued: 0, held: 1, retrying: 1, replaying: 0 }, money: [{ currency: 'GBP', amountMinor: 500 }] },
      deadLettered: { events: 1, money: [{ currency: 'GBP', amountMinor: 400 }] },
      discarded: { events: 1, money: [{ currency: 'GBP', amountMinor: 500 }] },
    });
  });

  it('reports shadows apart, after the primaries, and events no route sent anywhere as a type-level row', () => {
    const rows = reportRows(totals({
      accepted: [{ day: D, type: J, events: 1, unrouted: 0 }, { day: D, type: 'dms.shift.rostered.v1', events: 4, unrouted: 4 }],
      deliveries: [{ ...dl('erp-fen', 'delivered', 1), role: 'shadow' }, dl('finance-fen', 'delivered', 1)],
    }), false);
    expect(rows.map((r) => [r.type, r.target, r.role])).toEqual([['dms.shift.rostered.v1', null, null], [J, 'finance-fen', 'primary'], [J, 'erp-fen', 'shadow']]);
    expect(rows[0]).toMatchObject({ accepted: { events: 4 }, unrouted: 4, balanced: true });
    // With a target asked for, only its rows.
    expect(reportRows(totals({ accepted: [{ day: D, type: 'dms.shift.rostered.v1', events: 4, unrouted: 4 }] }), true)).toEqual([]);
  });

  it('refuses a delivery state it does not know rather than leave it out of the sums', () => {
    expect(() => reportRows(totals({ deliveries: [dl('finance-fen', 'lost', 1)] }), false)).toThrow(/lost/);
  });
});

describe('written files beside the deliveries', () => {
  const delivered = { events: 2, money: [{ currency: 'GBP', amountMinor: 13_040 }] };
  it('agree when there is one per delivered event and their control totals are the delivered money', () => {
    expect(filesAgree({ files: 2, records: 5, totals: [{ unit: 'minor-units', currency: 'GBP', amount: 13_040 }] }, delivered)).toBe(true);
    expect(filesAgree({ files: 1, records: 1, totals: [{ unit: 'minor-units', currency: null, amount: 0 }] }, { events: 1, money: [] })).toBe(true);
  });
  it('disagree on a missing file, another total, or a total in another currency', () => {
    expect(filesAgree({ files: 1, records: 2, totals: [{ unit: 'minor-units', currency: 'GBP', amount: 13_040 }] }, delivered)).toBe(false);
    expect(filesAgree({ files: 2, records: 5, totals: [{ unit: 'minor-units', currency: 'GBP', amount: 13_039 }] }, delivered)).toBe(false);
    expect(filesAgree({ files: 2, records: 5, totals: [{ unit: 'minor-units', currency: 'EUR', amount: 13_040 }] }, delivered)).toBe(false);
  });
  it('make a row unbalanced when they disagree, and say so in its drift', () => {
    const rows = reportRows(totals({
      accepted: [{ day: D, type: J, events: 2, unrouted: 0 }],
      deliveries: [dl('finance-fen', 'delivered', 2)],
      deliveryMoney: [money('finance-fen', 'delivered', 'GBP', 13_040, 2)],
      writtenFiles: [{ day: D, type: J, target: 'finance-fen', role: 'primary', files: 2, records: 5, unit: 'minor-units', currency: 'GBP', controlTotal: 13_000 }],
    }), false);
    expect(rows[0].balanced).toBe(false);
    const [item] = driftOf(rows, []);
    expect(item).toMatchObject({ difference: { events: 0, money: [] }, causes: [], files: { files: { files: 2, totals: [{ amount: 13_000 }] } } });
  });
});

describe('the drift check', () => {
  const rows = reportRows(totals({
    accepted: [{ day: D, type: J, events: 4, unrouted: 0 }],
    deliveries: [dl('finance-fen', 'delivered', 1), dl('finance-fen', 'queued', 1, { late: 1 }), dl('finance-fen', 'dead-lettered', 1), dl('finance-fen', 'discarded', 1), { ...dl('erp-fen', 'delivered', 4), role: 'shadow' as const }],
    deliveryMoney: [money('finance-fen', 'delivered', 'GBP', 100), money('finance-fen', 'queued', 'GBP', 200), money('finance-fen', 'dead-lettered', 'EUR', 300), money('finance-fen', 'discarded', 'GBP', 400), money('erp-fen', 'delivered', 'GBP', 700, 3, 'shadow'), money('erp-fen', 'delivered', 'EUR', 300, 1, 'shadow')],
  }), false);
  const samples: UndeliveredSample[] = [
    { day: D, type: J, target: 'finance-fen', role: 'primary', state: 'queued', deliveryIds: ['finance-fen.q'], fingerprints: [], discardReasons: [] },
    { day: D, type: J, target: 'finance-fen', role: 'primary', state: 'dead-lettered', deliveryIds: ['finance-fen.d'], fingerprints: ['mapping-failed|finance-fen|/data/lines/*/amount/currency'], discardReasons: [] },
    { day: D, type: J, target: 'finance-fen', role: 'primary', state: 'discarded', deliveryIds: ['finance-fen.x'], fingerprints: [], discardReasons: ['withdrawn by finance, ticket 4711'] },
  ];

  it('names the tenant day, type and target, the difference, and each cause with its count, money and deliveries', () => {
    const [item, ...more] = driftOf(rows, samples);
    expect(more).toEqual([]);
    expect(item).toEqual({
      day: D, type: J, target: 'finance-fen', role: 'primary',
      routed: { events: 4, money: [{ currency: 'EUR', amountMinor: 300 }, { currency: 'GBP', amountMinor: 700 }] },
      delivered: { events: 1, money: [{ currency: 'GBP', amountMinor: 100 }] },
      difference: { events: 3, money: [{ currency: 'EUR', amountMinor: 300 }, { currency: 'GBP', amountMinor: 600 }] },
      causes: [
        { reason: 'pending', events: 1, money: [{ currency: 'GBP', amountMinor: 200 }], late: 1, byState: { queued: 1 }, deliveryIds: ['finance-fen.q'] },
        { reason: 'dead-lettered', events: 1, money: [{ currency: 'EUR', amountMinor: 300 }], deliveryIds: ['finance-fen.d'], fingerprints: ['mapping-failed|finance-fen|/data/lines/*/amount/currency'] },
        { reason: 'discarded', events: 1, money: [{ currency: 'GBP', amountMinor: 400 }], deliveryIds: ['finance-fen.x'], discardReasons: ['withdrawn by finance, ticket 4711'] },
      ],
    });
  });

  it('explains the whole difference: the causes add up to it, count and money', () => {
    for (const item of driftOf(rows, samples)) {
      const sum = item.causes.reduce((s, c) => ({ events: s.events + c.events, money: [...s.money, ...c.money] }), { events: 0, money: [] as { currency: string; amountMinor: number }[] });
      const perCurrency = (m: { currency: string; amountMinor: number }[]) => m.reduce<Record<string, number>>((o, x) => ({ ...o, [x.currency]: (o[x.currency] ?? 0) + x.amountMinor }), {});
      expect({ events: sum.events, money: perCurrency(sum.money) }).toEqual({ events: item.difference.events, money: perCurrency(item.difference.money) });
    }
  });

  it('finds nothing in balanced rows, the shadow that acknowledged everything included', () => {
    expect(driftOf(rows.filter((r) => r.balanced), samples)).toEqual([]);
    expect(rows.find((r) => r.role === 'shadow')?.balanced).toBe(true);
    expect(minus({ events: 2, money: [{ currency: 'GBP', amountMinor: 5 }] }, { events: 2, money: [{ currency: 'GBP', amountMinor: 5 }] })).toEqual({ events: 0, money: [] });
  });
});

describe('file drift', () => {
  const read = (over: Partial<Extract<FileTotalsRecord, { direction: 'read' }>> = {}): FileTotalsRecord => ({
    direction: 'read', day: D, dropId: 'dms-exports-fen', system: 'dms', fileName: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'a', kind: 'DMS_EXPORT', records: 3, controlTotal: 2_775,
    unit: 'hundredths-of-an-hour', currency: null, recordedAt: `${D}T08:00:00Z`, posted: { records: 3, total: 2_775 }, quarantined: { records: 0, total: 0 }, hub: { events: 3, linked: 3 }, ...over,
  });
  it('names records the gateway quarantined and posted ones the ledger lacks, and nothing when all are in', () => {
    expect(fileDriftOf([read()])).toEqual([]);
    expect(fileDriftOf([read({ posted: { records: 2, total: 1_975 }, quarantined: { records: 1, total: 800 }, hub: { events: 1, linked: 2 } })])).toEqual([{
      day: D, direction: 'read', fileName: 'DMSEXP_FEN_20261102080000.DAT', kind: 'DMS_EXPORT', where: 'dms-exports-fen',
      why: "1 of 3 records quarantined by the gateway (800 hundredths-of-an-hour of the trailer's 2775 hundredths-of-an-hour); 1 of the 2 records posted are not in the ledger (yet, or quarantined by the router)",
    }]);
  });
  it("names a written file whose control total is not its event's money", () => {
    const written: FileTotalsRecord = { direction: 'written', day: D, type: J, target: 'finance-fen', role: 'primary', system: 'finance', fileName: 'GlJournal_FEN_J1.csv', kind: 'GL_JOURNAL_IMPORT', records: 2, controlTotal: 100, unit: 'minor-units', currency: 'GBP', recordedAt: D, hub: { state: 'delivered', amountMinor: 100 } };
    expect(fileDriftOf([written])).toEqual([]);
    expect(fileDriftOf([{ ...written, hub: { state: 'delivered', amountMinor: 90 } }])).toEqual([expect.objectContaining({ where: 'finance-fen', why: "control total 100 minor units GBP, the hub's event 90 minor units GBP" })]);
  });
});
