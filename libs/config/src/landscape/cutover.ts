// A cutover, as a pure transformation of a landscape document: for one tenant and one domain, the
// routes' shadows become their primaries and the old primaries are retired (or kept as shadows).
// The API validates the result as any landscape, stores it as a new version, and from then on every
// event accepted goes to the new primary; events accepted before still go where they were routed.
import type { LandscapeDocument } from '../live-landscape.port';
import { domainOf } from '../route-match';
import { DocumentRoute, migrationsOf, routesOf, targetsOf, tenantCodesOf } from './landscape-document';

export interface CutoverRequest {
  tenant: string;
  domain: string;
  /** Keep each retired primary as a shadow of its route (the old system still gets everything, as a shadow). */
  keepOldAsShadow?: boolean;
  /** Promote only this shadow (default: every shadow the migration plan, or the route, pairs with a primary). */
  to?: string;
  /** The primary it replaces, where the plan does not say and a route has several. */
  from?: string;
}

export interface RouteSides {
  targets: string[];
  shadow: string[];
}

/** One route before and after. */
export interface RouteChange {
  tenant: string;
  type: string;
  before: RouteSides;
  after: RouteSides;
  /** The shadow promoted and the primary it replaced (none when the route had the shadow beside other primaries only). */
  promoted: { to: string; from?: string }[];
}

export interface CutoverPlan {
  document: LandscapeDocument;
  routes: RouteChange[];
}

export type CutoverRefusal = 'unknown-tenant' | 'unknown-target' | 'no-route' | 'nothing-to-change' | 'ambiguous';

/** Why a cutover cannot be made as asked; `field` names the request field at fault, if one is. */
export class CutoverRefused extends Error {
  constructor(readonly refusal: CutoverRefusal, message: string, readonly field?: 'tenant' | 'domain' | 'to' | 'from') {
    super(message);
  }
}

const sides = (r: DocumentRoute): RouteSides => ({ targets: [...r.targets], shadow: [...(r.shadow ?? [])] });

/**
 * Which shadow replaces which primary in each route of the tenant's domain: the migration plan's
 * steps for the tenant and domain when it has any (a shadow no step names is left alone), else each
 * shadow replaces the route's one primary; a route with several primaries needs `from` or a plan.
 */
export function planCutover(input: LandscapeDocument, req: CutoverRequest): CutoverPlan {
  if (!tenantCodesOf(input).includes(req.tenant)) throw new CutoverRefused('unknown-tenant', `no tenant "${req.tenant}"`, 'tenant');
  const own = new Set(targetsOf(input).filter((t) => t.tenant === req.tenant).map((t) => t.id));
  for (const field of ['to', 'from'] as const) {
    const id = req[field];
    // Another force's target answers as an unknown one: a cutover never reveals what another force runs.
    if (id !== undefined && !own.has(id)) throw new CutoverRefused('unknown-target', `no target "${id}" of tenant ${req.tenant}`, field);
  }
  const document = structuredClone(input);
  const routes = routesOf(document).filter((r) => r.tenant === req.tenant && domainOf(r.type) === req.domain);
  if (routes.length === 0) throw new CutoverRefused('no-route', `tenant ${req.tenant} has no route in domain ${req.domain}`, 'domain');
  const plan = migrationsOf(document).filter((m) => m.tenant === req.tenant && m.domain === req.domain && (!req.to || m.to === req.to) && (!req.from || m.from === req.from));
  const changes: RouteChange[] = [];
  for (const route of routes) {
    const before = sides(route);
    const after = sides(route);
    const promoted: RouteChange['promoted'] = [];
    for (const shadow of before.shadow.filter((s) => !req.to || s === req.to)) {
      let from = req.from ?? plan.find((m) => m.to === shadow)?.from;
      if (from === undefined && plan.length > 0) continue;
      if (from === undefined) {
        if (before.targets.length !== 1) {
          throw new CutoverRefused(
            'ambiguous',
            `route ${route.tenant}/${route.type} has ${before.targets.length} primaries (${before.targets.join(', ')}): say which one "${shadow}" replaces with "from", or add a migrations step for ${req.tenant}/${req.domain}`,
            'from',
          );
        }
        from = before.targets[0];
      }
      const at = after.targets.indexOf(from);
      if (at >= 0) after.targets.splice(at, 1, shadow);
      else after.targets.push(shadow);
      after.shadow = after.shadow.filter((s) => s !== shadow);
      if (req.keepOldAsShadow && at >= 0 && !after.shadow.includes(from)) after.shadow.push(from);
      promoted.push(at >= 0 ? { to: shadow, from } : { to: shadow });
    }
    if (promoted.length === 0) continue;
    route.targets = after.targets;
    if (after.shadow.length) route.shadow = after.shadow;
    else delete route.shadow;
    changes.push({ tenant: route.tenant, type: route.type, before, after, promoted });
  }
  if (changes.length === 0) {
    const why = req.to
      ? `"${req.to}" is not a shadow of any route of ${req.tenant} in ${req.domain}${req.from ? ` that the plan pairs with "${req.from}"` : ''}: run it as a shadow first (a parallel run)`
      : `no route of ${req.tenant} in ${req.domain} has a shadow to make primary${plan.length ? ' that the migration plan names' : ''}`;
    throw new CutoverRefused('nothing-to-change', `nothing to change: ${why}`);
  }
  return { document, routes: changes };
}
