import 'reflect-metadata';
import { loadHubContext } from '@hub/runtime';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const ctx = loadHubContext();
  const app = await createApiApp(ctx);
  await app.listen(ctx.settings.port, ctx.settings.host);
  ctx.logger.info({ port: ctx.settings.port }, 'api listening');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
