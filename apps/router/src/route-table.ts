import type { HubConfig } from '@hub/config';
import { sourceUrn } from '@hub/connector-sdk';

/** tenant + type → target ids. Built once from the validated config, where a route can only name its own tenant's targets. */
export class RouteTable {
  private readonly routes = new Map<string, readonly string[]>();
  private readonly tenantOf: Map<string, string>;
  private readonly echoSource: Map<string, string>;

  constructor(config: HubConfig) {
    this.tenantOf = new Map(config.targets.map((t) => [t.id, t.tenant]));
    this.echoSource = new Map(config.targets.map((t) => [t.id, sourceUrn(t.connector)]));
    for (const r of config.routes) this.routes.set(`${r.tenant}/${r.type}`, r.targets);
  }

  /**
   * The targets of an event. Never the system it came from: a ledger that raised a purchase order
   * must not get it back because purchase orders are routed to ledgers (echo suppression).
   */
  targetsFor(tenant: string, type: string, source = ''): readonly string[] {
    const targets = this.routes.get(`${tenant}/${type}`) ?? [];
    // Defence in depth: the config check already refuses cross-tenant routes.
    return targets.filter((t) => this.tenantOf.get(t) === tenant && this.echoSource.get(t) !== source);
  }
}
