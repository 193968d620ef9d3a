import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalEvent } from '@hub/events';
import { canonicalSchemas, SCHEMAS_DIR } from './canonical-schemas';

/** The `i`th example of a canonical type's schema, a fresh copy each time. */
export function schemaExample<T = Record<string, any>>(type: string, i = 0): T {
  const examples = canonicalSchemas().get(type)?.schema.examples as unknown[] | undefined;
  if (!examples?.[i]) throw new Error(`schemas/${type}.json has no example ${i}`);
  return structuredClone(examples[i]) as T;
}

/** A valid fixture's data (`schemas/fixtures/<type>/valid/<name>.json`), a fresh copy each time. */
export function validFixture<T = Record<string, any>>(type: string, name: string): T {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, 'fixtures', type, 'valid', `${name.replace(/\.json$/, '')}.json`), 'utf8')) as T;
}

/** The force whose employee an employee id is (FEN-10234 → fen), as the hub would route an event about them. */
export const forceOfEmployee = (employeeId: unknown): string => String(employeeId).split('-')[0].toLowerCase();

/**
 * A canonical event of `type` carrying `data`, as the hub hands it to a target connector: about the
 * employee `data.employeeId` (its subject), for force fen unless `tenant` says otherwise.
 */
export function canonicalEvent(type: string, data: Record<string, any>, o: { tenant?: string; id?: string; source?: string } = {}): CanonicalEvent {
  return { specversion: '1.0', id: o.id ?? 'e-1', source: o.source ?? 'urn:erp-hub:source:hr', type, subject: data.employeeId ?? 'SUBJ-1', tenant: o.tenant ?? 'fen', data };
}
