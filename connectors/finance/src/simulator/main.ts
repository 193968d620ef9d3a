// Runs one ledger simulator as its own process (docker compose, manual testing):
//   FORCE=fen PORT=4301 TOKEN=ledger-api-token node dist/connectors/finance/src/simulator/main.js
import { LedgerSimulator } from './ledger-simulator';

const force = process.env.FORCE ?? 'fen';
const port = Number(process.env.PORT ?? 4301);
const host = process.env.HOST ?? '127.0.0.1';
const token = process.env.TOKEN ?? 'ledger-api-token';

new LedgerSimulator(force, port, host, token)
  .start()
  .then((s) => process.stdout.write(`finance ledger simulator for ${force} on ${s.url}\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
