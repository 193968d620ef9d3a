import 'reflect-metadata';
import { loadHubContext } from '@hub/runtime';
import { createRouterApp } from './router.app';

async function main(): Promise<void> {
  const ctx = loadHubContext();
  const app = await createRouterApp(ctx);
  await app.listen();
  ctx.logger.info({ group: ctx.settings.routerGroupId }, 'router consuming');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
