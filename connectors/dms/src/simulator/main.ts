// Runs one DMS simulator as its own process (docker compose, manual testing):
//   FORCE=fen DIR=/var/exchange/dms-fen node dist/connectors/dms/src/simulator/main.js
// DIR is the target's endpoint: the hub drops import files in DIR/in, answers appear in DIR/out.
import { DmsSimulator } from './dms-simulator';

const force = process.env.FORCE ?? 'fen';
const dir = process.env.DIR || undefined;

new DmsSimulator(force, dir)
  .start()
  .then((s) => process.stdout.write(`dms simulator for ${force} taking files in ${s.url}/in\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
