// How a route names the types it sends: an exact canonical type, or a prefix pattern ending in `.*`
// (`hr.*`: every type of the hr domain; `hr.employee.*`). Pure: the router, the landscape's checks
// and the cutover all resolve routes with these.
import { typeAllowed } from './tokens';

/** What resolveRoute needs of a route. */
export interface RouteLike {
  tenant: string;
  type: string;
}

/** `hr.*` and `hr.employee.*` are patterns; `hr.employee.joined.v1` is an exact type. */
export function isTypePattern(routeType: string): boolean {
  return routeType.endsWith('.*');
}

/** Whether a route's type (exact or pattern) covers `type`. */
export function routeCovers(routeType: string, type: string): boolean {
  return typeAllowed([routeType], type);
}

/** The domain of a type or a pattern: its first segment (`hr` of `hr.employee.joined.v1` and of `hr.*`). */
export function domainOf(typeOrPattern: string): string {
  return typeOrPattern.split('.', 1)[0];
}

/**
 * The route that decides where a tenant's event of `type` goes: the tenant's route for exactly that
 * type, else its most specific pattern that covers it (`hr.employee.*` before `hr.*`). None when the
 * tenant routes no such type. Only one route ever decides: an exact route replaces a pattern's
 * targets and shadows for its type, it does not add to them.
 */
export function resolveRoute<R extends RouteLike>(routes: readonly R[], tenant: string, type: string): R | undefined {
  let best: R | undefined;
  for (const r of routes) {
    if (r.tenant !== tenant) continue;
    if (r.type === type) return r;
    if (isTypePattern(r.type) && routeCovers(r.type, type) && (!best || r.type.length > best.type.length)) best = r;
  }
  return best;
}
