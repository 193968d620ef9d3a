import type { HubConfig } from '@hub/config';

/** tenant + type → target ids. Built once from the validated config, where a route can only name its own tenant's targets. */
export class RouteTable {
  private readonly routes = new Map<string, readonly string[]>();
  private readonly tenantOf: Map<string, string>;

  constructor(config: HubConfig) {
    this.tenantOf = new Map(config.targets.map((t) => [t.id, t.tenant]));
    for (const r of config.routes) this.routes.set(`${r.tenant}/${r.type}`, r.targets);
  }

  targetsFor(tenant: string, type: string): readonly string[] {
    const targets = this.routes.get(`${tenant}/${type}`) ?? [];
    // Defence in depth: the config check already refuses cross-tenant routes.
    return targets.filter((t) => this.tenantOf.get(t) === tenant);
  }
}
