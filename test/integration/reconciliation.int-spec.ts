// Reconciliation on the whole demo landscape, real Kafka, Redis and PostgreSQL: a day that
// balances (with the finance ledger's import files beside it), a discarded dead letter and money
// in two currencies, pending and dead-lettered drift and the gauge, a duty-management export's
// trailer beside what the hub took of it, the CSV, the dashboard page, tenant scope and every bad
// query a 4xx. Expected figures are computed from the events posted (MONEY_FIELDS' moneyOf), never
// written out. Every event here is accepted today, so each case keeps to its own tenant and type.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '@apps/cli';
import { moneyOf } from '@hub/canonical-types';
import { penceOf } from '@hub/connector-sdk';
import { annualLeave, earlyShift, overtimeNight } from '@connectors/dms';
import type { CanonicalEvent } from '@hub/events';
import { waitFor } from '@hub/testing';
import { Force, SOURCE_URIS, TestLandscape, TOKENS } from '@test/support';

const JOURNAL = 'finance.journal.posted.v1';
const PAY_CHANGE = 'payroll.pay-change.requested.v1';
const uid = () => randomBytes(4).toString('hex').toUpperCase();
const utcDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
// Yesterday to tomorrow: today's events, whichever side of midnight the run falls on.
const WINDOW = () => ({ from: utcDay(-1), to: utcDay(1) });

function journal(force: Force, lines: [side: 'debit' | 'credit', amountMinor: number, currency?: string][]): CanonicalEvent {
  const id = `${force.toUpperCase()}-JNL-${uid()}`;
  const cc = `${force.toUpperCase()}4410`;
  return {
    specversion: '1.0', id: `evt-${id}`, source: SOURCE_URIS.allSystems, type: JOURNAL, subject: id, tenant: force,
    data: { journalId: id, postedOn: '2026-12-10', accountingPeriod: '2026/27-P09', source: 'manual', lines: lines.map(([side, amountMinor, currency = 'GBP']) => ({ glAccount: '6120', costCentre: cc, side, amount: { amountMinor, currency } })) },
  };
}
function payChange(force: Force, amountMinor: number): CanonicalEvent {
  const requestId = `${force.toUpperCase()}-PCR-${uid()}`;
  const employeeId = `${force.toUpperCase()}-${String(Math.floor(Math.random() * 90_000) + 10_000)}`;
  return {
    specversion: '1.0', id: `evt-${requestId}`, source: SOURCE_URIS.hr, type: PAY_CHANGE, subject: employeeId, tenant: force,
    data: { requestId, employeeId, changeType: 'pay-award', amount: { amountMinor, currency: 'GBP' }, basis: 'annual', effectiveFrom: '2026-09-01' },
  };
}

type Amount = { currency: string; amountMinor: number };
type Tally = { events: number; money: Amount[] };
/** Money per currency of events, as MONEY_FIELDS adds it up. */
function expected(events: CanonicalEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) for (const [c, a] of moneyOf(e.type, e.data)) out[c] = (out[c] ?? 0) + a;
  return out;
}
const asRecord = (t: Tally) => Object.fromEntries(t.money.filter((m) => m.amountMinor !== 0).map((m) => [m.currency, m.amountMinor]));
/** The rows of one type and target, summed over the window's days. */
function summed(rows: any[], type: string, target: string) {
  const mine = rows.filter((r) => r.type === type && r.target === target);
  const add = (k: string): Tally => {
    const money: Record<string, number> = {};
    for (const r of mine) for (const m of r[k].money as Amount[]) money[m.currency] = (money[m.currency] ?? 0) + m.amountMinor;
    return { events: mine.reduce((n, r) => n + r[k].events, 0), money: Object.entries(money).map(([currency, amountMinor]) => ({ currency, amountMinor })) };
  };
  return { rows: mine, routed: add('routed'), delivered: add('delivered'), pending: add('pending'), deadLettered: add('deadLettered'), discarded: add('discarded'), accepted: add('accepted') };
}

describe('reconciliation', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ systems: true, retry: { attempts: 2, backoffMs: 50, maxBackoffMs: 100 }, breaker: { failures: 1000 }, env: { RECONCILE_GRACE_MS: '1000' } });
  });
  afterAll(async () => {
    await l?.close();
  });

  const q = (o: Record<string, string | undefined>) => new URLSearchParams(Object.entries({ ...WINDOW(), ...o }).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  const report = async (o: Record<string, string | undefined>, token = TOKENS.opsViewer) => {
    const a = await l.api('GET', `/v1/reconciliation?${q(o)}`, token);
    expect(a.status).toBe(200);
    return a.body;
  };
  const drift = async (o: Record<string, string | undefined>, token = TOKENS.opsViewer) => {
    const a = await l.api('GET', `/v1/reconciliation/drift?${q(o)}`, token);
    expect(a.status).toBe(200);
    return a.body;
  };
  const post = async (events: CanonicalEvent[], token: string) => {
    for (const e of events) expect((await l.post(e, {}, token)).status).toBe(202);
  };
  const settled = (e: CanonicalEvent, state: 'delivered' | 'dead-lettered') => l.waitForTrace(e, state);

  it('balances a day whose journals were all delivered, and shows each import file the ledger got beside the hub’s numbers', async () => {
    const journals = [journal('fen', [['debit', 125_000], ['credit', 125_000]]), journal('fen', [['debit', 10_040], ['debit', 7], ['credit', 10_047]]), journal('fen', [['debit', 99_999], ['credit', 99_999]])];
    await post(journals, TOKENS.allSystems);
    for (const e of journals) await settled(e, 'delivered');

    const r = await report({ tenant: 'fen', type: JOURNAL });
    expect(r).toMatchObject({ tenant: 'fen', dayBoundary: 'UTC', balanced: true, moneyRules: { [JOURNAL]: expect.stringContaining('debit') } });
    const s = summed(r.rows, JOURNAL, 'finance-fen');
    expect(s.rows.every((x: any) => x.balanced && x.role === 'primary')).toBe(true);
    expect(s.routed.events).toBe(journals.length);
    expect(s.delivered.events).toBe(journals.length);
    expect(asRecord(s.routed)).toEqual(expected(journals));
    expect(asRecord(s.delivered)).toEqual(expected(journals));
    expect(asRecord(s.accepted)).toEqual(expected(journals));

    // The files: what the ledger recounted in each, beside the hub's money of the same journal.
    const imports = [...l.systems!.ledger.fen.imports.values()];
    const files = r.files.filter((f: any) => f.direction === 'written');
    expect(files.map((f: any) => f.fileName).sort()).toEqual(journals.map((e) => `GlJournal_FEN_${(e.data as any).journalId}.csv`).sort());
    for (const f of files) {
      const got = imports.find((i) => i.fileName === f.fileName)!;
      expect({ records: f.records, controlTotal: f.controlTotal, currency: f.currency }).toEqual({ records: got.lineCount, controlTotal: penceOf(got.controlTotal), currency: 'GBP' });
      expect(f.hub).toEqual({ state: 'delivered', amountMinor: f.controlTotal });
    }
    expect(s.rows.reduce((n: number, x: any) => n + x.files.files, 0)).toBe(journals.length);
    expect((await drift({ tenant: 'fen', type: JOURNAL })).items).toEqual([]);
  });

  it('shows a dead letter discarded with a reason as discarded drift with its amount, in its own currency beside the other', async () => {
    const gbp = journal('moor', [['debit', 50_000], ['credit', 50_000]]);
    // The ledger books GBP only: a euro journal is a dead letter at once (mapping-failed).
    const eur = journal('moor', [['debit', 7_700, 'EUR'], ['credit', 7_700, 'EUR']]);
    await post([gbp, eur], TOKENS.allSystems);
    await settled(gbp, 'delivered');
    await settled(eur, 'dead-lettered');
    const [letter] = (await l.api('GET', `/v1/dead-letters?subject=${eur.subject}`)).body.items;
    const reason = 'euro journal posted in error, finance ticket 4711';
    expect((await l.api('DELETE', `/v1/dead-letters/${letter.id}`, TOKENS.opsAdmin, { reason })).status).toBe(204);

    const s = summed((await report({ tenant: 'moor', type: JOURNAL })).rows, JOURNAL, 'finance-moor');
    expect(asRecord(s.accepted)).toEqual(expected([gbp, eur]));
    expect(Object.keys(asRecord(s.accepted)).sort()).toEqual(['EUR', 'GBP']);
    expect(asRecord(s.delivered)).toEqual(expected([gbp]));
    expect(asRecord(s.discarded)).toEqual(expected([eur]));

    const d = await drift({ tenant: 'moor', type: JOURNAL });
    expect(d.balanced).toBe(false);
    expect(d.items).toHaveLength(1);
    expect(d.items[0]).toMatchObject({ target: 'finance-moor', role: 'primary', difference: { events: 1, money: [{ currency: 'EUR', amountMinor: expected([eur]).EUR }] } });
    expect(d.items[0].causes).toEqual([{ reason: 'discarded', events: 1, money: [{ currency: 'EUR', amountMinor: expected([eur]).EUR }], deliveryIds: [letter.id], discardReasons: [reason] }]);
    // Ids of events are not in the answer; the delivery is named by its dead-letter id.
    expect(JSON.stringify(d)).not.toContain(eur.id);
  });

  it('shows pending and dead-lettered drift, and counts the late pending ones in hub_unreconciled_deliveries', async () => {
    expect((await l.api('POST', '/v1/targets/payroll-vale/pause', TOKENS.opsAdmin, { reason: 'reconciliation test: hold vale payroll' })).status).toBe(200);
    const held = [payChange('vale', 3_376_500), payChange('vale', 120_000)];
    await post(held, TOKENS.hr);
    const eur = journal('vale', [['debit', 4_200, 'EUR'], ['credit', 4_200, 'EUR']]);
    await post([eur], TOKENS.allSystems);
    await settled(eur, 'dead-lettered');

    const gauge = async () => {
      const text: string = (await l.api('GET', '/metrics', TOKENS.metrics)).body;
      const m = /^hub_unreconciled_deliveries\{tenant="vale",target="payroll-vale",role="primary"\} (\d+)$/m.exec(text);
      return m ? Number(m[1]) : 0;
    };
    // RECONCILE_GRACE_MS is 1 s here: once it has passed, both count.
    await waitFor('the held pay changes to count as unreconciled', async () => (await gauge()) === held.length || undefined, 20_000);

    const pay = summed((await report({ tenant: 'vale', type: PAY_CHANGE })).rows, PAY_CHANGE, 'payroll-vale');
    expect(pay.routed.events).toBe(held.length);
    expect(asRecord(pay.pending)).toEqual(expected(held));
    const d = await drift({ tenant: 'vale' });
    const payItem = d.items.find((i: any) => i.type === PAY_CHANGE);
    expect(payItem.causes).toEqual([expect.objectContaining({ reason: 'pending', events: held.length, late: held.length, byState: { queued: held.length }, money: [{ currency: 'GBP', amountMinor: expected(held).GBP }] })]);
    expect(payItem.causes[0].deliveryIds).toHaveLength(held.length);
    const jItem = d.items.find((i: any) => i.type === JOURNAL);
    expect(jItem.causes).toEqual([expect.objectContaining({ reason: 'dead-lettered', events: 1, money: [{ currency: 'EUR', amountMinor: expected([eur]).EUR }], fingerprints: ['mapping-failed|finance-vale|/data/lines/*/amount/currency'] })]);
    // The target filter narrows it to one target.
    expect((await drift({ tenant: 'vale', target: 'finance-vale' })).items.map((i: any) => i.target)).toEqual(['finance-vale']);

    expect((await l.api('POST', '/v1/targets/payroll-vale/resume', TOKENS.opsAdmin, { reason: 'reconciliation test done' })).status).toBe(200);
  });

  it("shows a duty-management export's trailer beside the hub's count of its records, the quarantined one named", async () => {
    const tag = uid();
    const records = [earlyShift({ shiftId: `FEN-SH-${tag}-1` }), annualLeave({ bookingId: `FEN-LV-${tag}`, leaveType: 'ZZ' }), overtimeNight({ shiftId: `FEN-SH-${tag}-2` })];
    const drop = l.systems!.dropDir('dms', 'fen');
    const name = (await l.systems!.dms.fen.exportFile(join(drop, 'inbox'), records)).split('/').pop()!;
    await waitFor('the export to be processed', () => existsSync(join(drop, 'processed', name)));
    const hundredths = records.map((r) => Math.round(r.hours * 100));
    const file = await waitFor('the file and its events in the report', async () => {
      const f = (await report({ tenant: 'fen' })).files.find((x: any) => x.fileName === name);
      return f && f.hub.events === 2 ? f : undefined;
    });
    expect(file).toMatchObject({
      direction: 'read', dropId: 'dms-exports-fen', kind: 'DMS_EXPORT', unit: 'hundredths-of-an-hour',
      records: records.length, controlTotal: hundredths.reduce((a, b) => a + b, 0),
      posted: { records: 2, total: hundredths[0] + hundredths[2] }, quarantined: { records: 1, total: hundredths[1] }, hub: { events: 2, linked: 2 },
    });
    expect((await drift({ tenant: 'fen' })).files).toEqual([expect.objectContaining({ fileName: name, direction: 'read', where: 'dms-exports-fen', why: expect.stringContaining('1 of 3 records quarantined by the gateway') })]);
    // A type of the file narrows to it; a target leaves read files out (they have none).
    expect((await report({ tenant: 'fen', type: 'dms.shift.rostered.v1' })).files.map((f: any) => f.fileName)).toContain(name);
    expect((await report({ tenant: 'fen', target: 'finance-fen' })).files.filter((f: any) => f.direction === 'read')).toEqual([]);
  });

  // Reads what the cases above left in fen and moor.
  it('prints the report for finance as CSV, in minor units, files included', async () => {
    const out: string[] = [];
    const code = await runCli(['--url', l.hub.url!, 'reconcile', '--tenant', 'fen', '--from', WINDOW().from, '--to', WINDOW().to, '--csv'], { env: { HUB_TOKEN: TOKENS.opsViewer }, out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(0);
    const rows = parse(out.join('\n'), { columns: true }) as Record<string, string>[];
    const api = await report({ tenant: 'fen' });
    const totals = rows.filter((r) => r.record === 'totals' && r.type === JOURNAL && r.target === 'finance-fen');
    const s = summed(api.rows, JOURNAL, 'finance-fen');
    expect(totals.reduce((n, r) => n + Number(r.acknowledged_minor), 0)).toBe(asRecord(s.delivered).GBP);
    expect(totals.every((r) => r.currency === 'GBP' && r.balanced === 'true' && r.difference_minor === '0')).toBe(true);
    expect(rows.filter((r) => r.record === 'file-written').map((r) => r.file_name).sort()).toEqual(api.files.filter((f: any) => f.direction === 'written').map((f: any) => f.fileName).sort());
    expect(rows.filter((r) => r.record === 'file-read')).toEqual(api.files.filter((f: any) => f.direction === 'read').map((f: any) => expect.objectContaining({ file_name: f.fileName, file_records: String(f.records), quarantined_records: String(f.quarantined.records) })));

    const text: string[] = [];
    expect(await runCli(['--url', l.hub.url!, 'reconcile', '--tenant', 'moor', '--from', WINDOW().from, '--to', WINDOW().to, '--drift'], { env: { HUB_TOKEN: TOKENS.opsViewer }, out: (x) => text.push(x), err: (x) => text.push(x) })).toBe(0);
    expect(text.join('\n')).toMatch(/→ finance-moor: 2 routed, 1 delivered, 1 short \(EUR 77\.00\)\n\s+1 discarded: EUR 77\.00; "euro journal posted in error, finance ticket 4711"/);
  });

  // Reads what the cases above left: fen's balanced journals, moor's discarded euro journal.
  it('shows the dashboard page per tenant and day behind the ops login, drift highlighted, and only the caller’s tenants', async () => {
    const page = async (token: string | null, query = '') => fetch(`${l.hub.url}/ops/dashboard/reconciliation${query}`, { headers: token ? { authorization: `Basic ${Buffer.from(`ops:${token}`).toString('base64')}` } : {} });
    expect((await page(null)).status).toBe(401);
    expect((await page(TOKENS.hr)).status).toBe(401);
    const fen = await page(TOKENS.fenOperator, `?${q({})}`);
    expect(fen.status).toBe(200);
    expect(fen.headers.get('x-frame-options')).toBe('DENY');
    expect(fen.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await fen.text();
    expect([...html.matchAll(/<section data-tenant="([^"]+)"/g)].map((m) => m[1])).toEqual(['fen']);
    expect(html).toContain(`data-type="${JOURNAL}" data-target="finance-fen" data-balanced="true"`);
    const moor = await (await page(TOKENS.opsViewer, `?${q({ tenant: 'moor' })}`)).text();
    expect(moor).toMatch(new RegExp(`data-type="${JOURNAL.replace(/\./g, '\\.')}" data-target="finance-moor" data-balanced="false" class="drift"`));
    expect(moor).toContain('euro journal posted in error, finance ticket 4711');
    expect((await page(TOKENS.fenOperator, `?${q({ tenant: 'moor' })}`)).status).toBe(404);
    expect((await page(TOKENS.opsViewer, `?${q({ tenant: 'fen', from: 'yesterday' })}`)).status).toBe(400);
  });

  it("keeps each force to its own: another tenant's reconciliation is 404, as one that does not exist", async () => {
    const asFen = await l.api('GET', `/v1/reconciliation?${q({ tenant: 'moor' })}`, TOKENS.fenOperator);
    const nowhere = await l.api('GET', `/v1/reconciliation?${q({ tenant: 'nowhere' })}`, TOKENS.opsViewer);
    expect(asFen).toMatchObject({ status: 404, body: { status: 404, errors: [{ path: '/tenant' }] } });
    expect(nowhere.status).toBe(404);
    expect(asFen.body.errors[0].message.replace('moor', 'x')).toBe(nowhere.body.errors[0].message.replace('nowhere', 'x'));
    expect((await l.api('GET', `/v1/reconciliation/drift?${q({ tenant: 'moor' })}`, TOKENS.fenOperator)).status).toBe(404);
    const own = await l.api('GET', `/v1/reconciliation?${q({ tenant: 'fen' })}`, TOKENS.fenOperator);
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toMatch(/finance-moor|payroll-moor|dms-exports-moor/);
  });

  it.each([
    ['no tenant', 400, '/tenant', { tenant: undefined }],
    ['an unknown tenant', 404, '/tenant', { tenant: 'nowhere' }],
    ['from after to', 400, '/from', { tenant: 'fen', from: '2026-11-30', to: '2026-11-01' }],
    ['a bad date', 400, '/from', { tenant: 'fen', from: '2026-02-30' }],
    ['a time instead of a day', 400, '/to', { tenant: 'fen', to: '2026-11-01T00:00:00Z' }],
    ['a window of 93 days', 400, '/to', { tenant: 'fen', from: '2026-01-01', to: '2026-04-03' }],
    ['an unknown type', 400, '/type', { tenant: 'fen', type: 'finance.journal.posted.v7' }],
    ["another tenant's target", 400, '/target', { tenant: 'fen', target: 'finance-moor' }],
  ])('answers %s with a %i problem naming %s, on both endpoints', async (_, status, path, o) => {
    for (const endpoint of ['/v1/reconciliation', '/v1/reconciliation/drift']) {
      const a = await l.api('GET', `${endpoint}?${q(o as Record<string, string | undefined>)}`, TOKENS.opsViewer);
      expect({ endpoint, status: a.status, type: a.body.type, paths: a.body.errors.map((e: { path: string }) => e.path) }).toEqual({ endpoint, status, type: expect.stringMatching(/problems\/(malformed-request|not-found)$/), paths: [path] });
    }
  });

  it('refuses callers who may not read it, and file totals from anyone but the drop’s own source', async () => {
    const path = `/v1/reconciliation?${q({ tenant: 'fen' })}`;
    expect((await l.api('GET', path, null)).status).toBe(401);
    expect((await l.api('GET', path, TOKENS.hr)).status).toBe(403);
    expect((await l.api('GET', path, TOKENS.metrics)).status).toBe(403);
    const totals = {
      tenant: 'fen', source: 'urn:erp-hub:source:dms', drop: 'dms-exports-fen', file: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'c'.repeat(64), kind: 'DMS_EXPORT',
      trailer: { records: 1, controlTotal: 100, unit: 'hundredths-of-an-hour' }, posted: { records: 1, total: 100 }, quarantined: { records: 0, total: 0 }, eventKeys: [],
    };
    expect((await l.api('POST', '/v1/file-totals', null, totals)).status).toBe(401);
    expect((await l.api('POST', '/v1/file-totals', TOKENS.opsAdmin, totals)).status).toBe(403);
    expect((await l.api('POST', '/v1/file-totals', 'demo-payroll-token', totals)).body).toMatchObject({ status: 403, errors: [{ path: '/source' }] });
    expect((await l.api('POST', '/v1/file-totals', 'demo-dms-token', { ...totals, drop: 'dms-exports-moor' })).body).toMatchObject({ status: 403, errors: [{ path: '/drop' }] });
    expect((await l.api('POST', '/v1/file-totals', 'demo-dms-token', { ...totals, trailer: { records: -1 } })).status).toBe(400);
    expect((await l.api('POST', '/v1/file-totals', 'demo-dms-token', totals)).status).toBe(202);
  });
});
