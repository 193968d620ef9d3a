// The demo flow of the README's first command: three forces, each with its own payroll simulator;
// a joiner posted for one force reaches that force's payroll only; a rejected delivery becomes a
// dead letter and is replayed. Runs the hub in this process with config/demo.json.
import 'reflect-metadata';
import { HrSourceConnector, HR_SOURCE, HrWorkerHiredWebhook, HubIngestClient } from '@connectors/hr';
import { PayrollSimulator } from '@connectors/payroll';
import { startHub } from '@apps/hub';
import { loadHubContext } from '@hub/runtime';
import { waitFor } from '@hub/testing';

const once = process.argv.includes('--once');
const FORCE_PORTS = { fen: 4101, moor: 4102, vale: 4103 } as const;
const say = (s = '') => process.stdout.write(`${s}\n`);

function hiredWebhook(org: string, workerNumber: string, givenName: string, familyName: string): HrWorkerHiredWebhook {
  return {
    eventType: 'worker.hired',
    eventId: `wh-${workerNumber}-${Date.now()}`,
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
  const sims = Object.fromEntries(Object.entries(FORCE_PORTS).map(([f, port]) => [f, new PayrollSimulator(f, port)])) as Record<keyof typeof FORCE_PORTS, PayrollSimulator>;
  await Promise.all(Object.values(sims).map((s) => s.start()));
  // The demo prints its own story; the hub's logs show warnings and errors only unless asked.
  const ctx = loadHubContext({ env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  const hub = await startHub(ctx);
  const api = hub.url!;
  const hr = new HrSourceConnector();
  const client = new HubIngestClient(api, 'demo-hr-token');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ops = async (method: string, path: string): Promise<any> => {
    const res = await fetch(`${api}${path}`, { method, headers: { authorization: 'Bearer demo-ops-admin-token' } });
    return res.status === 204 ? undefined : res.json();
  };
  const traceOf = (id: string) => ops('GET', `/v1/events/${id}?source=${encodeURIComponent(HR_SOURCE)}`);

  say('\n== 1. A Fenland joiner, posted by the shared HR system');
  const [joiner] = hr.toEvents(hiredWebhook('FEN', 'FEN-10234', 'Amira', 'Okafor'), { tenant: 'fen', source: HR_SOURCE });
  const answer = await client.post([joiner]);
  say(`POST /v1/events → ${answer.status} ${JSON.stringify(answer.body)}`);
  const trace = await waitFor('the joiner to reach payroll', async () => {
    const t = await traceOf(joiner.id);
    return t.status === 'delivered' ? t : undefined;
  });
  say(`trace: ${trace.steps.map((s: { step: string; target?: string }) => s.step + (s.target ? `(${s.target})` : '')).join(' → ')}`);
  say(`Fenland payroll now holds: ${JSON.stringify(sims.fen.employees.get('FEN-10234'))}`);
  say(`Moorside payroll: ${sims.moor.employees.size} records, Vale payroll: ${sims.vale.employees.size} records (nothing leaked)`);

  say('\n== 2. Vale payroll rejects a record (422): the delivery becomes a dead letter, then is replayed');
  sims.vale.setFaults({ rejectNext: 1, rejectStatus: 422 });
  const [valeJoiner] = hr.toEvents(hiredWebhook('VALE', 'VALE-20077', 'Tom', 'Hughes'), { tenant: 'vale', source: HR_SOURCE });
  await client.post([valeJoiner]);
  const letter = await waitFor('a dead letter', async () => (await ops('GET', `/v1/dead-letters?subject=VALE-20077`)).items[0]);
  say(`dead letter ${letter.id}: ${letter.reason} after ${letter.attempts} attempt(s): ${letter.message}`);
  say(`POST /v1/dead-letters/${letter.id}/replay → ${JSON.stringify(await ops('POST', `/v1/dead-letters/${letter.id}/replay`))}`);
  await waitFor('the replay to be delivered', () => sims.vale.employees.has('VALE-20077'));
  say(`Vale payroll now holds VALE-20077 (${sims.vale.employees.get('VALE-20077')!.payrollId}); open dead letters: ${(await ops('GET', '/v1/dead-letters')).total}`);

  say(`
== Where to look
  API            ${api}            (POST /v1/events, GET /v1/schemas, /v1/events/{id}, /v1/dead-letters)
  OpenAPI        ${api}/docs       (JSON: ${api}/docs/openapi.json)
  Bull Board     ${api}/ops/queues (browser: any user name, an ops token as password)
  Metrics        ${api}/metrics     Health: ${api}/health/ready
  Payroll sims   ${Object.values(sims).map((s) => `${s.url}/_sim/state`).join('  ')}
  Demo tokens    source: demo-hr-token (all forces, hr.*), demo-fen-joiners-token (fen, joiners only)
                 ops:    demo-ops-admin-token (viewer+operator+pii-reader), demo-ops-viewer-token, demo-fen-operator-token
  Try it         curl -s -H 'Authorization: Bearer demo-ops-admin-token' '${api}/v1/events/${joiner.id}?source=${encodeURIComponent(HR_SOURCE)}'
`);
  const stop = async () => {
    await hub.stop();
    await Promise.all(Object.values(sims).map((s) => s.stop()));
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
