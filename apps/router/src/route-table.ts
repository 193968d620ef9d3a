import type { HubConfig, RouteConfig } from '@hub/config';
import { isTypePattern, resolveRoute } from '@hub/config';
import { sourceUrn } from '@hub/connector-sdk';
import type { DeliveryRole } from '@hub/ledger';

/** One delivery the route table asks for: a target, as a primary or as a shadow. */
export interface RoutedTarget {
  target: string;
  role: DeliveryRole;
}

/** Per connector name, the types it takes (its manifest's `consumes`); without it, every routed type. */
export type ConsumesOf = (connector: string) => readonly string[] | undefined;

/**
 * tenant + type → where an event goes, for one landscape version. Built once from the validated
 * config, where a route can only name its own tenant's targets. A tenant's route for exactly the
 * type decides, else its most specific pattern (`hr.*`), which sends each type to those of its
 * targets whose connector takes it. Shadows get every event the route sends, as shadow deliveries.
 */
export class RouteTable {
  private readonly routes: readonly RouteConfig[];
  private readonly resolved = new Map<string, readonly RoutedTarget[]>();
  private readonly tenantOf: Map<string, string>;
  private readonly echoSource: Map<string, string>;
  private readonly connectorOf: Map<string, string>;

  constructor(config: HubConfig, private readonly consumes?: ConsumesOf) {
    this.tenantOf = new Map(config.targets.map((t) => [t.id, t.tenant]));
    this.echoSource = new Map(config.targets.map((t) => [t.id, sourceUrn(t.connector)]));
    this.connectorOf = new Map(config.targets.map((t) => [t.id, t.connector]));
    this.routes = config.routes.map((r) => Object.freeze({ tenant: r.tenant, type: r.type, targets: [...r.targets], shadow: [...(r.shadow ?? [])] }));
  }

  /**
   * The deliveries of an event: primaries, then shadows. Never the system it came from: a ledger
   * that raised a purchase order must not get it back because purchase orders are routed to
   * ledgers (echo suppression), as a primary or as a shadow.
   */
  deliveriesFor(tenant: string, type: string, source = ''): readonly RoutedTarget[] {
    const key = `${tenant}\u0000${type}`;
    let all = this.resolved.get(key);
    if (!all) {
      all = this.resolve(tenant, type);
      this.resolved.set(key, all);
    }
    return all.filter((d) => this.echoSource.get(d.target) !== source);
  }

  /** The primaries of an event. */
  targetsFor(tenant: string, type: string, source = ''): readonly string[] {
    return this.deliveriesFor(tenant, type, source).filter((d) => d.role === 'primary').map((d) => d.target);
  }

  private resolve(tenant: string, type: string): readonly RoutedTarget[] {
    const route = resolveRoute(this.routes, tenant, type);
    if (!route) return [];
    const pattern = isTypePattern(route.type);
    // Defence in depth: the config check already refuses cross-tenant routes and targets that do not take the type.
    const takes = (id: string) => this.tenantOf.get(id) === tenant && (!pattern || !this.consumes || (this.consumes(this.connectorOf.get(id)!) ?? []).includes(type));
    const primaries = route.targets.filter(takes);
    const shadows = (route.shadow ?? []).filter((id) => takes(id) && !primaries.includes(id));
    return [...primaries.map((target) => ({ target, role: 'primary' as const })), ...shadows.map((target) => ({ target, role: 'shadow' as const }))];
  }
}
