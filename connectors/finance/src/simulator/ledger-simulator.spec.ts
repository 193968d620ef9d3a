import type { LedgerImportRequest } from '../finance.format';
import { costCentreImportFile, journalImportFile } from '../target/finance.import-file';
import { invoiceOf, payeeOf, purchaseOrderOf } from '../target/finance.mapper';
import { eventOf, fixture } from '../testing/samples';
import { LedgerSimulator } from './ledger-simulator';

const TOKEN = 'ledger-api-token';
const journalFile = () => journalImportFile(fixture('finance.journal.posted.v1', 'full'), 'FEN');
const po = () => purchaseOrderOf(fixture('procurement.purchase-order.raised.v1', 'full'), 'FEN');

describe('LedgerSimulator', () => {
  let sim: LedgerSimulator;
  beforeEach(async () => {
    sim = await new LedgerSimulator('fen').start();
  });
  afterEach(() => sim.stop());

  async function post(path: string, body: unknown, o: { key?: string | null; token?: string | null } = {}) {
    const key = o.key === undefined ? 'key-1' : o.key;
    const token = o.token === undefined ? TOKEN : o.token;
    const res = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const importFile = (file: LedgerImportRequest, key = 'key-1') => post('/api/fbdi/imports', file, { key });
  /** The file with one CSV line replaced. */
  const edited = (file: LedgerImportRequest, from: string, to: string): LedgerImportRequest => {
    expect(file.content).toContain(from);
    return { ...file, content: file.content.replace(from, to) };
  };

  describe('batch imports', () => {
    it('accepts a balanced journal file with 202 and keeps it read into lines', async () => {
      const answer = await importFile(journalFile());

      expect(answer).toEqual({ status: 202, body: { importId: 'IMP-FEN-000001', status: 'ACCEPTED' } });
      const stored = sim.imports.get('IMP-FEN-000001')!;
      expect(stored).toMatchObject({ jobName: 'GL_JOURNAL_IMPORT', fileName: 'GlJournal_FEN_FEN-JNL-2026-004512.csv', lineCount: 3, controlTotal: '204953.87' });
      expect(stored.lines.map((l) => [l.ACCOUNT, l.DEBIT, l.CREDIT])).toEqual([['5001', '182440.10', ''], ['5020', '22513.77', ''], ['9310', '', '204953.87']]);
    });

    it('refuses a control total that does not match the debits with 422 naming both', async () => {
      const answer = await importFile(edited(journalFile(), 'CONTROL,3,204953.87', 'CONTROL,3,204953.86'));

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ error: 'import file rejected', fileName: 'GlJournal_FEN_FEN-JNL-2026-004512.csv', reason: 'control total 204953.86 does not match the sum of debits 204953.87' });
      expect(sim.imports.size).toBe(0);
    });

    it('refuses a control line count that does not match the LINE records', async () => {
      const answer = await importFile(edited(journalFile(), 'CONTROL,3,', 'CONTROL,4,'));
      expect(answer).toMatchObject({ status: 422, body: { reason: 'control record line count 4 does not match the 3 LINE records' } });
    });

    it('refuses a file without its control record', async () => {
      const answer = await importFile(edited(journalFile(), 'CONTROL,3,204953.87\n', ''));
      expect(answer).toMatchObject({ status: 422, body: { reason: expect.stringContaining('the last row must be the control record') } });
    });

    it('refuses a journal whose debits and credits differ, even with a matching control total', async () => {
      const answer = await importFile(edited(edited(journalFile(), 'GBP,182440.10,', 'GBP,182440.11,'), 'CONTROL,3,204953.87', 'CONTROL,3,204953.88'));
      expect(answer).toMatchObject({ status: 422, body: { reason: 'journal FEN-JNL-2026-004512 does not balance: debits exceed credits by 0.01' } });
    });

    it("refuses another force's lines and another force's import", async () => {
      const moorLine = await importFile(edited(journalFile(), 'LINE,FEN,', 'LINE,MOOR,'));
      expect(moorLine).toMatchObject({ status: 422, body: { reason: expect.stringContaining("BUSINESS_UNIT MOOR is another force's") } });
      const moorFile = await importFile(journalImportFile(fixture('finance.journal.posted.v1', 'minimal'), 'MOOR'));
      expect(moorFile).toMatchObject({ status: 422, body: { error: expect.stringContaining("businessUnit MOOR is another force's") } });
      expect(sim.imports.size).toBe(0);
    });

    it('refuses a journal posted already under another key with 409', async () => {
      expect((await importFile(journalFile(), 'key-1')).status).toBe(202);
      expect(await importFile(journalFile(), 'key-2')).toMatchObject({ status: 409, body: { error: 'journal FEN-JNL-2026-004512 is posted already' } });
    });

    it('takes a cost-centre file, and refuses a CLOSE without its end date', async () => {
      const created = costCentreImportFile(fixture('finance.cost-centre.changed.v1', 'created'), 'FEN');
      expect((await importFile(created)).status).toBe(202);
      expect([...sim.imports.values()][0].lines[0]).toMatchObject({ SEGMENT: 'COST_CENTRE', VALUE: 'FEN4520', ACTION: 'CREATE' });

      const closed = costCentreImportFile({ ...fixture('finance.cost-centre.changed.v1', 'closed'), costCentre: 'FEN7730' }, 'FEN');
      const answer = await importFile(edited(closed, ',2026-12-31,', ',,'), 'key-2');
      expect(answer).toMatchObject({ status: 422, body: { reason: 'line 1: END_DATE is required for CLOSE' } });
    });

    it('refuses a file that is not CSV text with 415', async () => {
      expect((await importFile({ ...journalFile(), contentType: 'application/json' as never })).status).toBe(415);
    });
  });

  describe('auth and idempotency', () => {
    it('answers 401 without the bearer token or with another one, storing nothing', async () => {
      expect((await post('/api/procurement/purchase-orders', po(), { token: null })).status).toBe(401);
      expect((await post('/api/procurement/purchase-orders', po(), { token: 'stolen' })).status).toBe(401);
      expect(sim.purchaseOrders.size).toBe(0);
    });

    it('answers 400 without an Idempotency-Key', async () => {
      expect(await post('/api/procurement/purchase-orders', po(), { key: null })).toMatchObject({ status: 400, body: { error: 'Idempotency-Key header is required' } });
      expect(sim.purchaseOrders.size).toBe(0);
    });

    it('answers a repeated key with its first answer and stores once; a new key for the same PO is a 409', async () => {
      const first = await post('/api/procurement/purchase-orders', po(), { key: 'k-po' });
      const again = await post('/api/procurement/purchase-orders', po(), { key: 'k-po' });

      expect(first).toEqual({ status: 201, body: { purchaseOrderId: 'PO-FEN-000001' } });
      expect(again).toEqual(first);
      expect(sim.repeats).toBe(1);
      expect([...sim.purchaseOrders.keys()]).toEqual(['FEN-PO-0045123']);
      expect((await post('/api/procurement/purchase-orders', po(), { key: 'k-other' })).status).toBe(409);
    });

    it('does not remember a refusal: the same key is taken once the record is fixed', async () => {
      expect((await post('/api/procurement/purchase-orders', { ...po(), totalAmount: '1.00' }, { key: 'k-fix' })).status).toBe(422);
      expect((await post('/api/procurement/purchase-orders', po(), { key: 'k-fix' })).status).toBe(201);
    });
  });

  describe('records', () => {
    it('refuses a PO whose total is not the sum of its lines, and names missing fields', async () => {
      expect(await post('/api/procurement/purchase-orders', { ...po(), totalAmount: '10040.01' })).toMatchObject({ status: 422, body: { error: 'totalAmount 10040.01 is not the sum of the line amounts 10040.00' } });
      const { supplierName: _, ...incomplete } = po();
      expect(await post('/api/procurement/purchase-orders', incomplete)).toMatchObject({ status: 422, body: { missing: ['supplierName'] } });
      const noAccount = { ...po(), lines: [{ ...po().lines[0], account: '' }] };
      expect(await post('/api/procurement/purchase-orders', noAccount)).toMatchObject({ status: 422, body: { missing: ['lines[0].account'] } });
    });

    it('stores invoices by supplier and number, and refuses a CREDIT with positive amounts', async () => {
      const inv = invoiceOf(fixture('procurement.invoice.received.v1', 'full'), 'FEN');
      expect(await post('/api/payables/invoices', inv)).toEqual({ status: 201, body: { invoiceId: 'INV-FEN-000001' } });
      expect(sim.invoices.get('SUP-00871/INV-2026-11873')).toMatchObject({ grossAmount: '12048.00', invoiceId: 'INV-FEN-000001' });
      const wrongCredit = { ...inv, invoiceNumber: 'CN-1', invoiceType: 'CREDIT' };
      expect(await post('/api/payables/invoices', wrongCredit, { key: 'k-2' })).toMatchObject({ status: 422, body: { error: 'a CREDIT invoice cannot have grossAmount 12048.00' } });
    });

    it("stores payees, and refuses another force's", async () => {
      const payee = payeeOf(eventOf('hr.employee.joined.v1', fixture('hr.employee.joined.v1', 'full')), 'FEN');
      expect((await post('/api/payables/employee-payees', payee)).status).toBe(201);
      expect(sim.payees.get('FEN-10234')).toMatchObject({ lastName: 'Okafor', payeeId: 'PAYEE-FEN-000001' });
      expect((await post('/api/payables/employee-payees', { ...payee, employeeNumber: 'X-1', businessUnit: 'VALE' }, { key: 'k-2' })).status).toBe(422);
      expect(sim.payees.size).toBe(1);
    });
  });

  it('shows its state over the control API and forgets it on reset', async () => {
    await post('/api/procurement/purchase-orders', po());
    const state = await (await fetch(`${sim.url}/_sim/state`)).json();
    expect(state).toEqual({ imports: [], purchaseOrders: [expect.objectContaining({ poNumber: 'FEN-PO-0045123' })], invoices: [], payees: [], repeats: 0 });

    expect((await fetch(`${sim.url}/_sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.snapshot()).toEqual({ imports: [], purchaseOrders: [], invoices: [], payees: [], repeats: 0 });
    expect((await post('/api/procurement/purchase-orders', po())).status).toBe(201);
  });
});
