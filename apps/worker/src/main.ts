import 'reflect-metadata';
import { loadHubContext } from '@hub/runtime';
import { createWorkerApp } from './worker.app';

createWorkerApp(loadHubContext()).catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
