// Whether a role's memory grows without end or settles: api, router and worker in their own
// processes under single-event POSTs in an open loop (the soak's load), each role's RSS printed
// after every 30 s. A leak keeps climbing; a heap growing to its working size climbs in steps and
// then stays. The soak in `npm run bench` compares one reading before with one after.
//   npm run -s build && node dist/bench/tools/rss-plateau.js [--rate 480] [--chunks 14]
// Needs the shared infrastructure (scripts/infra.sh start).
import 'reflect-metadata';
import { join } from 'node:path';
import { idPrefix, payAward } from '../lib/events';
import { startHubProcesses } from '../lib/hub-processes';
import { ensureInfra, stopInfra } from '../lib/infra';
import { BENCH_TOKEN, writeBenchLandscape } from '../lib/landscape';
import { openLoop } from '../lib/load';
import { startChild, waitHealthy } from '../lib/processes';
import { runTool } from '../lib/tool';

const CHUNK_SECONDS = 30;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
  const rate = Number(arg('rate', '480'));
  const chunks = Number(arg('chunks', '14'));
  const { env: infra, started } = ensureInfra();
  const sinkPort = 4902;
  const sink = startChild('counting-sink-rss', process.execPath, [join(__dirname, '..', 'lib', 'counting-sink.js'), String(sinkPort)]);
  try {
    await waitHealthy(sink, `http://127.0.0.1:${sinkPort}/_bench/health`, 10_000);
    const hub = await startHubProcesses(infra, { landscape: writeBenchLandscape(`http://127.0.0.1:${sinkPort}`, 16), roles: ['api', 'router', 'worker'] });
    const rss = () => Object.entries(hub.rss()).map(([role, mib]) => `${role} ${Math.round(mib!)}`).join(', ');
    try {
      console.log(`RSS (MiB) at start: ${rss()}`);
      for (let c = 0; c < chunks; c++) {
        const prefix = idPrefix(`rss${c}`);
        const r = await openLoop(`${hub.url}/v1/events`, BENCH_TOKEN, rate, CHUNK_SECONDS, (i) => ({ contentType: 'application/cloudevents+json', body: JSON.stringify(payAward(prefix, i)), events: 1 }));
        console.log(`after ${(c + 1) * CHUNK_SECONDS} s at ${rate} events/s (${r.errors} failed): ${rss()}`);
      }
    } finally {
      await hub.stop();
    }
  } finally {
    await sink.stop();
    stopInfra(started);
  }
}

runTool(main);
