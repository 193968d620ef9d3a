import { join } from 'node:path';
import { SchemaRegistry } from '@hub/schema-registry';

/** The repository's canonical schemas (`schemas/`), loaded once per test file. */
export const SCHEMAS_DIR = join(__dirname, '..', '..', '..', '..', 'schemas');
let loaded: SchemaRegistry | undefined;

/** The canonical schema registry, for specs that check what a connector emits or reads. */
export function canonicalSchemas(): SchemaRegistry {
  loaded ??= SchemaRegistry.load(SCHEMAS_DIR);
  return loaded;
}
