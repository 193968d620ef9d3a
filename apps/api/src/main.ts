import 'reflect-metadata';
import { startTracing } from '@hub/observability';
import { closeOnSignal } from '@hub/runtime';
import { hubContext } from '@apps/hub';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const ctx = hubContext();
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Tracing").
  const tracing = startTracing(ctx.settings.tracing, 'api');
  const app = await createApiApp(ctx, false);
  closeOnSignal(async () => {
    await app.close();
    await tracing.shutdown();
  });
  await app.listen(ctx.settings.port, ctx.settings.host);
  ctx.logger.info({ port: ctx.settings.port, tracing: tracing.on }, 'api listening');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
