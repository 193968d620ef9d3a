// Plays the training system's daily export once, as its own process (demo, manual testing):
//   FORCE=fen DIR=var/drop/training-fen/inbox node dist/connectors/training/src/simulator/main.js
// It writes the sample completions of FORCE into DIR and prints the file's path.
import { sampleCompletions } from '../testing/samples';
import { TrainingExportSimulator } from './training-export-simulator';

const force = process.env.FORCE ?? 'fen';
const dir = process.env.DIR ?? 'var/drop/training-fen/inbox';

new TrainingExportSimulator()
  .export(dir, force, sampleCompletions(force))
  .then((path) => process.stdout.write(`training system of ${force} exported ${path}\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
