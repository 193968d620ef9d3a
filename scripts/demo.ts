// `npm run demo`: the demo flow (scripts/demo-flow.ts) on the demo landscape's systems at the
// ports and directories config/demo.json names, then the hub keeps running until Ctrl-C
// (`--once` stops after the flow).
//
// Each run has stores of its own: a ledger schema, Kafka topics, a consumer group and Redis keys
// named after the run (demo_<run>, demo-<run>.*), removed when it stops. The demo changes the
// landscape (a parallel run, then a cutover) and reads one day's reports, so a second run on the
// first one's ledger would start cut over and count the first one's events; the simulators keep
// their state in memory, so nothing of an earlier run is left to reconcile against anyway. What a
// run killed before it could clean up left behind is removed at the next start.
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { RunningHub } from '@apps/hub';
import { loadSettings } from '@hub/config';
import { DemoSystems, demoEnv, HubRunData, removeHubRunData } from '@test/support';
import { runDemo } from './demo-flow';

const once = process.argv.includes('--once');
const say = (s = '') => process.stdout.write(`${s}\n`);

/** The names one demo run's stores go by. */
function namesOf(run: string): Record<string, string> {
  return { LEDGER_SCHEMA: `demo_${run}`, KAFKA_TOPIC_PREFIX: `demo-${run}.`, REDIS_PREFIX: `demo-${run}`, ROUTER_GROUP_ID: `demo-${run}-router` };
}
const RUN_SCHEMA = /^demo_([0-9a-z]{6})$/;

/** Earlier runs' stores that were never removed (a demo killed or crashed): found by their ledger schemas. */
async function removeLeftovers(base: HubRunData): Promise<void> {
  const pg = new Pool({ connectionString: base.databaseUrl, max: 1 });
  let runs: string[];
  try {
    runs = (await pg.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'demo\\_%'`)).rows.map((r) => RUN_SCHEMA.exec(r.nspname)?.[1]).filter((r): r is string => r !== undefined);
  } finally {
    await pg.end();
  }
  for (const run of runs) {
    const n = namesOf(run);
    await removeHubRunData({ ...base, ledgerSchema: n.LEDGER_SCHEMA, topicPrefix: n.KAFKA_TOPIC_PREFIX, redisPrefix: n.REDIS_PREFIX });
  }
  if (runs.length) say(`(removed what ${runs.length} earlier demo run(s) left behind)`);
}

async function main(): Promise<void> {
  const run = Date.now().toString(36).slice(-6);
  const env = {
    ...demoEnv(),
    ...process.env,
    ...namesOf(run),
    // The demo prints its own story; the hub's logs show warnings and errors only unless asked.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    GATEWAY_POLL_MS: '200',
    // Compare the parallel run as it happens, and take a backfill up at once (a minute and 2 s by default).
    PARALLEL_RUN_COMPARE_INTERVAL_MS: '500',
    BACKFILL_POLL_MS: '200',
  };
  const settings = loadSettings(env);
  await removeLeftovers(settings);
  const systems = new DemoSystems(true);
  // A fresh exchange for each demo run; the systems' own state lives in memory.
  rmSync(join(systems.root, 'drop'), { recursive: true, force: true });
  rmSync(join(systems.root, 'exchange'), { recursive: true, force: true });
  await systems.start();
  let hub: RunningHub | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await hub?.stop();
      await systems.stop();
      await removeHubRunData(settings);
    })());
  try {
    ({ hub } = await runDemo({ systems, landscape: systems.configure(), env, say }));
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  if (once) {
    await stop();
    say('demo complete');
    return;
  }
  say(`The hub keeps running; Ctrl-C stops it and removes this run's ledger schema, topics and Redis keys (Kafka, Redis and PostgreSQL stay up: npm run infra -- stop).`);
  const onSignal = () => void stop().then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
