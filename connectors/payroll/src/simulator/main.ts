// Runs one payroll simulator as its own process (docker compose, manual testing):
//   FORCE=fen PORT=4101 node dist/connectors/payroll/src/simulator/main.js
import { PayrollSimulator } from './payroll-simulator';

const force = process.env.FORCE ?? 'fen';
const port = Number(process.env.PORT ?? 4101);
const host = process.env.HOST ?? '127.0.0.1';

new PayrollSimulator(force, port, host)
  .start()
  .then((s) => process.stdout.write(`payroll simulator for ${force} on ${s.url}\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
