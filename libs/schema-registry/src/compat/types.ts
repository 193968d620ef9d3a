/** A JSON Schema (draft 2020-12): an object, or the boolean schemas `true` / `false`. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/**
 * Returns the subschema that `ref` (as written in a `$ref`) points to, read relative to `baseId`
 * (the `$id` of the document the `$ref` sits in), or `undefined` when it cannot be found.
 */
export type Resolve = (ref: string, baseId: string) => JsonSchema | undefined;

/** One way in which an instance that the old schema accepted could be rejected by the new one. */
export interface Incompatibility {
  /** JSON pointer into the instance (`/employment/costCentre`); `*` stands for any array item or any undeclared field. */
  path: string;
  /** Stable code, one of {@link COMPAT_RULES}. */
  rule: CompatRule;
  /** One plain sentence naming the field. */
  message: string;
}

/** Stable rule codes, with what each one means. */
export const COMPAT_RULES = {
  'required-removed': 'A required field was removed from the schema (a rename shows as required-removed plus required-added).',
  'property-removed': 'An optional field was removed while the object does not allow undeclared fields.',
  'required-added': 'A field became required (a default does not help: validation does not fill defaults in).',
  'type-narrowed': 'A type was removed from the accepted types (union narrowed, number to integer, any to specific).',
  'enum-narrowed': 'An enum lost values, or a free value became an enum.',
  'const-changed': 'A const changed value.',
  'const-added': 'A const was added to a field that accepted other values.',
  'additional-properties-closed': 'additionalProperties went from absent/true to false or to a schema.',
  'unevaluated-properties-closed': 'unevaluatedProperties went from absent/true to false or to a schema.',
  'minimum-raised': 'minimum / exclusiveMinimum added or raised.',
  'maximum-lowered': 'maximum / exclusiveMaximum added or lowered.',
  'min-length-raised': 'minLength added or raised.',
  'max-length-lowered': 'maxLength added or lowered.',
  'min-items-raised': 'minItems added or raised.',
  'max-items-lowered': 'maxItems added or lowered.',
  'min-properties-raised': 'minProperties added or raised.',
  'max-properties-lowered': 'maxProperties added or lowered.',
  'multiple-of-changed': 'multipleOf added, or changed to a value the old one is not a multiple of.',
  'unique-items-added': 'uniqueItems added.',
  'pattern-added': 'pattern added (treated as breaking: it cannot be proven to accept every old value).',
  'pattern-changed': 'pattern changed (treated as breaking: it cannot be proven to be a widening).',
  'format-added': 'format added.',
  'format-changed': 'format changed.',
  'items-narrowed': 'An array no longer accepts items at some positions (tuple closed, items: false).',
  'alternative-removed': 'An anyOf/oneOf alternative that old events could match was removed or changed incompatibly.',
  'one-of-overlap': 'A oneOf alternative was added that old events may also match (oneOf rejects a double match).',
  'dependent-required-added': 'dependentRequired added or extended.',
  'property-names-narrowed': 'propertyNames became stricter.',
  'value-rejected': 'A subschema became `false`: every value there is now rejected.',
  'ref-unresolved': 'A $ref in the new schema cannot be resolved.',
  'unsupported-change': 'A keyword the gate does not model (not, if/then/else, contains, …) changed; treated as breaking.',
  'schema-removed': 'A released schema file was deleted (vN must stay served next to vN+1).',
  'invalid-schema': 'The new schema file is not valid JSON.',
} as const;

export type CompatRule = keyof typeof COMPAT_RULES;
