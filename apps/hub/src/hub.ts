import { INestApplicationContext } from '@nestjs/common';
import { createApiApp } from '@apps/api';
import { createGatewayApp } from '@apps/gateway';
import { createRouterApp } from '@apps/router';
import { createWorkerApp } from '@apps/worker';
import { HUB_ROLE_NAMES, HubRoleName } from '@hub/config';
import { HubContext } from '@hub/runtime';

export type HubRole = HubRoleName;
export const ALL_ROLES: HubRole[] = [...HUB_ROLE_NAMES];

export interface RunningHub {
  /** The API's base URL, when the api role runs. */
  url?: string;
  /** The gateway's base URL (webhooks), when the gateway role runs. */
  gatewayUrl?: string;
  apps: Partial<Record<HubRole, INestApplicationContext>>;
  stop(role?: HubRole): Promise<void>;
  start(role: HubRole): Promise<void>;
}

/** The order roles start in: workers and router first, so nothing waits on them. */
export function startOrder(roles: HubRole[]): HubRole[] {
  return (['worker', 'router', 'api', 'gateway'] as HubRole[]).filter((r) => roles.includes(r));
}

/** Starts the given roles in this process, workers and router first so nothing waits on them. */
export async function startHub(ctx: HubContext, roles: HubRole[] = ALL_ROLES, port = ctx.settings.port): Promise<RunningHub> {
  const hub = createHub(ctx, port);
  for (const role of startOrder(roles)) await hub.start(role);
  return hub;
}

/**
 * A hub with no role started yet: `start(role)` each. Its `apps` object is filled in place as roles
 * come up, so an ops server given it early (while a role still waits for a store) sees them arrive.
 */
export function createHub(ctx: HubContext, port = ctx.settings.port): RunningHub {
  const hub: RunningHub = {
    apps: {},
    async start(role) {
      if (hub.apps[role]) return;
      if (role === 'worker') hub.apps.worker = await createWorkerApp(ctx, false).then(async (a) => (await a.init(), a));
      if (role === 'router') {
        const app = await createRouterApp(ctx, false);
        await app.listen();
        hub.apps.router = app;
      }
      if (role === 'api') {
        const app = await createApiApp(ctx, false);
        await app.listen(port, ctx.settings.host);
        hub.apps.api = app;
        const address = app.getHttpServer().address() as { port: number };
        hub.url = `http://${ctx.settings.host}:${address.port}`;
      }
      if (role === 'gateway') {
        // Hosted with the API, the gateway posts to it; alone, to HUB_URL.
        const app = await createGatewayApp(ctx, hub.url ?? ctx.settings.hubUrl, false);
        await app.listen(port === 0 ? 0 : ctx.settings.gatewayPort, ctx.settings.host);
        hub.apps.gateway = app;
        const address = app.getHttpServer().address() as { port: number };
        hub.gatewayUrl = `http://${ctx.settings.host}:${address.port}`;
      }
    },
    async stop(role) {
      // Gateway and API first (stop taking events), then the router, then workers (finish active jobs).
      for (const r of role ? [role] : (['gateway', 'api', 'router', 'worker'] as HubRole[])) {
        const app = hub.apps[r];
        delete hub.apps[r];
        if (app) await app.close();
      }
    },
  };
  return hub;
}
