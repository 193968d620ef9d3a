import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Every valid fixture (`schemas/fixtures/<type>/valid/*.json`) and schema example of a type, as data. */
export function validSamples(registry: SchemaRegistry, type: string): { name: string; data: unknown }[] {
  const dir = join(SCHEMAS_DIR, 'fixtures', type, 'valid');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  const examples = (registry.get(type)?.schema.examples as unknown[] | undefined) ?? [];
  return [
    ...files.map((f) => ({ name: `fixture ${f}`, data: JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown })),
    ...examples.map((data, i) => ({ name: `example ${i}`, data })),
  ];
}
