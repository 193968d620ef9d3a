import type { Incompatibility, JsonSchema, Resolve } from './types';
import { baseOf, conjOf } from './schema-model';
import type { Ctx } from './schema-model';
import { compareConj, dedupe } from './compare-conjunction';

export { deepEqual } from './schema-model';

/**
 * Backward-compatibility check between two versions of a schema: every instance that `oldSchema`
 * accepted must still be accepted by `newSchema`. Returns what could break, empty when none.
 *
 * The check is structural and conservative: a change it cannot prove harmless is reported.
 * How it reads a schema:
 * - `$ref` (followed on both sides, each with its own resolver, cycles guarded) and `allOf` are
 *   merged into one conjunction of constraints; a new constraint must be implied by the old ones.
 * - `anyOf` / `oneOf` on the old side are expanded, one alternative at a time; on the new side the
 *   old instance must fit one alternative (a oneOf alternative added next to it must be provably
 *   disjoint, by type or by a `const`/`enum` discriminator).
 * - Adding a property to an open object (no `additionalProperties`/`unevaluatedProperties`) is
 *   accepted, even though an old instance could in theory have carried that name with another
 *   type: that is the usual evolution contract of the canonical model.
 * - A required field removed from `properties` is reported even when the object is open: old
 *   events still validate, but consumers lose a field they were promised.
 * - Annotations (`title`, `description`, `examples`, `default`, `$comment`, `deprecated`,
 *   `x-*`, `$defs`, …) are ignored. Keywords the check does not model (`not`, `if`/`then`/`else`,
 *   `contains`, `dependentSchemas`, …) must stay identical, or they are reported.
 */
export function compareSchemas(
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  resolve: Resolve | { old: Resolve; new: Resolve },
): Incompatibility[] {
  const rOld = typeof resolve === 'function' ? resolve : resolve.old;
  const rNew = typeof resolve === 'function' ? resolve : resolve.new;
  const ctx: Ctx = { rOld, rNew, visiting: new Set(), depth: 0, budget: { left: 20000 } };
  const o = conjOf([{ schema: oldSchema, base: baseOf(oldSchema) }], rOld);
  const n = conjOf([{ schema: newSchema, base: baseOf(newSchema) }], rNew);
  return dedupe(compareConj(o, n, '', ctx, { relative: true }));
}
