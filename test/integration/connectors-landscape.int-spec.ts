// The demo landscape (config/demo.json) on real Kafka and Redis: every connector with its
// simulator, the gateway's webhooks and drop directories, and a joiner fanning out to one force's
// payroll, duty management and ledger only (and, Fenland's HR being in a parallel run, to the SaaS
// ERP that is to replace the bureau, as a shadow).
import { createHmac, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { annualLeave, dmsExportFile, DmsExportFileSource, earlyShift, overtimeNight } from '@connectors/dms';
import { payRunCsv, samplePayRun } from '@connectors/payroll';
import { sampleCompletions, TrainingExportSimulator } from '@connectors/training';
import type { CanonicalEvent } from '@hub/events';
import { demoEnv, Force, FORCES, TestLandscape, TOKENS, waitFor } from '@hub/testing';
import { hired, terminated, transferred } from '../../connectors/hr/src/source/webhook.samples';
import { invoicePaidWebhook, purchaseOrderApprovedWebhook } from '../../connectors/finance/src/testing/finance-samples';

const env = demoEnv();
const fixture = (type: string, name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'fixtures', type, 'valid', `${name}.json`), 'utf8'));
const uid = () => randomBytes(3).toString('hex').toUpperCase();

describe('the demo landscape through real Kafka and Redis', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ systems: true, retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 300 } });
  });
  afterAll(async () => {
    await l?.close();
  });
  const sys = () => l.systems!;

  /** Posts a webhook to the gateway as the system would, signed with its secret unless told otherwise. */
  async function webhook(path: 'hr' | 'ledger', tenant: string, body: unknown, secret: string | null = env[path === 'hr' ? 'HR_WEBHOOK_SECRET' : 'LEDGER_WEBHOOK_SECRET']) {
    const raw = JSON.stringify(body);
    const signature = secret ? `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` : undefined;
    const res = await fetch(`${l.hub.gatewayUrl}/webhooks/${path}/${tenant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature-256': signature } : {}) },
      body: raw,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  const traceOf = (id: string, source: string) => l.api('GET', `/v1/events/${encodeURIComponent(id)}?source=${encodeURIComponent(source)}`);
  /** The trace once the router has recorded the event (it answers 404 until then). */
  const traced = (id: string, source: string) =>
    waitFor(`event ${id} in the ledger`, async () => {
      const t = await traceOf(id, source);
      return t.status === 200 ? t.body : undefined;
    });
  const waitDelivered = (id: string, source: string) =>
    waitFor(`event ${id} delivered`, async () => {
      const t = await traceOf(id, source);
      return t.status === 200 && t.body.status === 'delivered' ? t.body : undefined;
    });
  const others = (f: Force) => FORCES.filter((x) => x !== f);
  /** A trace's deliveries to primaries (a parallel run's shadow deliveries are listed with role shadow). */
  const primaries = (trace: { targets: { target: string; state: string; role?: string }[] }) => trace.targets.filter((t) => t.role !== 'shadow');

  it("fans a joiner from the HR system's webhook out to Fenland's payroll, duty management and ledger, and nowhere else", async () => {
    const worker = `FEN-${uid()}`;
    const hook = { ...hired({ workerNumber: worker }), eventId: `wh-${worker}-1` };
    const answer = await webhook('hr', 'fen', hook);
    expect(answer).toEqual({ status: 202, body: { accepted: [{ id: hook.eventId, type: 'hr.employee.joined.v1' }], duplicates: 0 } });

    const trace = await waitDelivered(hook.eventId, 'urn:erp-hub:source:hr');
    expect(primaries(trace).map((t) => `${t.target}:${t.state}`).sort()).toEqual(['dms-fen:delivered', 'finance-fen:delivered', 'payroll-fen:delivered']);
    expect(sys().payroll.fen.employees.get(worker)).toMatchObject({ forceCode: 'FEN', surname: 'Okafor' });
    expect(sys().dms.fen.staff.has(worker)).toBe(true);
    expect(sys().ledger.fen.payees.has(worker)).toBe(true);
    // Fenland's HR runs in parallel with the SaaS ERP that is to replace the bureau: the joiner goes to it as a shadow.
    expect(trace.targets.filter((t: { role?: string }) => t.role === 'shadow').map((t: { target: string }) => t.target)).toEqual(['cloud-erp-fen']);
    await waitFor('the ERP to hold the joiner', () => sys().erp.fen.workers.has(worker));
    for (const f of others('fen')) {
      expect([sys().payroll[f].employees.has(worker), sys().dms[f].staff.has(worker), sys().ledger[f].payees.has(worker)]).toEqual([false, false, false]);
    }
  });

  it('sends a mover to payroll, and a leaver to payroll and duty management', async () => {
    const worker = `FEN-${uid()}`;
    await webhook('hr', 'fen', { ...hired({ workerNumber: worker }), eventId: `wh-${worker}-1` });
    await waitDelivered(`wh-${worker}-1`, 'urn:erp-hub:source:hr');

    const move = { ...transferred({ workerNumber: worker }), eventId: `wh-${worker}-2` };
    expect((await webhook('hr', 'fen', move)).status).toBe(202);
    await waitDelivered(move.eventId, 'urn:erp-hub:source:hr');
    expect(sys().payroll.fen.assignments.get(worker)).toEqual([expect.objectContaining({ costCentre: 'FEN4520' })]);

    const leave = { ...terminated({ workerNumber: worker }), eventId: `wh-${worker}-3` };
    expect((await webhook('hr', 'fen', leave)).status).toBe(202);
    const trace = await waitDelivered(leave.eventId, 'urn:erp-hub:source:hr');
    expect(primaries(trace).map((t) => t.target).sort()).toEqual(['dms-fen', 'payroll-fen']);
    expect(sys().payroll.fen.leavers.has(worker)).toBe(true);
    expect(sys().dms.fen.staff.get(worker)?.left).toBeDefined();
    // The ERP, as the shadow, was sent the three in order: hired, moved, terminated.
    await waitFor('the ERP to hold the termination', () => sys().erp.fen.terminations.has(worker));
    expect(sys().erp.fen.jobChanges.get(worker)).toHaveLength(1);
  });

  it('refuses a webhook that is unsigned, wrongly signed, or of another force, and posts nothing', async () => {
    const worker = `FEN-${uid()}`;
    const hook = { ...hired({ workerNumber: worker }), eventId: `wh-${worker}-x` };
    expect((await webhook('hr', 'fen', hook, null)).status).toBe(401);
    expect((await webhook('hr', 'fen', hook, 'not-the-secret')).status).toBe(401);
    const moorOnFen = await webhook('hr', 'fen', { ...hook, organisation: 'MOOR' });
    expect(moorOnFen.status).toBe(422);
    expect(JSON.stringify(moorOnFen.body.errors)).toMatch(/organisation/);
    expect((await webhook('hr', 'kent', hook)).status).toBe(404);
    expect((await traceOf(hook.eventId, 'urn:erp-hub:source:hr')).status).toBe(404);
  });

  it("files training completions dropped by the training system on the HR personnel record", async () => {
    const tag = uid();
    const rows = sampleCompletions('FEN').map((r) => ({ ...r, completion_ref: `${r.completion_ref}-${tag}` }));
    const inbox = join(sys().dropDir('training', 'fen'), 'inbox');
    const file = await new TrainingExportSimulator().export(inbox, 'fen', rows);
    const name = file.split('/').pop()!;
    await waitFor('the completions file to be processed', () => existsSync(join(sys().dropDir('training', 'fen'), 'processed', name)));
    const stored = () => [...sys().hr.fen.trainingRecords.values()].flat().filter((r: any) => rows.some((row) => r.externalReference === row.completion_ref));
    await waitFor('every completion on the personnel record', () => stored().length === rows.length || undefined);
    expect(sys().hr.moor.trainingRecords.size + sys().hr.vale.trainingRecords.size).toBe(0);
  });

  it('files an incident posted by the health and safety system for each Fenland person involved', async () => {
    const data = fixture('hs.incident.reported.v1', 'full');
    data.incidentId = `FEN-HS-${uid()}`;
    data.people = data.people.map((p: { employeeId: string }) => ({ ...p, employeeId: p.employeeId.replace('VALE', 'FEN') }));
    data.reportedBy.employeeId = data.reportedBy.employeeId.replace('VALE', 'FEN');
    data.location.orgUnit.code = 'FEN-CUS-1';
    const event: CanonicalEvent = { specversion: '1.0', id: data.incidentId, source: 'urn:erp-hub:source:hs', type: 'hs.incident.reported.v1', subject: data.incidentId, tenant: 'fen', data };
    expect((await l.post(event, {}, 'demo-hs-token')).status).toBe(202);
    await l.waitForTrace(event, 'delivered');
    for (const p of data.people) expect(sys().hr.fen.incidentRecords.get(p.employeeId)).toEqual([expect.objectContaining({ externalReference: data.incidentId, organisation: 'FEN' })]);
  });

  it("turns the bureau's pay-run file into a run-completed event and a balanced payroll journal in the ledger's import", async () => {
    const sample = samplePayRun();
    const runId = `FEN-PR-${uid()}`;
    const header = { ...sample.header, runId };
    const name = sample.fileName.replace(sample.header.runId, runId);
    const dir = sys().dropDir('payroll', 'fen');
    writeFileSync(join(dir, 'inbox', `.${name}.tmp`), payRunCsv(header, sample.rows));
    renameSync(join(dir, 'inbox', `.${name}.tmp`), join(dir, 'inbox', name));

    const journal = await waitDelivered(`${runId}.journal`, 'urn:erp-hub:source:payroll');
    expect(journal.targets).toEqual([expect.objectContaining({ target: 'finance-fen', state: 'delivered' })]);
    expect((await traced(`${runId}.run-completed`, 'urn:erp-hub:source:payroll')).status).toBe('unrouted');
    const imports = [...sys().ledger.fen.imports.values()].filter((i: any) => JSON.stringify(i).includes(runId));
    expect(imports).toHaveLength(1);
  });

  describe('duty management exports', () => {
    const drop = () => sys().dropDir('dms', 'fen');
    const parsedIds = (content: string, fileName: string) =>
      new DmsExportFileSource()
        .parseFile(content, { tenant: 'fen', source: 'urn:erp-hub:source:dms', fileName, fileHash: 'x' })
        .records.flatMap((r) => ('events' in r ? r.events.map((e) => e.id) : []));

    it('quarantines a bad record with its line and reason while the good records of the file go through; the same file again is not processed', async () => {
      const tag = uid();
      const records = [earlyShift({ shiftId: `FEN-SH-${tag}-1` }), annualLeave({ bookingId: `FEN-LV-${tag}`, leaveType: 'ZZ' }), overtimeNight({ shiftId: `FEN-SH-${tag}-2` })];
      const path = await sys().dms.fen.exportFile(join(drop(), 'inbox'), records);
      const name = path.split('/').pop()!;
      const report = join(drop(), 'quarantine', `${name}.rejects.json`);
      await waitFor('the export to be processed', () => existsSync(join(drop(), 'processed', name)) && existsSync(report));
      const rejects = JSON.parse(readFileSync(report, 'utf8'));
      expect(rejects.records).toEqual([{ line: 3, reason: expect.stringContaining('ZZ'), raw: expect.stringMatching(/^LV/) }]);
      expect(rejects.posted).toBe(2);

      const ids = parsedIds(readFileSync(join(drop(), 'processed', name), 'utf8'), name);
      expect(ids).toHaveLength(2);
      for (const id of ids) expect((await traced(id, 'urn:erp-hub:source:dms')).event.id).toBe(id);

      // The DMS sends the same export again under another name: seen by its bytes, not processed.
      const again = `DMSEXP_FEN_${name.slice(11, 25).replace(/\d$/, (d) => String((Number(d) + 1) % 10))}.DAT`;
      copyFileSync(join(drop(), 'processed', name), join(drop(), 'inbox', again));
      await waitFor('the repeat to be set aside', () => existsSync(join(drop(), 'duplicates', `${again}.reason.json`)));
      expect(JSON.parse(readFileSync(join(drop(), 'duplicates', `${again}.reason.json`), 'utf8')).duplicateOf.fileName).toBe(name);
    });

    it('quarantines the whole file when its control total does not match, and posts none of it', async () => {
      const shift = earlyShift({ shiftId: `FEN-SH-${uid()}-9` });
      const path = await sys().dms.fen.exportFile(join(drop(), 'inbox'), [shift], { controlTotal: 1 });
      const name = path.split('/').pop()!;
      const reason = join(drop(), 'quarantine', `${name}.reason.json`);
      await waitFor('the file to be quarantined', () => existsSync(reason));
      expect(JSON.parse(readFileSync(reason, 'utf8')).reason).toMatch(/control total/i);
      expect(readdirSync(join(drop(), 'processed'))).not.toContain(name);
      // The id the shift would have had in a sound file: the hub never saw it.
      const sound = dmsExportFile('FEN', [shift]);
      const [id] = parsedIds(sound.content, sound.fileName);
      expect((await traceOf(id, 'urn:erp-hub:source:dms')).status).toBe(404);
    });
  });

  it('delivers a purchase order from the procurement portal to the ledger, and never sends the ledger its own purchase order back', async () => {
    const data = fixture('procurement.purchase-order.raised.v1', 'full');
    data.purchaseOrderNumber = `PO-FEN-${uid()}`;
    const po: CanonicalEvent = { specversion: '1.0', id: `po-${data.purchaseOrderNumber}`, source: 'urn:erp-hub:source:procurement-portal', type: 'procurement.purchase-order.raised.v1', subject: data.purchaseOrderNumber, tenant: 'fen', data };
    expect((await l.post(po, {}, 'demo-procurement-token')).status).toBe(202);
    await l.waitForTrace(po, 'delivered');
    expect(sys().ledger.fen.purchaseOrders.has(data.purchaseOrderNumber)).toBe(true);

    const own = purchaseOrderApprovedWebhook({ poNumber: `PO-FEN-${uid()}` });
    const answer = await webhook('ledger', 'fen', own);
    expect(answer.status).toBe(202);
    const trace = await waitFor('the ledger PO to be routed', async () => {
      const t = await traceOf(answer.body.accepted[0].id, 'urn:erp-hub:source:finance');
      return t.body?.status === 'unrouted' ? t.body : undefined;
    });
    expect(trace.targets).toEqual([]);
  });

  it("accepts the ledger's paid-invoice webhook as procurement.invoice.paid", async () => {
    const hook = { ...invoicePaidWebhook(), eventId: `led-${uid()}` };
    const answer = await webhook('ledger', 'fen', hook);
    expect(answer).toEqual({ status: 202, body: { accepted: [{ id: hook.eventId, type: 'procurement.invoice.paid.v1' }], duplicates: 0 } });
    await waitFor('the event to be traced', async () => (await traceOf(hook.eventId, 'urn:erp-hub:source:finance')).status === 200 || undefined);
  });

  it('dead-letters a joiner file while duty management is down, and a replay delivers it once it is back', async () => {
    const worker = `FEN-${uid()}`;
    await sys().dms.fen.stop();
    try {
      await webhook('hr', 'fen', { ...hired({ workerNumber: worker }), eventId: `wh-${worker}-1` });
      const letter = await waitFor('a dead letter for dms-fen', async () => (await l.api('GET', `/v1/dead-letters?subject=${worker}`)).body.items?.[0]);
      expect(letter).toMatchObject({ target: 'dms-fen', reason: 'target-unreachable', attempts: 3 });
      // The other targets of the same event were not held up.
      expect(sys().payroll.fen.employees.has(worker)).toBe(true);
    } finally {
      await sys().dms.fen.start();
    }
    const letter = (await l.api('GET', `/v1/dead-letters?subject=${worker}`)).body.items[0];
    expect((await l.api('POST', `/v1/dead-letters/${letter.id}/replay`)).status).toBe(202);
    await waitFor('the replay to reach duty management', () => sys().dms.fen.staff.has(worker) || undefined);
    await waitFor('the dead letter to leave the list', async () => (await l.api('GET', `/v1/dead-letters?subject=${worker}`)).body.total === 0 || undefined);
    expect(sys().dms.fen.imports.filter((n) => n.includes('DMSIMP_FEN')).length).toBeGreaterThan(0);
  });

  it('accepts a type the force has no route for, and traces it as unrouted', async () => {
    const data = fixture('finance.cost-centre.changed.v1', 'minimal');
    const event: CanonicalEvent = { specversion: '1.0', id: `cc-${uid()}`, source: 'urn:erp-hub:source:hr', type: 'finance.cost-centre.changed.v1', subject: data.costCentre?.code ?? 'CC', tenant: 'fen', data };
    expect((await l.post(event, {}, TOKENS.allSystems)).status).toBe(202);
    await waitFor('the change to be unrouted', async () => (await l.trace(event)).body?.status === 'unrouted' || undefined);
  });
});
