import type * as NodePgMigrate from 'node-pg-migrate/dist/bundle/index';

/**
 * node-pg-migrate 9 ships ES modules only. Node (20.19 and later) can require() them, but jest's
 * module registry cannot, so the package is loaded with Node's own require, past any test sandbox.
 * (The deep path above is for types only: this tsconfig's module resolution ignores "exports".)
 */
export function loadNodePgMigrate(): typeof NodePgMigrate {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(__filename)('node-pg-migrate') as typeof NodePgMigrate;
}
