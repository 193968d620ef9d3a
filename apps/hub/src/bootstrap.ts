import { HubConfig, scrapeAccess, ScrapeAccess } from '@hub/config';
import { startTracing } from '@hub/observability';
import { awaitLedgerMigrations, closeOnSignal, HubContext } from '@hub/runtime';
import { hubContext } from './composition';
import { createHub, HubRole, startOrder } from './hub';
import { startOpsServer } from './ops-server';

/**
 * The one bootstrap of every hub process: `node dist/apps/hub/src/main.js` runs the roles HUB_ROLES
 * names, and each app's own main (`dist/apps/api/src/main.js`, …) runs its one role through here,
 * so every entry point boots, serves OPS_PORT, traces and shuts down the same way.
 */
export async function runHub(only?: HubRole[]): Promise<void> {
  const ctx = hubContext();
  const roles: HubRole[] = only ?? [...ctx.settings.roles];
  // Off unless an OTLP endpoint is configured (docs/operations.md, "Tracing"): one provider for every role here.
  const tracing = startTracing(ctx.settings.tracing, roles.join(','));
  const hub = createHub(ctx);
  // Without the API role, metrics and health are served on OPS_PORT (when set). It comes up first:
  // a role waiting for a store at boot is then live (/health/live) and says it is not ready yet.
  const starting = new Set<HubRole>(roles);
  const ops = ctx.settings.opsPort !== undefined ? await startOpsServer(hub.apps, ctx.settings.opsPort, ctx.settings.host, liveScrapeAccess(ctx), () => [...starting]) : undefined;
  closeOnSignal(async () => {
    await ops?.close();
    await hub.stop();
    // Last: what the roles did while stopping is exported too.
    await tracing.shutdown();
  });
  // LEDGER_MIGRATIONS=external: no role starts before the migration Job has run. Meanwhile an API
  // process answers its probes on PORT as the ops port does (live; not ready, and why).
  if (ctx.settings.ledgerMigrations === 'external' && roles.some((r) => r !== 'gateway')) {
    const holding = roles.includes('api') ? await startOpsServer(hub.apps, ctx.settings.port, ctx.settings.host, liveScrapeAccess(ctx), () => [...starting]) : undefined;
    try {
      await awaitLedgerMigrations(ctx.settings, ctx.logger);
    } finally {
      await holding?.close();
    }
  }
  for (const role of startOrder(roles)) {
    await hub.start(role);
    starting.delete(role);
  }
  ctx.logger.info({ roles, url: hub.url, ops: ops?.url }, 'hub started');
}

/**
 * Scrape credentials of the landscape version the process runs on (the file's until a role has
 * loaded it, and in a gateway-only process, which runs on its file).
 */
function liveScrapeAccess(ctx: HubContext): (authorization: string | undefined) => ScrapeAccess {
  let cached: { of: HubConfig; access: (authorization: string | undefined) => ScrapeAccess } | undefined;
  return (authorization) => {
    let config = ctx.config;
    try {
      config = ctx.landscape.current().config;
    } catch {
      /* not loaded (yet): the file's */
    }
    if (cached?.of !== config) cached = { of: config, access: scrapeAccess(config) };
    return cached.access(authorization);
  };
}

/** Runs a hub process; a failure to boot is said in one line and exits 1. */
export function startHubProcess(only?: HubRole[]): void {
  runHub(only).catch((err) => {
    // eslint-disable-next-line no-console
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
