// The demo flow of the README's first command, on the demo landscape (config/demo.json): three
// forces, each with its own payroll bureau, HR system, ledger and legacy duty management, and
// Fenland replacing its payroll bureau by a SaaS ERP for its HR domain. It shows a joiner from the
// HR system's webhook fanning out to one force's payroll, duty management and ledger only; a
// duty-management export with a bad record quarantined by line while the good ones go through; a
// rejected delivery dead-lettered and replayed; then Fenland's staged replacement: a parallel run
// with the one disagreement the ERP's grade catalogue makes, its history backfilled to the ERP,
// the cutover under load (none missing, none doubled), and the day reconciled.
//
// The hub starts on the landscape's first stage for Fenland's HR ("old only": the ERP a target in
// no route yet), so that the history it backfills is history the ERP never had; step 4 applies
// config/demo.json itself (the parallel run) through the API, as a landscape admin would.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annualLeave, earlyShift, overtimeNight } from '@connectors/dms';
import { HR_SOURCE, HrWorkerHiredWebhook } from '@connectors/hr';
import { signStandardWebhook } from '@apps/gateway';
import { hubContext, HubRole, RunningHub, startHub } from '@apps/hub';
import { domainOf } from '@hub/config';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import type { HubContext } from '@hub/runtime';
import { waitFor } from '@hub/testing';
import { DemoSystems, FORCES, TOKENS } from '@test/support';
import { table } from '../apps/cli/src/format';

/** The demo's landscape document (config/demo.json, or DemoSystems.configure()): loosely typed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LandscapeDocument = Record<string, any>;

export interface DemoOptions {
  /** The systems, started. */
  systems: DemoSystems;
  /** config/demo.json pointing at `systems`: the parallel run the demo moves Fenland's HR into. */
  landscape: LandscapeDocument;
  /** The hub's environment: the demo's secrets (config/demo.env), stores and names. */
  env: Record<string, string | undefined>;
  say: (line?: string) => void;
  roles?: HubRole[];
}

/** What each of the staged replacement's steps came to, for the demo's integration test. */
export interface DemoOutcome {
  parallelRun: {
    /** GET /v1/parallel-runs/report?tenant=fen&domain=hr once the parallel run's events were compared. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    report: any;
    /** The special constable the ERP refused: its event id, and whether it reached the ERP once the grade was added. */
    refused: { eventId: string; subject: string; atErpAfterReplay: boolean };
    /** Events the parallel run compared. */
    posted: number;
  };
  backfill: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    dryRun: any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    final: any;
    progressLines: number;
  };
  cutover: {
    status: number;
    version: number;
    basedOn: number;
    /** Fenland's events accepted before the switch (the version cut over) and after it (the new one). */
    before: number;
    after: number;
    /** Of those, how many reached each system 0 times where they should have once, more than once, or where they should not have. */
    missing: number;
    doubled: number;
    misrouted: number;
    refused: number;
  };
  reconciliation: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    report: any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    drift: any;
    /** Drift of the migrated systems alone (GET /v1/reconciliation/drift with target=…), by target. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    byTarget: Record<string, any>;
  };
}

export interface DemoRun {
  hub: RunningHub;
  ctx: HubContext;
  outcome: DemoOutcome;
}

/** The parallel run's and the cutover's load: Fenland's events a second, and for how long. */
const LOAD_PER_SECOND = 50;
const LOAD_SECONDS = 4;
/** Fenland's history before the parallel run: people, and of them movers, leavers and pay changes. */
const HISTORY = { people: 120, movers: 80, leavers: 30, payChanges: 40 };
/** The backfill's rate (events a second); the target's own limit (config/demo.json) caps it. */
const BACKFILL_RATE = 60;

const FEN_ERP = 'cloud-erp-fen';
const FEN_BUREAU = 'payroll-fen';

/**
 * The landscape before the parallel run: the document with each migration's new target taken out
 * of the shadows of its tenant's routes in its domain (the target and the plan stay: stage "old only").
 */
export function beforeParallelRun(document: LandscapeDocument): LandscapeDocument {
  const d = structuredClone(document);
  for (const m of d.migrations ?? []) {
    for (const r of d.routes) {
      if (r.tenant !== m.tenant || domainOf(r.type) !== m.domain || !r.shadow) continue;
      r.shadow = r.shadow.filter((s: string) => s !== m.to);
      if (r.shadow.length === 0) delete r.shadow;
    }
  }
  return d;
}

function hiredWebhook(org: string, workerNumber: string, givenName: string, familyName: string, worker: Partial<HrWorkerHiredWebhook['worker']> = {}): HrWorkerHiredWebhook {
  return {
    eventType: 'worker.hired',
    eventId: `wh-${workerNumber}`,
    occurredAt: new Date().toISOString(),
    organisation: org,
    worker: {
      workerNumber,
      givenName,
      familyName,
      birthDate: '1996-08-21',
      nationalInsurance: 'QQ123456C',
      category: 'POLICE_OFFICER',
      rank: 'Constable',
      position: 'Police Constable',
      payGrade: 'PC-1',
      department: { id: 'NPT-03', name: 'Neighbourhood Policing Team 3' },
      costCentre: `${org}4410`,
      fte: 1,
      annualSalaryGBP: '29961.00',
      hireDate: '2027-01-04',
      ...worker,
    },
  };
}

/** A Fenland HR event as the shared HR system posts it to the API. */
function fenEvent(type: string, subject: string, id: string, data: Record<string, unknown>): CanonicalEvent {
  return { specversion: '1.0', id, source: HR_SOURCE, type, subject, tenant: 'fen', time: new Date().toISOString(), data };
}

const joined = (employeeId: string, n: number, hired = '2026-09-07') =>
  fenEvent('hr.employee.joined.v1', employeeId, `hr-${employeeId}-joined`, {
    employeeId,
    name: { forename: ['Amira', 'Tom', 'Ann', 'Ravi', 'Jo', 'Mark'][n % 6], surname: ['Okafor', 'Hughes', 'Price', 'Shah', 'Lund', 'Reed'][n % 6] },
    dateOfBirth: '1994-03-11',
    niNumber: 'QQ123456C',
    employment: {
      workerType: 'officer',
      rank: 'Constable',
      jobTitle: 'Police Constable',
      grade: ['PC-1', 'PC-2', 'PC-4'][n % 3],
      orgUnit: { code: 'NPT-03', name: 'Neighbourhood Policing Team 3' },
      costCentre: 'FEN4410',
      fte: 1,
      annualSalary: { amountMinor: 2996100 + 100 * (n % 7), currency: 'GBP' },
    },
    effectiveFrom: hired,
  });

/** Fenland's HR on the bureau alone before the parallel run: joiners, then moves, leavers and pay changes of some of them. */
function historyOf(run: string): CanonicalEvent[][] {
  const people = Array.from({ length: HISTORY.people }, (_, i) => `FEN-${run}-H${i}`);
  return [
    people.map((p, i) => joined(p, i)),
    people.slice(0, HISTORY.movers).map((p) =>
      fenEvent('hr.employee.moved.v1', p, `hr-${p}-moved`, {
        employeeId: p,
        moveType: 'cost-centre-change',
        to: { orgUnit: { code: 'NPT-03', name: 'Neighbourhood Policing Team 3' }, grade: 'PC-2', costCentre: 'FEN4415' },
        effectiveFrom: '2026-12-01',
      }),
    ),
    people.slice(0, HISTORY.leavers).map((p) => fenEvent('hr.employee.left.v1', p, `hr-${p}-left`, { employeeId: p, reason: 'resignation', lastWorkingDay: '2027-03-31', effectiveFrom: '2027-04-01' })),
    people.slice(HISTORY.people - HISTORY.payChanges).map((p, i) =>
      fenEvent('payroll.pay-change.requested.v1', p, `hr-${p}-increment`, {
        requestId: `FEN-PCR-${run}-${i}`,
        employeeId: p,
        changeType: 'increment',
        amount: { amountMinor: 3116400 + 2500 * (i % 4), currency: 'GBP' },
        basis: 'annual',
        grade: 'PC-2',
        effectiveFrom: '2027-04-01',
      }),
    ),
  ];
}

const pounds = (amountMinor: number, currency = 'GBP') => `${currency} ${(amountMinor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const money = (t: { money: { currency: string; amountMinor: number }[] }) => t.money.map((m) => pounds(m.amountMinor, m.currency)).join(', ');
const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - Date.now())));
const today = () => new Date().toISOString().slice(0, 10);

interface ParallelSide {
  target: string;
  outcome: string;
  error?: { code: string; status?: number; field?: string; message?: string };
}
interface ParallelExample {
  eventId: string;
  subject: string;
  type: string;
  primary: ParallelSide;
  shadow: ParallelSide;
}

/** What a target's refusal says, from its problem document (`… answered 422: {"errors":[{"detail":…}]}`), else the message. */
function problemDetail(message = ''): string {
  try {
    const problem = JSON.parse(message.slice(message.indexOf('{')));
    const details = (problem.errors ?? []).map((e: { field?: string; detail?: string }) => `${e.field}: ${e.detail}`);
    return details.length ? details.join('; ') : problem.title ?? message;
  } catch {
    return message;
  }
}

/** Idempotency-Key → how many calls a simulator answered with it. */
function keyCounts(calls: readonly { request: { headers: Record<string, unknown> } }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const key = String(c.request.headers['idempotency-key']);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Runs the demo's steps on a hub it starts on the landscape before the parallel run; the caller
 * stops the hub (and the systems). A step that fails stops the hub and throws.
 */
export async function runDemo(o: DemoOptions): Promise<DemoRun> {
  const ctx = hubContext({ env: o.env, config: beforeParallelRun(o.landscape) });
  const hub = await startHub(ctx, o.roles);
  try {
    return { hub, ctx, outcome: await steps(o, hub) };
  } catch (err) {
    await hub.stop().catch(() => undefined);
    throw err;
  }
}

async function steps(o: DemoOptions, hub: RunningHub): Promise<DemoOutcome> {
  const { systems, say, env } = o;
  const run = Date.now().toString(36).toUpperCase().slice(-5);
  const firstDay = today();
  const api = hub.url!;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const headers = { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const res = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** A call that must answer `want`; anything else stops the demo with the problem the API gave. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const must = async (want: number, token: string, method: string, path: string, body?: unknown): Promise<any> => {
    const a = await call(token, method, path, body);
    if (a.status !== want) throw new Error(`${method} ${path} answered ${a.status}, not ${want}: ${JSON.stringify(a.body)}`);
    return a.body;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ops = (method: string, path: string, body?: unknown): Promise<any> => call(TOKENS.opsAdmin, method, path, body).then((a) => a.body);
  /** As the HR system sends it: signed per Standard Webhooks, its notification id as the webhook-id, signed when sent. */
  const hrWebhook = async (tenant: string, body: HrWorkerHiredWebhook) => {
    const raw = JSON.stringify(body);
    const signed = signStandardWebhook([env.HR_WEBHOOK_SECRET!], body.eventId, Math.floor(Date.now() / 1000), raw);
    const res = await fetch(`${hub.gatewayUrl}/webhooks/hr/${tenant}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed }, body: raw });
    return { status: res.status, body: await res.json() };
  };
  const postEvents = (events: CanonicalEvent[]) =>
    fetch(`${api}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.hr}`, 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(events) }).then(async (res) => {
      if (res.status !== 202) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
    });
  const traceOf = (id: string, source = HR_SOURCE) => ops('GET', `/v1/events/${id}?source=${encodeURIComponent(source)}`);
  const delivered = (what: string, events: CanonicalEvent[], timeoutMs = 60_000) =>
    waitFor(what, async () => {
      for (const e of events) if ((await traceOf(e.id)).status !== 'delivered') return false;
      return true;
    }, timeoutMs, 250);
  const stageOf = async () => (await must(200, TOKENS.opsViewer, 'GET', '/v1/landscape')).migrations.find((m: { tenant: string; domain: string }) => m.tenant === 'fen' && m.domain === 'hr').stage as string;
  const reconciliation = (kind: '' | '/drift', target?: string) =>
    must(200, TOKENS.opsViewer, 'GET', `/v1/reconciliation${kind}?tenant=fen&from=${firstDay}&to=${today()}${target ? `&target=${target}` : ''}`);
  /** Nothing of Fenland's day still on its way to any target, primary or shadow. */
  const settled = (what: string) =>
    waitFor(what, async () => {
      const r = await reconciliation('');
      return [...r.rows, ...r.shadowRows].every((row: { pending: { events: number } }) => row.pending.events === 0) ? r : undefined;
    }, 90_000, 500);

  say('\n== 1. A Fenland joiner: the HR system calls its webhook on the gateway');
  const worker = `FEN-${run}`;
  const hired = hiredWebhook('FEN', worker, 'Amira', 'Okafor');
  const answer = await hrWebhook('fen', hired);
  say(`POST ${hub.gatewayUrl}/webhooks/hr/fen (signed) → ${answer.status} ${JSON.stringify(answer.body)}`);
  const trace = await waitFor('the joiner to reach every Fenland system', async () => {
    const t = await traceOf(hired.eventId);
    return t.status === 'delivered' ? t : undefined;
  });
  say(`fan-out: ${trace.targets.map((t: { target: string; state: string; attempts: number }) => `${t.target} ${t.state} (attempt ${t.attempts})`).join(', ')}`);
  say(`  payroll-fen   employee ${systems.payroll.fen.employees.get(worker)!.payrollId}`);
  say(`  dms-fen       staff record from import file ${systems.dms.fen.imports.at(-1)}`);
  say(`  finance-fen   expenses payee ${systems.ledger.fen.payees.get(worker)!.payeeId}`);
  const leaked = FORCES.filter((f) => f !== 'fen').filter((f) => systems.payroll[f].employees.has(worker) || systems.dms[f].staff.has(worker) || systems.ledger[f].payees.has(worker));
  say(`  Moorside and Vale systems holding ${worker}: ${leaked.length ? leaked.join(', ') : 'none'}`);

  say('\n== 2. Duty management drops an export file; one record has an unknown leave type');
  const drop = systems.dropDir('dms', 'fen');
  const file = await systems.dms.fen.exportFile(join(drop, 'inbox'), [
    earlyShift({ shiftId: `FEN-SH-${run}-1` }),
    annualLeave({ bookingId: `FEN-LV-${run}`, leaveType: 'ZZ' }),
    overtimeNight({ shiftId: `FEN-SH-${run}-2` }),
  ]);
  const name = file.split('/').pop()!;
  const rejectsFile = join(drop, 'quarantine', `${name}.rejects.json`);
  await waitFor('the export to be processed', () => existsSync(join(drop, 'processed', name)) && existsSync(rejectsFile));
  const rejects = JSON.parse(readFileSync(rejectsFile, 'utf8'));
  say(`${name}: ${rejects.posted} records posted as dms.* events; quarantined: ${rejects.records.map((r: { line: number; reason: string }) => `line ${r.line} (${r.reason})`).join('; ')}`);

  say('\n== 3. Vale payroll rejects two records (422): dead letters, grouped by cause, dry run, then replayed in bulk to payroll-vale only');
  systems.payroll.vale.setFaults({ rejectNext: 2, rejectStatus: 422 });
  const valeWorkers = [`VALE-${run}1`, `VALE-${run}2`];
  await hrWebhook('vale', hiredWebhook('VALE', valeWorkers[0], 'Tom', 'Hughes'));
  await hrWebhook('vale', hiredWebhook('VALE', valeWorkers[1], 'Ann', 'Price'));
  const letters = await waitFor('two dead letters', async () => {
    const page = await ops('GET', '/v1/dead-letters?tenant=vale&state=dead-lettered');
    return page.total >= 2 ? page.items : undefined;
  });
  say(`dead letter ${letters[0].id}: ${letters[0].reason} after ${letters[0].attempts} attempt(s): ${letters[0].message}`);
  const [group] = (await ops('GET', '/v1/dead-letters/groups?tenant=vale')).items;
  say(`GET /v1/dead-letters/groups → ${group.count} × ${group.fingerprint}`);
  const dry = await ops('POST', '/v1/dead-letters/replay', { fingerprint: group.fingerprint, dryRun: true });
  say(`dry run → would replay ${dry.considered} (${JSON.stringify(dry.byTarget)})`);
  const bulk = await ops('POST', '/v1/dead-letters/replay', { fingerprint: group.fingerprint });
  say(`bulk replay → replayed ${bulk.replayed} in ${bulk.batches} batch(es)`);
  await waitFor('the replays to be delivered', () => valeWorkers.every((w) => systems.payroll.vale.employees.has(w)));
  await waitFor('the dead letters to leave the list', async () => (await ops('GET', '/v1/dead-letters?tenant=vale')).total === 0 || undefined);
  say(`Vale payroll now holds ${valeWorkers.join(' and ')}; the replay went to payroll-vale only; open dead letters for vale: 0`);
  const [audited] = (await ops('GET', '/v1/audit?action=dead-letter.replay-bulk&limit=1')).items;
  say(`audit: ${audited.actor} ${audited.action} ${JSON.stringify(audited.filter)} ${JSON.stringify(audited.counts)}`);

  // ------------------------------------------------------------------ 4. parallel run
  say(`\n== 4. Parallel run: Fenland's HR goes to its payroll bureau (primary) and to the new SaaS ERP (shadow), compared event by event`);
  const history = historyOf(run);
  for (const round of history) await postEvents(round);
  await delivered("Fenland's history to reach the bureau", history.map((round) => round.at(-1)!), 90_000);
  const counted = (type: string) => history.flat().filter((e) => e.type === type).length;
  say(
    `Before it, Fenland's HR went to the bureau alone (stage "${await stageOf()}"): ${HISTORY.people} joiners, ${counted('hr.employee.moved.v1')} moves, ${counted('hr.employee.left.v1')} leavers ` +
      `and ${counted('payroll.pay-change.requested.v1')} pay changes, delivered. The ERP ${FEN_ERP} is a target in no route yet.`,
  );
  const parallel = await must(201, TOKENS.landscapeAdmin, 'PUT', '/v1/landscape', { landscape: o.landscape, reason: 'Fenland HR parallel run: config/demo.json, CHG-3300' });
  say(`PUT /v1/landscape (landscape admin, config/demo.json) → version ${parallel.version}, stage "${await stageOf()}":`);
  for (const line of parallel.summary as string[]) say(`  ${line}`);

  const scWorker = `FEN-${run}-S1`;
  const joiners = [
    hiredWebhook('FEN', `FEN-${run}-P1`, 'Priya', 'Nair'),
    hiredWebhook('FEN', `FEN-${run}-P2`, 'Owen', 'Ellis', { category: 'POLICE_STAFF', rank: undefined, position: 'Contact Officer', payGrade: 'SO1', costCentre: 'FEN2210' }),
    hiredWebhook('FEN', scWorker, 'Callum', 'Reid', { category: 'SPECIAL_CONSTABLE', rank: 'Special Constable', position: 'Special Constable', payGrade: 'SC', department: { id: 'SC-EAST', name: 'Special Constabulary East' }, fte: 0.1, annualSalaryGBP: '0.00' }),
    hiredWebhook('FEN', `FEN-${run}-P3`, 'Grace', 'Adeyemi', { payGrade: 'PC-2' }),
  ];
  for (const j of joiners) await hrWebhook('fen', j);
  say(`${joiners.length} Fenland joiners through the HR webhook, one a special constable (${scWorker}, grade SC)`);
  // The comparer writes an event's comparisons with every primary at once: the bureau's pair counts the events compared.
  const report = await waitFor('the comparer to compare the parallel run', async () => {
    const r = await call(TOKENS.opsViewer, 'GET', '/v1/parallel-runs/report?tenant=fen&domain=hr');
    const pair = r.status === 200 ? r.body.pairs.find((p: { primary: string; shadow: string }) => p.primary === FEN_BUREAU && p.shadow === FEN_ERP) : undefined;
    return pair?.compared >= joiners.length ? r.body : undefined;
  }, 60_000, 250);
  const reasons = Object.entries(report.byReason as Record<string, number>).filter(([, n]) => n > 0);
  say(`GET /v1/parallel-runs/report?tenant=fen&domain=hr (a viewer: personal values masked) → ${report.from} (UTC):`);
  say(`  compared ${report.compared}, agreed ${report.agreed}, disagreed ${report.disagreed}${reasons.length ? ` (${reasons.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`);
  // One comparison per primary of the event: a joiner's route has three (the bureau, duty
  // management, the ledger), and only the bureau and the ERP read their records back field by field.
  say(`  the pair compared (the migration plan: ${FEN_ERP} replaces ${FEN_BUREAU}):`);
  say(table(report.pairs, ['primary', 'shadow', 'compared', 'agreed', 'disagreed']).replace(/^/gm, '    '));
  const byEvent = new Map<string, ParallelExample[]>();
  for (const e of report.examples.outcome as ParallelExample[]) byEvent.set(e.eventId, [...(byEvent.get(e.eventId) ?? []), e]);
  for (const [, es] of byEvent) {
    const { shadow } = es[0];
    say(`  outcome: ${es[0].subject} (${es[0].type}): ${es.map((e) => `${e.primary.target} ${e.primary.outcome}`).join(', ')}; ${shadow.target} ${shadow.outcome}, ${shadow.error?.code} ${shadow.error?.status ?? ''} ${shadow.error?.field ?? ''}: ${problemDetail(shadow.error?.message)}`);
  }
  const onlyOne = (report.onlyOneSide.primary as { path: string }[]).map((f) => f.path);
  if (onlyOne.length) say(`  carried by the bureau only, never a disagreement: ${onlyOne.join(', ')}`);
  // The ERP's administrators add the grade; then the shadow's dead letter is replayed. The
  // comparison stays as written: it is what the ERP would have done on the day.
  const [shadowGroup] = (await must(200, TOKENS.fenOperator, 'GET', '/v1/dead-letters/groups?tenant=fen&role=shadow')).items;
  say(`The shadow's dead letters (apart from the primaries', in no alert): ${shadowGroup.count} × ${shadowGroup.fingerprint}`);
  systems.erp.fen.grades.add('SC');
  const replayed = await must(202, TOKENS.fenOperator, 'POST', '/v1/dead-letters/replay', { tenant: 'fen', role: 'shadow', fingerprint: shadowGroup.fingerprint });
  await waitFor('the special constable to reach the ERP', () => systems.erp.fen.workers.has(scWorker));
  await waitFor("the shadow's dead letters to leave the list", async () => (await must(200, TOKENS.fenOperator, 'GET', '/v1/dead-letters?tenant=fen&role=shadow')).total === 0 || undefined, 30_000, 250);
  say(`Fixed at the ERP (grade SC added to its catalogue), then replayed by fen-operator: ${replayed.replayed} replayed, ${scWorker} now in the ERP; open shadow dead letters: 0`);

  // ------------------------------------------------------------------ 5. backfill
  say(`\n== 5. Backfill: Fenland's history from before the parallel run, from the ledger to ${FEN_ERP}`);
  const selection = { tenant: 'fen', target: FEN_ERP, types: ['hr.*'], rate: BACKFILL_RATE, reason: 'seed the ERP with Fenland HR history, CHG-3301' };
  const dryRun = await must(200, TOKENS.fenOperator, 'POST', '/v1/backfills', { ...selection, dryRun: true });
  say(`POST /v1/backfills {types: ["hr.*"], dryRun: true} (fen-operator) → ${dryRun.toSend} to send, ${dryRun.alreadyThere} the ERP has already (the parallel run's), at ${dryRun.effectiveRate}/s ≈ ${dryRun.estimatedSeconds} s:`);
  say(table(dryRun.byType, ['type', 'toSend', 'alreadyThere']).replace(/^/gm, '  '));
  const started = await must(202, TOKENS.fenOperator, 'POST', '/v1/backfills', selection);
  say(`started ${started.id}: ${started.progress.total} events, in order per person, under backfill keys`);
  let progressLines = 0;
  let lastLine = Date.now();
  const final = await waitFor('the backfill to finish', async () => {
    const b = await must(200, TOKENS.fenOperator, 'GET', `/v1/backfills/${started.id}`);
    if (b.state === 'finished') return b;
    if (b.state !== 'running') throw new Error(`backfill ${b.id} is ${b.state}: ${b.error ?? ''}`);
    if (Date.now() - lastLine >= 1_000 && b.progress.delivered < b.progress.total) {
      lastLine = Date.now();
      progressLines++;
      const p = b.progress;
      say(`  ${String(p.delivered).padStart(4)}/${p.total} delivered (${p.percent}%), ${p.rate.current ?? p.rate.average ?? 0}/s${p.etaSeconds !== undefined ? `, about ${p.etaSeconds} s to go` : ''}`);
    }
    return undefined;
  }, 120_000, 250);
  const fp = final.progress;
  say(`  ${String(fp.delivered).padStart(4)}/${fp.total} delivered (${fp.percent}%): finished, ${fp.deadLettered} dead-lettered, ${fp.skipped} skipped (the ERP had them), average ${fp.rate.average ?? '–'}/s`);
  say(`The ERP now holds ${systems.erp.fen.workers.size} Fenland workers, ${systems.erp.fen.terminations.size} of them terminated; calls it had already answered, sent again: ${systems.erp.fen.repeats}`);

  // ------------------------------------------------------------------ 6. cutover under load
  say(`\n== 6. Cutover under load: ${LOAD_PER_SECOND} Fenland joiners a second for ${LOAD_SECONDS} s while fen-operator cuts fen/hr over to the ERP`);
  type Posted = { event: CanonicalEvent; status: number; version?: number };
  const posted: Promise<Posted>[] = [];
  const total = LOAD_PER_SECOND * LOAD_SECONDS;
  const cutoverRequest = { tenant: 'fen', domain: 'hr', reason: 'Fenland HR go-live, CHG-3302' };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let dryCutover: Promise<any> | undefined;
  let cutover: Promise<{ status: number; body: { version: number; basedOn: number; summary: string[] } }> | undefined;
  const loadStart = Date.now() + 100;
  for (let i = 0; i < total; i++) {
    await sleepUntil(loadStart + (i * 1000) / LOAD_PER_SECOND);
    const event = joined(`FEN-${run}-L${i}`, i, '2027-02-01');
    posted.push(
      fetch(`${api}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.hr}`, 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) }).then(async (res) => ({
        event,
        status: res.status,
        version: res.status === 202 ? ((await res.json()) as { accepted: { landscapeVersion?: number }[] }).accepted[0]?.landscapeVersion : undefined,
      })),
    );
    if (i === LOAD_PER_SECOND) dryCutover = must(200, TOKENS.fenOperator, 'POST', '/v1/landscape/cutovers', { ...cutoverRequest, dryRun: true });
    if (i === total / 2) cutover = call(TOKENS.fenOperator, 'POST', '/v1/landscape/cutovers', cutoverRequest);
  }
  const all = await Promise.all(posted);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const [dryAnswer, cut] = await Promise.all([dryCutover!, cutover!]);
  if (cut.status !== 201) throw new Error(`the cutover answered ${cut.status}: ${JSON.stringify(cut.body)}`);
  say(`POST /v1/landscape/cutovers {dryRun: true} → would change ${dryAnswer.routes.length} route(s) of version ${dryAnswer.basedOn} (nothing stored):`);
  for (const line of dryAnswer.summary as string[]) say(`  ${line}`);
  say(`POST /v1/landscape/cutovers → ${cut.status}: landscape version ${cut.body.version} (was ${cut.body.basedOn}), stage "${await stageOf()}"; events accepted from now on go to the ERP`);
  const before = all.filter((p) => p.version === cut.body.basedOn);
  const after = all.filter((p) => p.version === cut.body.version);
  const refusedPosts = all.filter((p) => p.status !== 202).length;

  const keys = (ps: Posted[], target: string) => ps.map((p) => `${target}.${keyOfEvent(p.event)}`);
  const atBureau = () => keyCounts(systems.payroll.fen.calls);
  const atErp = () => keyCounts(systems.erp.fen.calls);
  await waitFor('every delivery of the load made', () => {
    const [b, e] = [atBureau(), atErp()];
    return keys(before, FEN_BUREAU).every((k) => b.has(k)) && keys([...before, ...after], FEN_ERP).every((k) => e.has(k));
  }, 90_000, 250);
  await settled('every Fenland delivery to settle');
  const [bureau, erp] = [atBureau(), atErp()];
  const tally = (counts: Map<string, number>, want: string[]) => ({ once: want.filter((k) => counts.get(k) === 1).length, missing: want.filter((k) => !counts.has(k)).length, doubled: want.filter((k) => (counts.get(k) ?? 0) > 1).length });
  const bureauBefore = tally(bureau, keys(before, FEN_BUREAU));
  const erpBefore = tally(erp, keys(before, FEN_ERP));
  const erpAfter = tally(erp, keys(after, FEN_ERP));
  const bureauAfter = keys(after, FEN_BUREAU).filter((k) => bureau.has(k)).length;
  say(`${all.length} joiners posted in ${loadSeconds.toFixed(1)} s: ${all.length - refusedPosts} accepted (202), ${refusedPosts} refused; by the landscapeVersion of each 202 answer:`);
  say(`  accepted before the switch (version ${cut.body.basedOn}): ${before.length}: at the bureau ${bureauBefore.once} once each, at the ERP (shadow) ${erpBefore.once} once each`);
  say(`  accepted after it (version ${cut.body.version}):  ${after.length}: at the ERP (primary) ${erpAfter.once} once each, at the bureau ${bureauAfter}`);
  const missing = bureauBefore.missing + erpBefore.missing + erpAfter.missing + (all.length - refusedPosts - before.length - after.length);
  const doubled = bureauBefore.doubled + erpBefore.doubled + erpAfter.doubled;
  say(`  counted by Idempotency-Key at the two simulators: missing ${missing}, doubled ${doubled}, at the wrong system ${bureauAfter}`);

  // ------------------------------------------------------------------ 7. reconciliation
  say(`\n== 7. Reconciliation: Fenland's day (${firstDay}, UTC), source side against target side`);
  const rec = await settled("Fenland's deliveries to settle");
  type Row = { type: string; target: string | null; role: string | null; accepted: { events: number }; routed: { events: number; money: [] }; delivered: { events: number; money: { currency: string; amountMinor: number }[] }; deadLettered: { events: number }; balanced: boolean };
  const lines = (rows: Row[]) =>
    rows.map((r) => ({ type: r.type, target: r.target ?? '(no route)', accepted: r.accepted.events, routed: r.routed.events, delivered: r.delivered.events, money: money(r.delivered), balanced: r.target === null ? '' : r.balanced ? 'yes' : 'NO' }));
  say(`GET /v1/reconciliation?tenant=fen&from=${firstDay}&to=${today()} (a viewer) → primaries:`);
  say(table(lines(rec.rows), ['type', 'target', 'accepted', 'routed', 'delivered', 'money', 'balanced'], 64).replace(/^/gm, '  '));
  const shadowRouted = (rec.shadowRows as Row[]).reduce((n, r) => n + r.routed.events, 0);
  const shadowDelivered = (rec.shadowRows as Row[]).reduce((n, r) => n + r.delivered.events, 0);
  say(`  shadow deliveries of the parallel run, reported apart (never counted as the primary's): ${shadowDelivered} of ${shadowRouted} delivered (the special constable's 422 among them, delivered since its replay)`);
  const drift = await reconciliation('/drift');
  say(`GET /v1/reconciliation/drift → primary drift: ${drift.items.length}, shadow drift: ${drift.shadowItems.length}, file drift: ${drift.files.length}`);
  for (const f of drift.files as { direction: string; fileName: string; where: string; why: string }[]) {
    say(`  file ${f.direction} ${f.fileName} (${f.where}): ${f.why} — step 2's bad line, for the duty-management team to correct and export again; it stays on the day's record`);
  }
  const byTarget: Record<string, { balanced: boolean; items: unknown[] }> = {};
  for (const t of [FEN_BUREAU, FEN_ERP]) byTarget[t] = await reconciliation('/drift', t);
  const primaries = rec.rows.filter((r: Row) => r.target !== null) as Row[];
  const routedAll = primaries.reduce((n, r) => n + r.routed.events, 0);
  const deliveredAll = primaries.reduce((n, r) => n + r.delivered.events, 0);
  const openLetters = primaries.reduce((n, r) => n + r.deadLettered.events, 0);
  const moneyAll = new Map<string, number>();
  for (const m of primaries.flatMap((r) => r.delivered.money)) moneyAll.set(m.currency, (moneyAll.get(m.currency) ?? 0) + m.amountMinor);
  const stage = Object.entries(byTarget).map(([t, d]) => `${t} ${d.balanced ? 'balanced' : 'NOT balanced'}`).join(', ');
  say(
    drift.items.length === 0
      ? `Balanced for the primaries: ${deliveredAll} of ${routedAll} deliveries acknowledged, ${[...moneyAll].map(([c, a]) => pounds(a, c)).join(', ') || 'no money'} routed and acknowledged, ${openLetters} dead letters open; the HR stage's systems: ${stage}`
      : `NOT balanced for the primaries: ${drift.items.length} day/type/target(s) drift (hub reconcile --tenant fen --drift says why); the HR stage's systems: ${stage}`,
  );

  say(`
== Where to look
  API            ${api}            (POST /v1/events, GET /v1/schemas, /v1/events/{id}, /v1/dead-letters, /v1/audit)
  Staged ERP     ${api}/v1/landscape (versions: /v1/landscape/versions), /v1/parallel-runs/report?tenant=fen&domain=hr, /v1/backfills, /v1/reconciliation?tenant=fen&from=${firstDay}&to=${today()}
                 CLI: HUB_URL=${api} HUB_TOKEN=demo-ops-viewer-token npm run hub -- parallel report --tenant fen --domain hr (also: landscape versions, backfill status, reconcile --tenant fen --from ${firstDay} --to ${today()})
  Dashboard      ${api}/ops/dashboard (browser: any user name, an ops token as password; parallel runs and reconciliation have their pages)
  Gateway        ${hub.gatewayUrl}     (POST /webhooks/hr/{force}, /webhooks/ledger/{force}; drop directories under ${join(systems.root, 'drop')})
  OpenAPI        ${api}/docs       (JSON: ${api}/docs/openapi.json)
  Bull Board     ${api}/ops/queues (browser: any user name, an ops token as password)
  Metrics        ${api}/metrics     Health: ${api}/health/ready
  Simulators     payroll ${systems.payroll.fen.url}/_sim/state, HR ${systems.hr.fen.url}/_sim/state, ledger ${systems.ledger.fen.url}/_sim/state (fen; moor and vale on the next ports), cloud ERP ${systems.erp.fen.url}/_sim/state (fen only)
  Landscape      docs/landscape.md (the routes, and interfaces counted against connectors)
  Demo tokens    config/demo.env (secrets by reference) and README
  Try it         curl -s -H 'Authorization: Bearer demo-ops-admin-token' '${api}/v1/events/${hired.eventId}?source=${encodeURIComponent(HR_SOURCE)}'
`);

  return {
    parallelRun: { report, refused: { eventId: joiners[2].eventId, subject: scWorker, atErpAfterReplay: systems.erp.fen.workers.has(scWorker) }, posted: joiners.length },
    backfill: { dryRun, final, progressLines },
    cutover: { status: cut.status, version: cut.body.version, basedOn: cut.body.basedOn, before: before.length, after: after.length, missing, doubled, misrouted: bureauAfter, refused: refusedPosts },
    reconciliation: { report: rec, drift, byTarget },
  };
}
