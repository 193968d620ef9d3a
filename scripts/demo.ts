// The demo flow of the README's first command, on the demo landscape (config/demo.json): three
// forces, each with its own payroll bureau, HR system, ledger and legacy duty management. It shows
// a joiner from the HR system's webhook fanning out to one force's payroll, duty management and
// ledger only; a duty-management export with a bad record quarantined by line while the good ones
// go through; and a rejected delivery dead-lettered and replayed.
import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { annualLeave, earlyShift, overtimeNight } from '@connectors/dms';
import { HR_SOURCE, HrWorkerHiredWebhook } from '@connectors/hr';
import { startHub } from '@apps/hub';
import { loadHubContext } from '@hub/runtime';
import { DemoSystems, demoEnv, FORCES, waitFor } from '@hub/testing';

const once = process.argv.includes('--once');
const say = (s = '') => process.stdout.write(`${s}\n`);
const run = Date.now().toString(36).toUpperCase().slice(-5);

function hiredWebhook(org: string, workerNumber: string, givenName: string, familyName: string): HrWorkerHiredWebhook {
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
    },
  };
}

async function main(): Promise<void> {
  const secrets = { ...demoEnv(), ...process.env };
  const systems = new DemoSystems(true);
  // A fresh exchange for each demo run; the systems' own state lives in memory.
  rmSync(join(systems.root, 'drop'), { recursive: true, force: true });
  rmSync(join(systems.root, 'exchange'), { recursive: true, force: true });
  await systems.start();
  // The demo prints its own story; the hub's logs show warnings and errors only unless asked.
  const ctx = loadHubContext({ env: { ...secrets, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', GATEWAY_POLL_MS: '200' } });
  const hub = await startHub(ctx);
  const api = hub.url!;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ops = async (method: string, path: string, body?: unknown): Promise<any> => {
    const headers = { authorization: 'Bearer demo-ops-admin-token', ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const res = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.status === 204 ? undefined : res.json();
  };
  const hrWebhook = async (tenant: string, body: unknown) => {
    const raw = JSON.stringify(body);
    const signature = `sha256=${createHmac('sha256', secrets.HR_WEBHOOK_SECRET!).update(raw).digest('hex')}`;
    const res = await fetch(`${hub.gatewayUrl}/webhooks/hr/${tenant}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-256': signature }, body: raw });
    return { status: res.status, body: await res.json() };
  };
  const traceOf = (id: string, source = HR_SOURCE) => ops('GET', `/v1/events/${id}?source=${encodeURIComponent(source)}`);

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
  const report = join(drop, 'quarantine', `${name}.rejects.json`);
  await waitFor('the export to be processed', () => existsSync(join(drop, 'processed', name)) && existsSync(report));
  const rejects = JSON.parse(readFileSync(report, 'utf8'));
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

  say(`
== Where to look
  API            ${api}            (POST /v1/events, GET /v1/schemas, /v1/events/{id}, /v1/dead-letters, /v1/audit)
  Dashboard      ${api}/ops/dashboard (browser: any user name, an ops token as password)
  Gateway        ${hub.gatewayUrl}     (POST /webhooks/hr/{force}, /webhooks/ledger/{force}; drop directories under ${join(systems.root, 'drop')})
  OpenAPI        ${api}/docs       (JSON: ${api}/docs/openapi.json)
  Bull Board     ${api}/ops/queues (browser: any user name, an ops token as password)
  Metrics        ${api}/metrics     Health: ${api}/health/ready
  Simulators     payroll ${systems.payroll.fen.url}/_sim/state, HR ${systems.hr.fen.url}/_sim/state, ledger ${systems.ledger.fen.url}/_sim/state (fen; moor and vale on the next ports)
  Landscape      docs/landscape.md (the routes, and interfaces counted against connectors)
  Demo tokens    config/demo.env (secrets by reference) and README
  Try it         curl -s -H 'Authorization: Bearer demo-ops-admin-token' '${api}/v1/events/${hired.eventId}?source=${encodeURIComponent(HR_SOURCE)}'
`);
  const stop = async () => {
    await hub.stop();
    await systems.stop();
  };
  if (once) {
    await stop();
    say('demo complete');
    return;
  }
  say('The hub keeps running; Ctrl-C stops it (Kafka and Redis stay up: npm run infra -- stop).');
  const onSignal = () => void stop().then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
