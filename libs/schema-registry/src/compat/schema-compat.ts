import { absoluteRef, ANONYMOUS_BASE, documentOf } from './resolver';
import { CompatRule, Incompatibility, JsonSchema, Resolve } from './types';
import * as say from './messages';

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

// ---------------------------------------------------------------------------------------------
// Schema model: a conjunction of object subschemas (after $ref and allOf), plus anyOf/oneOf groups.

type Obj = Record<string, unknown>;
interface Sub {
  schema: unknown;
  base: string;
}
interface Part {
  s: Obj;
  base: string;
}
interface Group {
  kind: 'anyOf' | 'oneOf';
  alts: Sub[];
}
interface Conj {
  parts: Part[];
  groups: Group[];
  /** Contains the `false` schema: nothing is valid. */
  never: boolean;
  /** Absolute `$ref`s followed, for the cycle guard. */
  refs: string[];
  unresolved: string[];
  /** For an expanded old conjunction: the old alternative it stands for. */
  origin?: { group: Group; index: number };
  /** For a piece of an old conjunction: the one instance type it stands for. */
  onlyTypes?: Set<Atom>;
}
interface Ctx {
  rOld: Resolve;
  rNew: Resolve;
  visiting: Set<string>;
  depth: number;
  budget: { left: number };
}
interface Opts {
  /** Compare as a whole schema (true) or as one alternative of a new anyOf/oneOf (false: only implication rules). */
  relative: boolean;
  /** Rule reported when the new side is `false` here. */
  neverRule?: CompatRule;
  neverMessage?: (path: string) => string;
}

function baseOf(schema: unknown): string {
  const id = isObj(schema) && typeof schema.$id === 'string' ? absoluteRef(schema.$id, ANONYMOUS_BASE) : undefined;
  return id ? documentOf(id) : ANONYMOUS_BASE;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function emptyConj(): Conj {
  return { parts: [], groups: [], never: false, refs: [], unresolved: [] };
}

function conjOf(subs: Sub[], resolve: Resolve, into: Conj = emptyConj()): Conj {
  const seen = new Set<string>();
  for (const sub of subs) flatten(sub, resolve, into, seen);
  return into;
}

function flatten(sub: Sub, resolve: Resolve, into: Conj, seen: Set<string>): void {
  const s = sub.schema;
  if (s === false) {
    into.never = true;
    return;
  }
  if (!isObj(s)) return; // true, or not a schema: no constraint
  let base = sub.base;
  if (typeof s.$id === 'string') base = documentOf(absoluteRef(s.$id, base) ?? base);
  into.parts.push({ s, base });
  if (typeof s.$ref === 'string') {
    const abs = absoluteRef(s.$ref, base) ?? s.$ref;
    into.refs.push(abs);
    if (!seen.has(abs)) {
      seen.add(abs);
      const target = resolve(s.$ref, base);
      if (target === undefined) into.unresolved.push(s.$ref);
      else flatten({ schema: target, base: documentOf(abs) }, resolve, into, seen);
    }
  }
  if (Array.isArray(s.allOf)) for (const m of s.allOf) flatten({ schema: m, base }, resolve, into, seen);
  for (const kind of ['anyOf', 'oneOf'] as const) {
    const alts = s[kind];
    if (Array.isArray(alts)) into.groups.push({ kind, alts: alts.map((a) => ({ schema: a, base })) });
  }
}

function withAlternative(o: Conj, group: Group, index: number, resolve: Resolve): Conj {
  const d: Conj = {
    parts: [...o.parts],
    groups: o.groups.filter((g) => g !== group),
    onlyTypes: o.onlyTypes,
    never: o.never,
    refs: [...o.refs],
    unresolved: [...o.unresolved],
    origin: { group, index },
  };
  return conjOf([group.alts[index]], resolve, d);
}

// ---------------------------------------------------------------------------------------------
// Comparison

const MAX_DEPTH = 64;

function compareConj(o: Conj, n: Conj, path: string, parent: Ctx, opts: Opts): Incompatibility[] {
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

function problem(path: string, rule: CompatRule, message: string): Incompatibility {
  return { path, rule, message };
}

function dedupe(list: Incompatibility[]): Incompatibility[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.path}\u0000${p.rule}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// --- types -----------------------------------------------------------------------------------

/** Instance types, with `number` split into integers and numbers with a fraction. */
type Atom = 'null' | 'boolean' | 'object' | 'array' | 'string' | 'integer' | 'float';
const ALL_ATOMS: Atom[] = ['null', 'boolean', 'object', 'array', 'string', 'integer', 'float'];

function atomsOfType(t: unknown): Atom[] {
  if (t === 'number') return ['integer', 'float'];
  return ALL_ATOMS.includes(t as Atom) && t !== 'float' ? [t as Atom] : [];
}

function atomOfValue(v: unknown): Atom {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'object') return 'object';
  return typeof v as Atom;
}

/** The types the conjunction admits; on the old side narrowed further by `const`/`enum` values. */
function typesOf(c: Conj, byValues: boolean): Set<Atom> {
  let set = new Set<Atom>(ALL_ATOMS);
  for (const { s } of c.parts) {
    if (s.type === undefined) continue;
    const declared = new Set((Array.isArray(s.type) ? s.type : [s.type]).flatMap(atomsOfType));
    set = new Set([...set].filter((a) => declared.has(a)));
  }
  if (byValues) {
    const values = rawFiniteValues(c);
    if (values) set = new Set(values.map(atomOfValue).filter((a) => set.has(a)));
  }
  if (c.onlyTypes) set = new Set([...set].filter((a) => c.onlyTypes!.has(a)));
  return set;
}

function describeTypes(set: Set<Atom>): string {
  if (ALL_ATOMS.every((a) => set.has(a))) return 'any type';
  const names: string[] = [];
  for (const a of ['string', 'integer', 'float', 'boolean', 'object', 'array', 'null'] as Atom[]) {
    if (!set.has(a)) continue;
    if (a === 'integer') names.push(set.has('float') ? 'number' : 'integer');
    else if (a === 'float') {
      if (!set.has('integer')) names.push('non-integer number');
    } else names.push(a);
  }
  return names.length === 0 ? 'no type at all' : names.join(' or ');
}

// --- const / enum ----------------------------------------------------------------------------

function rawFiniteValues(c: Conj): unknown[] | undefined {
  let values: unknown[] | undefined;
  for (const { s } of c.parts) {
    let here: unknown[] | undefined;
    if ('const' in s) here = [s.const];
    else if (Array.isArray(s.enum)) here = s.enum;
    if (!here) continue;
    const allowed = here;
    values = values === undefined ? [...allowed] : values.filter((v) => allowed.some((a) => deepEqual(a, v)));
  }
  return values;
}

/** The old instances when there are finitely many of them (const, enum, boolean, null). */
function finiteValues(c: Conj, types: Set<Atom>): unknown[] | undefined {
  const values = rawFiniteValues(c);
  if (values) return values.filter((v) => types.has(atomOfValue(v)));
  if ([...types].every((t) => t === 'null' || t === 'boolean')) {
    return [...(types.has('boolean') ? [true, false] : []), ...(types.has('null') ? [null] : [])];
  }
  return undefined;
}

function compareValues(o: Conj, n: Conj, oldValues: unknown[] | undefined, path: string): Incompatibility[] {
  const out: Incompatibility[] = [];
  const oldHadConst = o.parts.some((p) => 'const' in p.s);
  for (const { s } of n.parts) {
    const isConst = 'const' in s;
    if (!isConst && !Array.isArray(s.enum)) continue;
    const allowed: unknown[] = isConst ? [s.const] : (s.enum as unknown[]);
    if (oldValues === undefined) {
      out.push(
        isConst
          ? problem(path, 'const-added', say.constAdded(path, s.const))
          : problem(path, 'enum-narrowed', say.enumAdded(path, allowed)),
      );
      continue;
    }
    const missing = oldValues.filter((v) => !allowed.some((a) => deepEqual(a, v)));
    if (missing.length === 0) continue;
    if (isConst && oldHadConst && oldValues.length === 1) {
      out.push(problem(path, 'const-changed', say.constChanged(path, oldValues[0], s.const)));
    } else {
      out.push(problem(path, 'enum-narrowed', say.enumNarrowed(path, missing)));
    }
  }
  return out;
}

// --- strings ---------------------------------------------------------------------------------

function nums(c: Conj, keyword: string): number[] {
  return c.parts.map((p) => p.s[keyword]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}
function strs(c: Conj, keyword: string): string[] {
  return c.parts.map((p) => p.s[keyword]).filter((v): v is string => typeof v === 'string');
}

function regex(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

function compareString(o: Conj, n: Conj, oldValues: unknown[] | undefined, path: string): Incompatibility[] {
  const out: Incompatibility[] = [];
  const oldPatterns = strs(o, 'pattern');
  const oldFormats = strs(o, 'format');
  if (oldValues) {
    // Finitely many old strings: test them directly.
    const values = oldValues.filter((v): v is string => typeof v === 'string');
    const len = (v: string) => [...v].length;
    for (const min of nums(n, 'minLength')) {
      const bad = values.filter((v) => len(v) < min);
      if (bad.length) out.push(problem(path, 'min-length-raised', say.valuesRejected(path, bad, `minLength ${min}`)));
    }
    for (const max of nums(n, 'maxLength')) {
      const bad = values.filter((v) => len(v) > max);
      if (bad.length) out.push(problem(path, 'max-length-lowered', say.valuesRejected(path, bad, `maxLength ${max}`)));
    }
    for (const pattern of strs(n, 'pattern')) {
      const re = regex(pattern);
      const bad = values.filter((v) => !re || !re.test(v));
      if (bad.length) {
        out.push(problem(path, oldPatterns.length ? 'pattern-changed' : 'pattern-added', say.valuesRejected(path, bad, `pattern ${pattern}`)));
      }
    }
  } else {
    const oldMin = Math.max(0, ...nums(o, 'minLength'));
    const newMin = Math.max(0, ...nums(n, 'minLength'));
    if (newMin > oldMin) out.push(problem(path, 'min-length-raised', say.lowerBound(path, 'minimum length', oldMin === 0 ? undefined : String(oldMin), String(newMin), 'shorter values')));
    const oldMax = Math.min(Infinity, ...nums(o, 'maxLength'));
    const newMax = Math.min(Infinity, ...nums(n, 'maxLength'));
    if (newMax < oldMax) out.push(problem(path, 'max-length-lowered', say.upperBound(path, 'maximum length', fin(oldMax), String(newMax), 'longer values')));
    for (const pattern of strs(n, 'pattern')) {
      if (oldPatterns.includes(pattern)) continue;
      out.push(
        oldPatterns.length === 0
          ? problem(path, 'pattern-added', say.patternAdded(path, pattern))
          : problem(path, 'pattern-changed', say.patternChanged(path, oldPatterns.join(' and '), pattern)),
      );
    }
  }
  for (const format of strs(n, 'format')) {
    if (oldFormats.includes(format)) continue;
    out.push(
      oldFormats.length === 0
        ? problem(path, 'format-added', say.formatAdded(path, format))
        : problem(path, 'format-changed', say.formatChanged(path, oldFormats.join('" and "'), format)),
    );
  }
  return out;
}

function fin(v: number): string | undefined {
  return Number.isFinite(v) ? String(v) : undefined;
}

// --- numbers ---------------------------------------------------------------------------------

interface Bound {
  v: number;
  exclusive: boolean;
  /** As written in the schema (`exclusiveMinimum 0`), before integer normalisation. */
  shown: string;
}

/** The tightest lower (or upper) bound of a conjunction; for integer-only instances made inclusive. */
function bound(c: Conj, side: 'lower' | 'upper', integersOnly: boolean): Bound | undefined {
  const incl = nums(c, side === 'lower' ? 'minimum' : 'maximum').map((v) => ({ v, exclusive: false, shown: String(v) }));
  const excl = nums(c, side === 'lower' ? 'exclusiveMinimum' : 'exclusiveMaximum').map((v) => ({ v, exclusive: true, shown: `${v} (exclusive)` }));
  let best: Bound | undefined;
  for (let b of [...incl, ...excl]) {
    if (integersOnly) {
      if (side === 'lower') b = { v: b.exclusive ? Math.floor(b.v) + 1 : Math.ceil(b.v), exclusive: false, shown: b.shown };
      else b = { v: b.exclusive ? Math.ceil(b.v) - 1 : Math.floor(b.v), exclusive: false, shown: b.shown };
    }
    if (!best || tighter(b, best, side)) best = b;
  }
  return best;
}

function tighter(a: Bound, b: Bound, side: 'lower' | 'upper'): boolean {
  if (a.v !== b.v) return side === 'lower' ? a.v > b.v : a.v < b.v;
  return a.exclusive && !b.exclusive;
}

function showBound(b: Bound | undefined): string | undefined {
  return b?.shown;
}

function compareNumber(o: Conj, n: Conj, oldValues: unknown[] | undefined, oldTypes: Set<Atom>, path: string): Incompatibility[] {
  const out: Incompatibility[] = [];
  const integersOnly = !oldTypes.has('float');
  if (oldValues) {
    const values = oldValues.filter((v): v is number => typeof v === 'number');
    const lo = bound(n, 'lower', false);
    const hi = bound(n, 'upper', false);
    const belowLo = lo ? values.filter((v) => v < lo.v || (lo.exclusive && v === lo.v)) : [];
    const aboveHi = hi ? values.filter((v) => v > hi.v || (hi.exclusive && v === hi.v)) : [];
    if (belowLo.length) out.push(problem(path, 'minimum-raised', say.valuesRejected(path, belowLo, `minimum ${showBound(lo)}`)));
    if (aboveHi.length) out.push(problem(path, 'maximum-lowered', say.valuesRejected(path, aboveHi, `maximum ${showBound(hi)}`)));
    for (const m of nums(n, 'multipleOf')) {
      const bad = values.filter((v) => !isMultiple(v, m));
      if (bad.length) out.push(problem(path, 'multiple-of-changed', say.valuesRejected(path, bad, `multipleOf ${m}`)));
    }
    return out;
  }
  const oldLo = bound(o, 'lower', integersOnly);
  const newLo = bound(n, 'lower', integersOnly);
  if (newLo && (!oldLo || tighter(newLo, oldLo, 'lower'))) {
    out.push(problem(path, 'minimum-raised', say.lowerBound(path, 'minimum', showBound(oldLo), showBound(newLo)!, 'smaller values')));
  }
  const oldHi = bound(o, 'upper', integersOnly);
  const newHi = bound(n, 'upper', integersOnly);
  if (newHi && (!oldHi || tighter(newHi, oldHi, 'upper'))) {
    out.push(problem(path, 'maximum-lowered', say.upperBound(path, 'maximum', showBound(oldHi), showBound(newHi)!, 'larger values')));
  }
  const oldMultiples = nums(o, 'multipleOf');
  for (const m of nums(n, 'multipleOf')) {
    const implied = oldMultiples.some((om) => isMultiple(om, m)) || (integersOnly && isMultiple(1, m));
    if (!implied) out.push(problem(path, 'multiple-of-changed', say.multipleOf(path, oldMultiples.join(' and ') || undefined, m)));
  }
  return out;
}

function isMultiple(value: number, of: number): boolean {
  if (of <= 0) return false;
  const q = value / of;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

// --- arrays ----------------------------------------------------------------------------------

function compareArray(o: Conj, n: Conj, path: string, ctx: Ctx): Incompatibility[] {
  const out: Incompatibility[] = [];
  const oldMin = Math.max(0, ...nums(o, 'minItems'));
  const newMin = Math.max(0, ...nums(n, 'minItems'));
  if (newMin > oldMin) out.push(problem(path, 'min-items-raised', say.lowerBound(path, 'minimum number of items', oldMin ? String(oldMin) : undefined, String(newMin), 'shorter arrays')));
  const oldMax = Math.min(Infinity, ...nums(o, 'maxItems'));
  const newMax = Math.min(Infinity, ...nums(n, 'maxItems'));
  if (newMax < oldMax) out.push(problem(path, 'max-items-lowered', say.upperBound(path, 'maximum number of items', fin(oldMax), String(newMax), 'longer arrays')));
  const oldUnique = o.parts.some((p) => p.s.uniqueItems === true);
  if (!oldUnique && oldMax > 1 && n.parts.some((p) => p.s.uniqueItems === true)) {
    out.push(problem(path, 'unique-items-added', say.uniqueItems(path)));
  }

  const prefixLen = (c: Conj) => Math.max(0, ...c.parts.map((p) => (Array.isArray(p.s.prefixItems) ? p.s.prefixItems.length : 0)));
  const tailStart = Math.max(prefixLen(o), prefixLen(n));
  const positions: Array<number | '*'> = [...Array.from({ length: tailStart }, (_, i) => i), '*'];
  for (const pos of positions) {
    const index = pos === '*' ? tailStart : pos;
    if (index >= oldMax) break; // old arrays never had an item there
    const os = elementSubs(o, index);
    if (os.forbidden) continue;
    const ns = elementSubs(n, index);
    const itemPath = `${path}/${pos}`;
    if (ns.forbidden) {
      out.push(problem(itemPath, 'items-narrowed', say.itemsClosed(path, index)));
      continue;
    }
    if (ns.subs.length === 0) continue;
    out.push(
      ...compareConj(conjOf(os.subs, ctx.rOld), conjOf(ns.subs, ctx.rNew), itemPath, ctx, {
        relative: true,
        neverRule: 'items-narrowed',
        neverMessage: () => say.itemsClosed(path, index),
      }),
    );
  }
  return out;
}

function elementSubs(c: Conj, index: number): { subs: Sub[]; forbidden: boolean } {
  const subs: Sub[] = [];
  let forbidden = false;
  for (const { s, base } of c.parts) {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    if (index < prefix.length) subs.push({ schema: prefix[index], base });
    else if ('items' in s && !Array.isArray(s.items)) {
      if (s.items === false) forbidden = true;
      else subs.push({ schema: s.items, base });
    }
  }
  return { subs, forbidden };
}

// --- objects ---------------------------------------------------------------------------------

/** A property name no schema declares, to ask "what happens to an undeclared field". */
const UNDECLARED = '\u0000undeclared';

interface PropertyView {
  subs: Sub[];
  /** Declared by name in some `properties`. */
  declared: boolean;
  /** Rejected by `additionalProperties: false`, `unevaluatedProperties: false` or `properties: {x: false}`. */
  forbiddenBy?: 'additionalProperties' | 'unevaluatedProperties' | 'properties';
  /** Constrained by `additionalProperties` / `unevaluatedProperties` schemas (not by name). */
  byClosure?: 'additionalProperties' | 'unevaluatedProperties';
}

function ownKeys(v: unknown): string[] {
  return isObj(v) ? Object.keys(v) : [];
}

function matches(pattern: string, name: string): boolean {
  return regex(pattern)?.test(name) ?? false;
}

/** Names (and name patterns) evaluated anywhere in the conjunction, alternatives included. */
function evaluated(c: Conj, resolve: Resolve): { names: Set<string>; patterns: string[]; all: boolean } {
  const names = new Set<string>();
  const patterns: string[] = [];
  let all = false;
  const visit = (parts: Part[]) => {
    for (const { s } of parts) {
      ownKeys(s.properties).forEach((k) => names.add(k));
      patterns.push(...ownKeys(s.patternProperties));
      if (s.additionalProperties !== undefined) all = true;
    }
  };
  visit(c.parts);
  for (const g of c.groups) for (const alt of g.alts) visit(conjOf([alt], resolve).parts);
  return { names, patterns, all };
}

function propertyView(c: Conj, name: string, resolve: Resolve): PropertyView {
  const view: PropertyView = { subs: [], declared: false };
  for (const { s, base } of c.parts) {
    let local = false;
    if (isObj(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, name)) {
      local = true;
      view.declared = true;
      const sub = s.properties[name];
      if (sub === false) view.forbiddenBy ??= 'properties';
      else view.subs.push({ schema: sub, base });
    }
    for (const [pattern, sub] of Object.entries(isObj(s.patternProperties) ? s.patternProperties : {})) {
      if (!matches(pattern, name)) continue;
      local = true;
      if (sub === false) view.forbiddenBy ??= 'properties';
      else view.subs.push({ schema: sub, base });
    }
    if (!local && s.additionalProperties !== undefined && s.additionalProperties !== true) {
      if (s.additionalProperties === false) view.forbiddenBy ??= 'additionalProperties';
      else {
        view.subs.push({ schema: s.additionalProperties, base });
        view.byClosure ??= 'additionalProperties';
      }
    }
  }
  const withUnevaluated = c.parts.filter((p) => p.s.unevaluatedProperties !== undefined && p.s.unevaluatedProperties !== true);
  if (withUnevaluated.length > 0) {
    const ev = evaluated(c, resolve);
    if (!ev.all && !ev.names.has(name) && !ev.patterns.some((p) => matches(p, name))) {
      for (const { s, base } of withUnevaluated) {
        if (s.unevaluatedProperties === false) view.forbiddenBy ??= 'unevaluatedProperties';
        else {
          view.subs.push({ schema: s.unevaluatedProperties, base });
          view.byClosure ??= 'unevaluatedProperties';
        }
      }
    }
  }
  return view;
}

function requiredOf(c: Conj): Set<string> {
  return new Set(c.parts.flatMap((p) => (Array.isArray(p.s.required) ? p.s.required.filter((r): r is string => typeof r === 'string') : [])));
}

function child(path: string, name: string): string {
  return `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function compareObject(o: Conj, n: Conj, path: string, ctx: Ctx, opts: Opts): Incompatibility[] {
  const out: Incompatibility[] = [];
  const oldRequired = requiredOf(o);
  const newRequired = requiredOf(n);
  const newEvaluated = evaluated(n, ctx.rNew);

  const oldMinP = Math.max(0, ...nums(o, 'minProperties'));
  const newMinP = Math.max(0, ...nums(n, 'minProperties'));
  if (newMinP > oldMinP && newMinP > oldRequired.size) {
    out.push(problem(path, 'min-properties-raised', say.lowerBound(path, 'minimum number of fields', oldMinP ? String(oldMinP) : undefined, String(newMinP), 'objects with fewer fields')));
  }
  const oldMaxP = Math.min(Infinity, ...nums(o, 'maxProperties'));
  const newMaxP = Math.min(Infinity, ...nums(n, 'maxProperties'));
  if (newMaxP < oldMaxP) {
    out.push(problem(path, 'max-properties-lowered', say.upperBound(path, 'maximum number of fields', fin(oldMaxP), String(newMaxP), 'objects with more fields')));
  }

  // Fields made required.
  for (const name of newRequired) {
    if (oldRequired.has(name)) continue;
    const hasDefault = propertyView(n, name, ctx.rNew).subs.some((sub) => conjOf([sub], ctx.rNew).parts.some((p) => 'default' in p.s));
    out.push(problem(child(path, name), 'required-added', say.requiredAdded(child(path, name), hasDefault)));
  }

  // Each declared field, old or new.
  const names = new Set<string>();
  for (const c of [o, n]) for (const p of c.parts) ownKeys(p.s.properties).forEach((k) => names.add(k));
  oldRequired.forEach((k) => names.add(k));
  for (const name of names) {
    const p = child(path, name);
    const ov = propertyView(o, name, ctx.rOld);
    if (ov.forbiddenBy) continue; // old events never carried it
    const oc = conjOf(ov.subs, ctx.rOld);
    if (oc.never) continue;
    const nv = propertyView(n, name, ctx.rNew);
    const nc = conjOf(nv.subs, ctx.rNew);
    const wasRequired = oldRequired.has(name);
    if (nv.forbiddenBy || nc.never) {
      if (wasRequired) out.push(problem(p, 'required-removed', say.requiredRemoved(p, true)));
      else out.push(problem(p, 'property-removed', say.propertyRemoved(p, path, nv.forbiddenBy !== 'properties' && !nc.never)));
      continue;
    }
    if (wasRequired && opts.relative && ov.declared && !nv.declared && !newRequired.has(name) && !newEvaluated.names.has(name)) {
      out.push(problem(p, 'required-removed', say.requiredRemoved(p, false)));
      continue;
    }
    if (!ov.declared && ov.subs.length === 0) continue; // new optional field on an open object
    if (nv.subs.length === 0) continue;
    out.push(...compareConj(oc, nc, p, ctx, { relative: true }));
  }

  // Undeclared fields: closing the object, or constraining what else it may carry.
  const ou = propertyView(o, UNDECLARED, ctx.rOld);
  if (!ou.forbiddenBy) {
    const nu = propertyView(n, UNDECLARED, ctx.rNew);
    const anyPath = `${path}/*`;
    if (nu.forbiddenBy === 'additionalProperties' || nu.forbiddenBy === 'unevaluatedProperties') {
      const rule = nu.forbiddenBy === 'additionalProperties' ? 'additional-properties-closed' : 'unevaluated-properties-closed';
      out.push(problem(path, rule, say.closed(path, nu.forbiddenBy, false)));
    } else if (nu.subs.length > 0) {
      const inner = compareConj(conjOf(ou.subs, ctx.rOld), conjOf(nu.subs, ctx.rNew), anyPath, ctx, { relative: true });
      if (inner.length > 0) {
        if (ou.subs.length === 0 && nu.byClosure) {
          const rule = nu.byClosure === 'additionalProperties' ? 'additional-properties-closed' : 'unevaluated-properties-closed';
          out.push(problem(path, rule, say.closed(path, nu.byClosure, true)));
        } else out.push(...inner);
      }
    }
  }

  // Old name patterns that a closed new object no longer allows.
  for (const part of o.parts) {
    for (const pattern of ownKeys(part.s.patternProperties)) {
      const kept = n.parts.every(
        (np) => np.s.additionalProperties !== false || ownKeys(np.s.patternProperties).includes(pattern),
      );
      if (!kept) out.push(problem(path, 'property-removed', say.patternFieldsRemoved(path, pattern)));
    }
  }

  // propertyNames
  const newNames = n.parts.filter((p) => p.s.propertyNames !== undefined && p.s.propertyNames !== true);
  if (newNames.length > 0) {
    const oldNamesSchema: Sub[] = ou.forbiddenBy
      ? [{ schema: { type: 'string', enum: [...names].filter((k) => !propertyView(o, k, ctx.rOld).forbiddenBy) }, base: ANONYMOUS_BASE }]
      : [{ schema: { type: 'string' }, base: ANONYMOUS_BASE }, ...o.parts.filter((p) => p.s.propertyNames !== undefined).map((p) => ({ schema: p.s.propertyNames, base: p.base }))];
    const inner = compareConj(
      conjOf(oldNamesSchema, ctx.rOld),
      conjOf(newNames.map((p) => ({ schema: p.s.propertyNames, base: p.base })), ctx.rNew),
      path,
      ctx,
      { relative: false },
    );
    if (inner.length > 0) out.push(problem(path, 'property-names-narrowed', say.propertyNames(path)));
  }

  // dependentRequired
  for (const { s } of n.parts) {
    if (!isObj(s.dependentRequired)) continue;
    for (const [trigger, deps] of Object.entries(s.dependentRequired)) {
      if (!Array.isArray(deps)) continue;
      if (propertyView(o, trigger, ctx.rOld).forbiddenBy) continue;
      const missing = deps.filter(
        (d): d is string =>
          typeof d === 'string' &&
          !oldRequired.has(d) &&
          !o.parts.some((p) => isObj(p.s.dependentRequired) && Array.isArray(p.s.dependentRequired[trigger]) && (p.s.dependentRequired[trigger] as unknown[]).includes(d)),
      );
      if (missing.length) out.push(problem(child(path, trigger), 'dependent-required-added', say.dependentRequired(child(path, trigger), missing)));
    }
  }
  return out;
}

// --- keywords not modelled -------------------------------------------------------------------

const MODELLED = new Set([
  '$ref', 'allOf', 'anyOf', 'oneOf', 'type', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'format',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems',
  'properties', 'required', 'additionalProperties', 'unevaluatedProperties', 'patternProperties',
  'propertyNames', 'minProperties', 'maxProperties', 'dependentRequired',
]);
const ANNOTATIONS = new Set([
  '$schema', '$id', '$anchor', '$dynamicAnchor', '$defs', 'definitions', '$comment', '$vocabulary',
  'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly',
  'contentEncoding', 'contentMediaType', 'contentSchema', 'discriminator',
]);

function compareUnsupported(o: Conj, n: Conj, path: string): Incompatibility[] {
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

// --- anyOf / oneOf ---------------------------------------------------------------------------

function compareGroups(o: Conj, n: Conj, path: string, ctx: Ctx): Incompatibility[] {
  const out: Incompatibility[] = [];
  for (const group of n.groups) {
    const alts = group.alts.map((alt) => conjOf([alt], ctx.rNew));
    const fitOf = (piece: Conj) => {
      const results = alts.map((alt) => compareConj(piece, alt, path, ctx, { relative: false }));
      return { results, fit: results.findIndex((r) => r.length === 0) };
    };
    // The old instance must fit one alternative; when it can be of several types, each type may
    // fit a different one (`type: [string, null]` -> `anyOf: [{type: string}, {type: null}]`).
    let pieces: Array<{ piece: Conj; fit: number; results: Incompatibility[][] }> = [{ piece: o, ...fitOf(o) }];
    const oldTypes = typesOf(o, true);
    if (pieces[0].fit < 0 && oldTypes.size > 1) {
      pieces = [...oldTypes].map((t) => {
        const piece: Conj = { ...o, onlyTypes: new Set([t]) };
        return { piece, ...fitOf(piece) };
      });
    }
    for (const { piece, fit, results } of pieces) {
      if (fit < 0) {
        const paired = pairAlternative(piece, group, ctx);
        if (paired !== undefined) out.push(...results[paired]);
        else if (piece.origin) {
          out.push(problem(path, 'alternative-removed', say.alternativeRemoved(path, piece.origin.index, altLabel(piece.origin.group.alts[piece.origin.index]), group.kind)));
        } else out.push(...results.reduce((a, b) => (b.length < a.length ? b : a)));
        continue;
      }
      if (group.kind === 'oneOf') out.push(...oneOfOverlaps(piece, group, alts, fit, path, ctx));
    }
  }
  return out;
}

/** oneOf: an old instance that fits alternative `fit` must not now match a second alternative too. */
function oneOfOverlaps(o: Conj, group: Group, alts: Conj[], fit: number, path: string, ctx: Ctx): Incompatibility[] {
  const out: Incompatibility[] = [];
  const origin = o.origin;
  const swapped: Ctx = { ...ctx, rOld: ctx.rNew, rNew: ctx.rOld, visiting: new Set() };
  alts.forEach((alt, k) => {
    if (k === fit) return;
    if (disjoint(o, ctx.rOld, alt, ctx.rNew) || disjoint(alts[fit], ctx.rNew, alt, ctx.rNew)) return;
    // Under an old oneOf the instance matched no other old alternative; a new alternative that
    // accepts no more than one of those cannot match it either.
    if (origin?.group.kind === 'oneOf') {
      const within = origin.group.alts.some(
        (oldAlt, j) => j !== origin.index && compareConj(alt, conjOf([oldAlt], ctx.rOld), path, swapped, { relative: false }).length === 0,
      );
      if (within) return;
    }
    out.push(problem(path, 'one-of-overlap', say.oneOfOverlap(path, k, altLabel(group.alts[k]))));
  });
  return out;
}

/** Which new alternative stands for the old one: same $ref, same title, same discriminator, or same position. */
function pairAlternative(o: Conj, group: Group, ctx: Ctx): number | undefined {
  if (!o.origin) return undefined;
  const oldAlt = o.origin.group.alts[o.origin.index];
  const oldId = identity(oldAlt, ctx.rOld);
  if (oldId !== undefined) {
    const i = group.alts.findIndex((a) => identity(a, ctx.rNew) === oldId);
    if (i >= 0) return i;
  }
  return o.origin.group.alts.length === group.alts.length ? o.origin.index : undefined;
}

function identity(alt: Sub, resolve: Resolve): string | undefined {
  const s = alt.schema;
  if (!isObj(s)) return undefined;
  if (typeof s.$ref === 'string') return `ref:${absoluteRef(s.$ref, alt.base)}`;
  if (typeof s.title === 'string') return `title:${s.title}`;
  const consts: string[] = [];
  for (const p of conjOf([alt], resolve).parts) {
    for (const [k, v] of Object.entries(isObj(p.s.properties) ? p.s.properties : {})) {
      if (isObj(v) && 'const' in v) consts.push(`${k}=${JSON.stringify(v.const)}`);
    }
  }
  return consts.length ? `const:${consts.sort().join(',')}` : undefined;
}

function altLabel(alt: Sub): string | undefined {
  const s = alt.schema;
  if (!isObj(s)) return undefined;
  if (typeof s.title === 'string') return s.title;
  if (typeof s.$ref === 'string') return s.$ref;
  return undefined;
}

/** True when no instance can satisfy both: disjoint types, or a required field with disjoint values. */
function disjoint(a: Conj, ra: Resolve, b: Conj, rb: Resolve): boolean {
  const ta = typesOf(a, true);
  const tb = typesOf(b, true);
  if (![...ta].some((t) => tb.has(t))) return true;
  const va = rawFiniteValues(a);
  const vb = rawFiniteValues(b);
  if (va && vb && !va.some((x) => vb.some((y) => deepEqual(x, y)))) return true;
  if (!ta.has('object') || !tb.has('object')) return false;
  const required = new Set([...requiredOf(a), ...requiredOf(b)]);
  for (const name of required) {
    const xa = rawFiniteValues(conjOf(propertyView(a, name, ra).subs, ra));
    const xb = rawFiniteValues(conjOf(propertyView(b, name, rb).subs, rb));
    if (xa && xb && !xa.some((x) => xb.some((y) => deepEqual(x, y)))) return true;
  }
  return false;
}

// --- util ------------------------------------------------------------------------------------

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Obj)[k], (b as Obj)[k]));
}
