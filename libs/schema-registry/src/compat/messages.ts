// One plain sentence per incompatibility, naming the field by its JSON pointer in the event.

const BREAKS = 'events valid before would now fail';

function field(path: string): string {
  return path === '' ? 'the event itself' : `the field ${path}`;
}
function object(path: string): string {
  return path === '' ? 'the event object' : `the object ${path}`;
}
function array(path: string): string {
  return path === '' ? 'the event array' : `the array ${path}`;
}
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A value as it would appear in JSON, shortened when long. */
export function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
function list(values: unknown[], max = 5): string {
  const shown = values.slice(0, max).map(show);
  const rest = values.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export const requiredRemoved = (path: string, closed: boolean) =>
  closed
    ? `The required field ${path} was removed: ${BREAKS}.`
    : `The required field ${path} was removed: consumers that rely on it could no longer count on it, so this needs a new version.`;

export const propertyRemoved = (path: string, parent: string, byClosure = true) =>
  byClosure
    ? `The optional field ${path} was removed while ${object(parent)} does not allow undeclared fields: events that carry it would now fail.`
    : `The optional field ${path} is no longer allowed (its schema became false): events that carry it would now fail.`;

export const patternFieldsRemoved = (path: string, pattern: string) =>
  `Fields of ${object(path)} whose names match ${pattern} are no longer allowed: events that carry them would now fail.`;

export const requiredAdded = (path: string, hasDefault: boolean) =>
  hasDefault
    ? `The field ${path} is now required, and its default does not help because JSON Schema validation does not fill defaults in: events without it, valid before, would now fail.`
    : `The field ${path} is now required: events without it, valid before, would now fail.`;

export const typeNarrowed = (path: string, before: string, after: string, lost: string) =>
  before === 'any type'
    ? `${cap(field(path))} accepted any type before and now only accepts ${after}: events with another type there would now fail.`
    : `${cap(field(path))} was narrowed from ${before} to ${after}: events with a ${lost} there, valid before, would now fail.`;

export const enumNarrowed = (path: string, missing: unknown[]) =>
  `${cap(field(path))} no longer allows ${missing.length === 1 ? 'the value' : 'the values'} ${list(missing)}: events with ${missing.length === 1 ? 'it' : 'them'} would now fail.`;

export const enumAdded = (path: string, allowed: unknown[]) =>
  `${cap(field(path))} is now restricted to ${list(allowed)}: other values, valid before, would now fail.`;

export const constChanged = (path: string, before: unknown, after: unknown) =>
  `${cap(field(path))} must now be ${show(after)} instead of ${show(before)}: ${BREAKS}.`;

export const constAdded = (path: string, value: unknown) =>
  `${cap(field(path))} must now be exactly ${show(value)}: other values, valid before, would now fail.`;

export const closed = (path: string, keyword: 'additionalProperties' | 'unevaluatedProperties', toSchema: boolean) =>
  toSchema
    ? `${cap(object(path))} now restricts undeclared fields to a schema (${keyword}): events with other undeclared fields, valid before, would now fail.`
    : `${cap(object(path))} no longer allows undeclared fields (${keyword} is now false): events that carry extra fields, valid before, would now fail.`;

export const lowerBound = (path: string, what: string, before: string | undefined, after: string, victims: string) =>
  before === undefined
    ? `${cap(field(path))} now has a ${what} of ${after} where it had none: ${victims}, valid before, would now fail.`
    : `The ${what} of ${field(path)} was raised from ${before} to ${after}: ${victims}, valid before, would now fail.`;

export const upperBound = (path: string, what: string, before: string | undefined, after: string, victims: string) =>
  before === undefined
    ? `${cap(field(path))} now has a ${what} of ${after} where it had none: ${victims}, valid before, would now fail.`
    : `The ${what} of ${field(path)} was lowered from ${before} to ${after}: ${victims}, valid before, would now fail.`;

export const valuesRejected = (path: string, values: unknown[], rule: string) =>
  `${cap(field(path))} would now reject ${values.length === 1 ? 'the value' : 'the values'} ${list(values)} (${rule}), which ${values.length === 1 ? 'was' : 'were'} valid before.`;

export const multipleOf = (path: string, before: string | undefined, after: number) =>
  `${cap(field(path))} must now be a multiple of ${after}${before === undefined ? '' : ` instead of ${before}`}: values valid before would now fail.`;

export const uniqueItems = (path: string) =>
  `${cap(array(path))} now requires unique items: arrays with repeated items, valid before, would now fail.`;

export const patternAdded = (path: string, pattern: string) =>
  `${cap(field(path))} must now match the pattern ${pattern}, which values valid before need not match, so this is treated as breaking.`;

export const patternChanged = (path: string, before: string, after: string) =>
  `The pattern of ${field(path)} changed from ${before} to ${after}, and a changed pattern cannot be proven to accept every value the old one did, so this is treated as breaking.`;

export const formatAdded = (path: string, format: string) =>
  `${cap(field(path))} must now have the format "${format}": values valid before need not have it, so events could now fail.`;

export const formatChanged = (path: string, before: string, after: string) =>
  `The format of ${field(path)} changed from "${before}" to "${after}": values valid before could now fail.`;

export const itemsClosed = (path: string, index: number) =>
  `${cap(array(path))} no longer accepts ${index === 0 ? 'any item' : `more than ${index} item${index === 1 ? '' : 's'}`}: longer arrays, valid before, would now fail.`;

export const alternativeRemoved = (path: string, index: number, label: string | undefined, kind: string) =>
  `The ${kind} alternative #${index + 1}${label ? ` (${label})` : ''} of ${field(path)} was removed or changed incompatibly: events that matched it would now fail.`;

export const oneOfOverlap = (path: string, index: number, label: string | undefined) =>
  `The oneOf of ${field(path)} has an alternative #${index + 1}${label ? ` (${label})` : ''} that events valid before may also match, and oneOf rejects an event that matches two alternatives.`;

export const dependentRequired = (path: string, missing: string[]) =>
  `When ${path} is present, ${missing.join(' and ')} must now be present too: events valid before would now fail.`;

export const propertyNames = (path: string) =>
  `The field names allowed in ${object(path)} were narrowed (propertyNames): events with other field names, valid before, would now fail.`;

export const valueRejected = (path: string) =>
  `${cap(field(path))} now rejects every value (its schema became false): events that carry it would now fail.`;

export const refUnresolved = (ref: string, path: string) =>
  `The reference ${ref} at ${field(path)} cannot be resolved in the new schemas, so nothing could validate against it.`;

export const unsupported = (path: string, keyword: string) =>
  `The ${keyword} keyword at ${field(path)} was added or changed, and the gate cannot prove that old events still pass it, so this is treated as breaking.`;

export const tooComplex = (path: string) =>
  `The schema at ${field(path)} is too complex for the gate to compare, so it is treated as breaking.`;
