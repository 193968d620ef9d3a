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
import { waitFor } from '@hub/testing';
import { demoEnv, Force, FORCES, TestLandscape, TOKENS } from '@test/support';
import { hired, terminated, transferred } from '@connectors/hr';
import { invoicePaidWebhook, purchaseOrderApprovedWebhook } from '@connectors/finance';

const env = demoEnv();
const fixture = (type: string, name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'fixtures', type, 'valid', `${name}.json`), 'utf8'));
const uid = () => randomBytes(3).toString('hex').toUpperCase();

/** The second secret of the HR webhook's rotation (the test adds it beside the demo's one). */
const HR_NEXT_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
/** The secret of a webhook entry written before Standard Webhooks: only `secretRef`, the legacy scheme. */
const HR_LEGACY_SECRET = 'a-legacy-shared-secret';

/** A sender's Standard Webhooks signature, from the spec, not from the gateway's code: base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`. */
const v1 = (secret: string, id: string, timestamp: number, raw: string) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${raw}`).digest('base64')}`;

type Signing =
  | { scheme: 'standard'; secrets: string[]; timestamp?: number; id?: string; sentBody?: string }
  | { scheme: 'legacy'; secret: string }
  | { scheme: 'none' };

describe('the demo landscape through real Kafka and Redis', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({
      systems: true,
      retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 300 },
      env: { HR_WEBHOOK_SECRET_NEXT: HR_NEXT_SECRET, HR_LEGACY_WEBHOOK_SECRET: HR_LEGACY_SECRET },
      configure: (config) => {
        const hr = config.gateway.webhooks.find((w: { path: string }) => w.path === 'hr');
        // A rotation under way: the new secret listed first, the old one still accepted.
        hr.signature.secretRefs = ['HR_WEBHOOK_SECRET_NEXT', ...hr.signature.secretRefs];
        // An entry as landscapes wrote them before: secretRef alone, which keeps the legacy scheme.
        config.gateway.webhooks.push({ path: 'hr-legacy', connector: 'hr', source: 'hr-system', tenants: ['fen'], tokenRef: 'HR_INGEST_TOKEN', secretRef: 'HR_LEGACY_WEBHOOK_SECRET' });
      },
    });
  });
  afterAll(async () => {
    await l?.close();
  });
  const sys = () => l.systems!;
  const demoSecret = (path: 'hr' | 'ledger') => env[path === 'hr' ? 'HR_WEBHOOK_SECRET' : 'LEDGER_WEBHOOK_SECRET'];

  /**
   * Posts a webhook to the gateway as the system would: signed per Standard Webhooks with the
   * demo's secret, its notification id as the webhook-id, at the time it is sent, unless told otherwise.
   */
  async function webhook(path: 'hr' | 'ledger' | 'hr-legacy', tenant: string, body: unknown, signing: Signing = { scheme: 'standard', secrets: [demoSecret(path === 'ledger' ? 'ledger' : 'hr')] }) {
    const raw = JSON.stringify(body);
    let headers: Record<string, string> = {};
    if (signing.scheme === 'standard') {
      const id = signing.id ?? String((body as { eventId?: string }).eventId ?? `msg_${uid()}`);
      const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
      headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signing.secrets.map((s) => v1(s, id, timestamp, raw)).join(' ') };
    } else if (signing.scheme === 'legacy') {
      headers = { 'x-signature-256': `sha256=${createHmac('sha256', signing.secret).update(raw).digest('hex')}` };
    }
    const sent = signing.scheme === 'standard' && signing.sentBody !== undefined ? signing.sentBody : raw;
    const res = await fetch(`${l.hub.gatewayUrl}/webhooks/${path}/${tenant}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sent });
    return { status: res.status, contentType: res.headers.get('content-type'), challenge: res.headers.get('www-authenticate'), body: (await res.json()) as any };
  }
  /** The gateway's signature checks so far, for one path, result and secret (hub_gateway_webhook_signatures_total). */
  const signatureChecks = async (path: string, result: string, secret = '') => {
    const scheme = path === 'hr-legacy' ? 'legacy-hmac-sha256' : 'standard-webhooks';
    const line = new RegExp(`^hub_gateway_webhook_signatures_total\\{path="${path}",scheme="${scheme}",result="${result}",secret="${secret}"\\} (\\d+)$`, 'm');
    return Number(line.exec((await l.api('GET', '/metrics', TOKENS.metrics)).body as string)?.[1] ?? 0);
  };

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
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { accepted: [{ id: hook.eventId, type: 'hr.employee.joined.v1' }], duplicates: 0 } });

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

  it('refuses a webhook that is unsigned, wrongly signed, replayed late, tampered with or of another force, saying why, and posts nothing', async () => {
    const worker = `FEN-${uid()}`;
    const hook = { ...hired({ workerNumber: worker }), eventId: `wh-${worker}-x` };
    const now = Math.floor(Date.now() / 1000);
    const secret = demoSecret('hr');
    const tooOldBefore = await signatureChecks('hr', 'timestamp-too-old');
    const refusals: [string, Signing, string, RegExp][] = [
      ['unsigned', { scheme: 'none' }, '/headers/webhook-id', /webhook-id, webhook-timestamp, webhook-signature are missing/],
      ['signed the legacy way', { scheme: 'legacy', secret: 'demo-hr-webhook-secret' }, '/headers/webhook-id', /x-signature-256 alone is not accepted/],
      ['signed with a secret the webhook does not list', { scheme: 'standard', secrets: [`whsec_${randomBytes(32).toString('base64')}`] }, '/headers/webhook-signature', /no signature in webhook-signature matches/],
      ['replayed six minutes later', { scheme: 'standard', secrets: [secret], timestamp: now - 360 }, '/headers/webhook-timestamp', /before the gateway's clock, more than the 300 s allowed/],
      ['dated six minutes ahead', { scheme: 'standard', secrets: [secret], timestamp: now + 360 }, '/headers/webhook-timestamp', /after the gateway's clock/],
      ['with a body other than the one signed', { scheme: 'standard', secrets: [secret], sentBody: JSON.stringify({ ...hook, position: 'Chief Constable' }) }, '/headers/webhook-signature', /no signature in webhook-signature matches/],
      ['with a webhook-id holding "."', { scheme: 'standard', secrets: [secret], id: 'msg.1' }, '/headers/webhook-id', /without spaces or "."/],
    ];
    for (const [what, signing, header, detail] of refusals) {
      const answer = await webhook('hr', 'fen', hook, signing);
      expect({ what, status: answer.status, contentType: answer.contentType, type: answer.body.type, header: answer.body.errors?.[0]?.path }).toEqual({
        what, status: 401, contentType: expect.stringContaining('application/problem+json'), type: '/problems/unauthenticated', header,
      });
      expect({ what, detail: answer.body.detail }).toEqual({ what, detail: expect.stringMatching(detail) });
      // Which secrets the webhook has, and which came closest, is never told.
      for (const name of ['HR_WEBHOOK_SECRET', secret, HR_NEXT_SECRET]) expect(JSON.stringify(answer.body)).not.toContain(name);
    }
    expect(await signatureChecks('hr', 'timestamp-too-old')).toBe(tooOldBefore + 1);
    const moorOnFen = await webhook('hr', 'fen', { ...hook, organisation: 'MOOR' });
    expect(moorOnFen.status).toBe(422);
    expect(JSON.stringify(moorOnFen.body.errors)).toMatch(/organisation/);
    expect((await webhook('hr', 'kent', hook)).status).toBe(404);
    expect((await traceOf(hook.eventId, 'urn:erp-hub:source:hr')).status).toBe(404);
  });

  it('takes a webhook signed with either secret of a rotation, or both, and counts which secret matched', async () => {
    const [oldBefore, nextBefore] = [await signatureChecks('hr', 'verified', 'HR_WEBHOOK_SECRET'), await signatureChecks('hr', 'verified', 'HR_WEBHOOK_SECRET_NEXT')];
    const signedWith = async (secrets: string[]) => {
      const hook = { ...hired({ workerNumber: `FEN-${uid()}` }), eventId: `wh-rot-${uid()}` };
      const answer = await webhook('hr', 'fen', hook, { scheme: 'standard', secrets });
      expect(answer).toMatchObject({ status: 202, body: { accepted: [{ id: hook.eventId, type: 'hr.employee.joined.v1' }], duplicates: 0 } });
    };
    await signedWith([demoSecret('hr')]);
    await signedWith([HR_NEXT_SECRET]);
    // A sender part-way through its own change signs with both: the first listed secret that matches is counted.
    await signedWith([demoSecret('hr'), HR_NEXT_SECRET]);
    expect(await signatureChecks('hr', 'verified', 'HR_WEBHOOK_SECRET')).toBe(oldBefore + 1);
    expect(await signatureChecks('hr', 'verified', 'HR_WEBHOOK_SECRET_NEXT')).toBe(nextBefore + 2);
  });

  it('answers a webhook replayed within the tolerance as a duplicate: its event id is already in the hub', async () => {
    const hook = { ...hired({ workerNumber: `FEN-${uid()}` }), eventId: `wh-replay-${uid()}` };
    const signing: Signing = { scheme: 'standard', secrets: [demoSecret('hr')], timestamp: Math.floor(Date.now() / 1000) };
    expect(await webhook('hr', 'fen', hook, signing)).toMatchObject({ status: 202, body: { duplicates: 0 } });
    // The same request again, byte for byte (a retry, or a capture replayed inside the five minutes).
    expect(await webhook('hr', 'fen', hook, signing)).toMatchObject({ status: 202, body: { accepted: [{ id: hook.eventId }], duplicates: 1 } });
    const trace = await waitDelivered(hook.eventId, 'urn:erp-hub:source:hr');
    expect(primaries(trace).map((t) => `${t.target}:${t.state}`).sort()).toEqual(['dms-fen:delivered', 'finance-fen:delivered', 'payroll-fen:delivered']);
  });

  it('keeps an entry written with secretRef alone on the legacy scheme, as before', async () => {
    const hook = { ...hired({ workerNumber: `FEN-${uid()}` }), eventId: `wh-legacy-${uid()}` };
    const before = await signatureChecks('hr-legacy', 'verified', 'HR_LEGACY_WEBHOOK_SECRET');
    const standard = await webhook('hr-legacy', 'fen', hook, { scheme: 'standard', secrets: [demoSecret('hr')] });
    expect(standard).toMatchObject({ status: 401, challenge: 'HMAC-SHA256 realm="erp-hub gateway", header="x-signature-256"', body: { errors: [{ path: '/headers/x-signature-256' }] } });
    expect((await webhook('hr-legacy', 'fen', hook, { scheme: 'legacy', secret: 'not-the-secret' })).status).toBe(401);
    expect(await webhook('hr-legacy', 'fen', hook, { scheme: 'legacy', secret: HR_LEGACY_SECRET })).toMatchObject({ status: 202, body: { accepted: [{ id: hook.eventId }] } });
    expect(await signatureChecks('hr-legacy', 'verified', 'HR_LEGACY_WEBHOOK_SECRET')).toBe(before + 1);
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
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { accepted: [{ id: hook.eventId, type: 'procurement.invoice.paid.v1' }], duplicates: 0 } });
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
