import type { CompatRule, Incompatibility } from './types';
import * as say from './messages';
import { deepEqual, describeTypes, finiteValues, typesOf, withAlternative } from './schema-model';
import type { Atom, Conj, Ctx, Opts } from './schema-model';
import { compareNumber, compareString, compareValues } from './compare-scalars';
import { compareArray } from './compare-arrays';
import { compareObject } from './compare-objects';
import { compareGroups } from './compare-alternatives';

/** The comparison of two conjunctions: each keyword family's comparator in turn, old alternatives one at a time. */

export const MAX_DEPTH = 64;

export function compareConj(o: Conj, n: Conj, path: string, parent: Ctx, opts: Opts): Incompatibility[] {
  if (o.never) return []; // the old schema accepted nothing here
  if (--parent.budget.left < 0) {
    return [problem(path, 'unsupported-change', say.tooComplex(path))];
  }
  if (parent.depth > MAX_DEPTH) return [];
  const key = o.refs.length && n.refs.length ? `${o.refs.join(' ')}|${n.refs.join(' ')}` : undefined;
  if (key !== undefined && parent.visiting.has(key)) return []; // recursive schema: assume the pair holds
  const ctx: Ctx = { ...parent, depth: parent.depth + 1, visiting: key ? new Set([...parent.visiting, key]) : parent.visiting };

  // Old alternatives: an old instance satisfied at least one of them; check each on its own.
  if (o.groups.length > 0) {
    const group = o.groups[0];
    const out: Incompatibility[] = [];
    group.alts.forEach((_, i) => out.push(...compareConj(withAlternative(o, group, i, ctx.rOld), n, path, ctx, opts)));
    return dedupe(out);
  }

  if (n.never) {
    return [problem(path, opts.neverRule ?? 'value-rejected', (opts.neverMessage ?? say.valueRejected)(path))];
  }
  const out: Incompatibility[] = n.unresolved.map((ref) => problem(path, 'ref-unresolved', say.refUnresolved(ref, path)));

  const oldTypes = typesOf(o, true);
  if (oldTypes.size === 0) return out; // contradictory old schema: nothing was valid
  const newTypes = typesOf(n, false);
  const lost = [...oldTypes].filter((t) => !newTypes.has(t));
  if (lost.length > 0) {
    out.push(problem(path, 'type-narrowed', say.typeNarrowed(path, describeTypes(oldTypes), describeTypes(newTypes), describeTypes(new Set(lost)))));
  }
  const both = (t: Atom) => oldTypes.has(t) && newTypes.has(t);
  const oldValues = finiteValues(o, oldTypes);

  out.push(...compareValues(o, n, oldValues, path));
  if (both('string')) out.push(...compareString(o, n, oldValues, path));
  if (both('integer') || both('float')) out.push(...compareNumber(o, n, oldValues, oldTypes, path));
  if (both('array')) out.push(...compareArray(o, n, path, ctx));
  if (both('object')) out.push(...compareObject(o, n, path, ctx, opts));
  out.push(...compareUnsupported(o, n, path));
  out.push(...compareGroups(o, n, path, ctx));
  return dedupe(out);
}

export function problem(path: string, rule: CompatRule, message: string): Incompatibility {
  return { path, rule, message };
}

export function dedupe(list: Incompatibility[]): Incompatibility[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.path}\u0000${p.rule}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// --- keywords not modelled -------------------------------------------------------------------

export const MODELLED = new Set([
  '$ref', 'allOf', 'anyOf', 'oneOf', 'type', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'format',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems',
  'properties', 'required', 'additionalProperties', 'unevaluatedProperties', 'patternProperties',
  'propertyNames', 'minProperties', 'maxProperties', 'dependentRequired',
]);
export const ANNOTATIONS = new Set([
  '$schema', '$id', '$anchor', '$dynamicAnchor', '$defs', 'definitions', '$comment', '$vocabulary',
  'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly',
  'contentEncoding', 'contentMediaType', 'contentSchema', 'discriminator',
]);

export function compareUnsupported(o: Conj, n: Conj, path: string): Incompatibility[] {
  const out: Incompatibility[] = [];
  const reported = new Set<string>();
  for (const { s } of n.parts) {
    for (const [keyword, value] of Object.entries(s)) {
      if (MODELLED.has(keyword) || ANNOTATIONS.has(keyword) || keyword.startsWith('x-') || reported.has(keyword)) continue;
      if (o.parts.some((p) => keyword in p.s && deepEqual(p.s[keyword], value))) continue;
      reported.add(keyword);
      out.push(problem(path, 'unsupported-change', say.unsupported(path, keyword)));
    }
  }
  return out;
}
