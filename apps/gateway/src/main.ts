import 'reflect-metadata';
import { loadHubContext } from '@hub/runtime';
import { createGatewayApp } from './gateway.app';

async function main(): Promise<void> {
  const ctx = loadHubContext();
  const app = await createGatewayApp(ctx);
  await app.listen(ctx.settings.gatewayPort, ctx.settings.host);
  ctx.logger.info({ port: ctx.settings.gatewayPort, hub: ctx.settings.hubUrl }, 'gateway listening');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
