import 'reflect-metadata';
import { scrapeAccess } from '@hub/config';
import { loadHubContext } from '@hub/runtime';
import { ALL_ROLES, HubRole, startHub } from './hub';
import { startOpsServer } from './ops-server';

async function main(): Promise<void> {
  const ctx = loadHubContext();
  const roles = (process.env.HUB_ROLES ?? ALL_ROLES.join(',')).split(',').map((r) => r.trim()) as HubRole[];
  const unknown = roles.filter((r) => !ALL_ROLES.includes(r));
  if (unknown.length) throw new Error(`HUB_ROLES names unknown roles: ${unknown.join(', ')} (known: ${ALL_ROLES.join(', ')})`);
  const hub = await startHub(ctx, roles);
  // Without the API role, metrics and health are served on OPS_PORT (when set).
  const ops = ctx.settings.opsPort !== undefined ? await startOpsServer(hub.apps, ctx.settings.opsPort, ctx.settings.host, scrapeAccess(ctx.config)) : undefined;
  ctx.logger.info({ roles, url: hub.url, ops: ops?.url }, 'hub started');
  const shutdown = async () => {
    await ops?.close();
    await hub.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
