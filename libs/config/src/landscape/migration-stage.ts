import type { LandscapeDocument } from '../live-landscape.port';
import { domainOf } from '../route-match';
import { DocumentMigration, migrationsOf, routesOf } from './landscape-document';

/**
 * Where one step of a staged replacement stands, read off the routes of its tenant and domain:
 * - `old-only`: the old target is a primary, the new one is in no route yet;
 * - `parallel-run`: wherever the new target is routed it is a shadow beside the old one as primary;
 * - `cut-over`: wherever the new target is routed it is the primary, and the old one is not (it is
 *   retired, or kept as a shadow);
 * - `mixed`: some routes cut over, some not (a cutover of part of the domain, or a hand edit);
 * - `not-routed`: neither is in a route of the domain.
 */
export type MigrationStage = 'old-only' | 'parallel-run' | 'cut-over' | 'mixed' | 'not-routed';

export interface MigrationStatus extends DocumentMigration {
  stage: MigrationStage;
}

export function migrationStage(document: LandscapeDocument, m: DocumentMigration): MigrationStage {
  const routes = routesOf(document).filter((r) => r.tenant === m.tenant && domainOf(r.type) === m.domain);
  const shadowOf = (r: (typeof routes)[number]) => r.shadow ?? [];
  const withNew = routes.filter((r) => r.targets.includes(m.to) || shadowOf(r).includes(m.to));
  if (withNew.length === 0) return routes.some((r) => r.targets.includes(m.from)) ? 'old-only' : 'not-routed';
  if (withNew.every((r) => shadowOf(r).includes(m.to) && r.targets.includes(m.from))) return 'parallel-run';
  if (withNew.every((r) => r.targets.includes(m.to) && !r.targets.includes(m.from))) return 'cut-over';
  return 'mixed';
}

/** Every step of the document's migration plan with its stage. */
export function migrationStatuses(document: LandscapeDocument): MigrationStatus[] {
  return migrationsOf(document).map((m) => ({ tenant: m.tenant, domain: m.domain, from: m.from, to: m.to, stage: migrationStage(document, m) }));
}
