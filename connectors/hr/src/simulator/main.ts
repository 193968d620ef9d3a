// Runs one HR API simulator as its own process (docker compose, manual testing):
//   FORCE=fen PORT=4201 HR_API_TOKEN=hr-api-token node dist/connectors/hr/src/simulator/main.js
import { HrSimulator } from './hr-simulator';

const force = process.env.FORCE ?? 'fen';
const port = Number(process.env.PORT ?? 4201);
const host = process.env.HOST ?? '127.0.0.1';

new HrSimulator(force, port, host, process.env.HR_API_TOKEN ?? 'hr-api-token')
  .start()
  .then((s) => process.stdout.write(`HR API simulator for ${force} on ${s.url}\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
