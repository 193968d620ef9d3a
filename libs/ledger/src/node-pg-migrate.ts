import type * as NodePgMigrate from 'node-pg-migrate/dist/bundle/index';

/**
 * node-pg-migrate 9 ships ES modules only. Node (20.19 and later) require()s them; so does jest 30's
 * registry on Node 24 with vm modules on (scripts/with-node.sh), which also serves this require in
 * a spec, since jest intercepts process.getBuiltinModule. Loaded on first use.
 * (The deep path above is for types only: this tsconfig's module resolution ignores "exports".)
 */
export function loadNodePgMigrate(): typeof NodePgMigrate {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(__filename)('node-pg-migrate') as typeof NodePgMigrate;
}
