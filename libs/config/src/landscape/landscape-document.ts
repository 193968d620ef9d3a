// The parts of a landscape document (as written: the file's JSON, or what the API stored) that the
// pure landscape functions read. Everything else passes through them untouched.
import type { LandscapeDocument } from '../live-landscape.port';

export interface DocumentRoute {
  tenant: string;
  type: string;
  targets: string[];
  shadow?: string[];
}

export interface DocumentMigration {
  tenant: string;
  domain: string;
  from: string;
  to: string;
}

export interface DocumentTarget {
  id: string;
  tenant: string;
  connector: string;
}

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

export const routesOf = (d: LandscapeDocument | undefined) => list<DocumentRoute>(d?.routes);
export const migrationsOf = (d: LandscapeDocument | undefined) => list<DocumentMigration>(d?.migrations);
export const targetsOf = (d: LandscapeDocument | undefined) => list<DocumentTarget>(d?.targets);
export const tenantCodesOf = (d: LandscapeDocument | undefined) => list<{ code: string }>(d?.tenants).map((t) => t.code);
