import type { OpsRole } from '@hub/config';

export interface SourcePrincipal {
  kind: 'source';
  id: string;
  tenants: readonly string[];
  types: readonly string[];
  /** The CloudEvents `source` URIs it may post as. */
  sourceUris: ReadonlySet<string>;
}

export interface OpsPrincipal {
  kind: 'ops';
  id: string;
  roles: readonly OpsRole[];
  tenants: readonly string[];
}

export type Principal = SourcePrincipal | OpsPrincipal;
