// Runs one cloud ERP tenant's simulator as its own process (docker compose, manual testing):
//   FORCE=fen PORT=4701 CLOUD_ERP_TOKEN=cloud-erp-token node dist/connectors/cloud-erp/src/simulator/main.js
// CLOUD_ERP_GRADES (comma-separated) replaces the default grade catalogue.
import { CloudErpSimulator } from './cloud-erp-simulator';

const force = process.env.FORCE ?? 'fen';
const port = Number(process.env.PORT ?? 4701);
const host = process.env.HOST ?? '127.0.0.1';
const grades = process.env.CLOUD_ERP_GRADES?.split(',').map((g) => g.trim()).filter(Boolean);

new CloudErpSimulator(force, port, host, { token: process.env.CLOUD_ERP_TOKEN ?? 'cloud-erp-token', grades })
  .start()
  .then((s) => process.stdout.write(`cloud ERP simulator for ${force} on ${s.url} (grades ${[...s.grades].sort().join(', ')})\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
