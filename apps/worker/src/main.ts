import 'reflect-metadata';
import { startTracing } from '@hub/observability';
import { closeOnSignal } from '@hub/runtime';
import { hubContext } from '@apps/hub';
import { createWorkerApp } from './worker.app';

async function main(): Promise<void> {
  const ctx = hubContext();
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Tracing").
  const tracing = startTracing(ctx.settings.tracing, 'worker');
  const app = await createWorkerApp(ctx, false);
  closeOnSignal(async () => {
    await app.close();
    await tracing.shutdown();
  });
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
