import { absoluteRef, ANONYMOUS_BASE, documentOf } from './resolver';
import type { CompatRule, Resolve } from './types';

/**
 * The model the comparators work on: a schema read as a conjunction of object subschemas (after
 * `$ref` and `allOf`), with its anyOf/oneOf groups, the instance types it admits and the values
 * it allows when they are finitely many.
 */

export type Obj = Record<string, unknown>;
export interface Sub {
  schema: unknown;
  base: string;
}
export interface Part {
  s: Obj;
  base: string;
}
export interface Group {
  kind: 'anyOf' | 'oneOf';
  alts: Sub[];
}
export interface Conj {
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
export interface Ctx {
  rOld: Resolve;
  rNew: Resolve;
  visiting: Set<string>;
  depth: number;
  budget: { left: number };
}
export interface Opts {
  /** Compare as a whole schema (true) or as one alternative of a new anyOf/oneOf (false: only implication rules). */
  relative: boolean;
  /** Rule reported when the new side is `false` here. */
  neverRule?: CompatRule;
  neverMessage?: (path: string) => string;
}

export function baseOf(schema: unknown): string {
  const id = isObj(schema) && typeof schema.$id === 'string' ? absoluteRef(schema.$id, ANONYMOUS_BASE) : undefined;
  return id ? documentOf(id) : ANONYMOUS_BASE;
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function emptyConj(): Conj {
  return { parts: [], groups: [], never: false, refs: [], unresolved: [] };
}

export function conjOf(subs: Sub[], resolve: Resolve, into: Conj = emptyConj()): Conj {
  const seen = new Set<string>();
  for (const sub of subs) flatten(sub, resolve, into, seen);
  return into;
}

export function flatten(sub: Sub, resolve: Resolve, into: Conj, seen: Set<string>): void {
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

export function withAlternative(o: Conj, group: Group, index: number, resolve: Resolve): Conj {
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
// --- types -----------------------------------------------------------------------------------

/** Instance types, with `number` split into integers and numbers with a fraction. */
export type Atom = 'null' | 'boolean' | 'object' | 'array' | 'string' | 'integer' | 'float';
export const ALL_ATOMS: Atom[] = ['null', 'boolean', 'object', 'array', 'string', 'integer', 'float'];

export function atomsOfType(t: unknown): Atom[] {
  if (t === 'number') return ['integer', 'float'];
  return ALL_ATOMS.includes(t as Atom) && t !== 'float' ? [t as Atom] : [];
}

export function atomOfValue(v: unknown): Atom {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'object') return 'object';
  return typeof v as Atom;
}

/** The types the conjunction admits; on the old side narrowed further by `const`/`enum` values. */
export function typesOf(c: Conj, byValues: boolean): Set<Atom> {
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

export function describeTypes(set: Set<Atom>): string {
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

export function rawFiniteValues(c: Conj): unknown[] | undefined {
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
export function finiteValues(c: Conj, types: Set<Atom>): unknown[] | undefined {
  const values = rawFiniteValues(c);
  if (values) return values.filter((v) => types.has(atomOfValue(v)));
  if ([...types].every((t) => t === 'null' || t === 'boolean')) {
    return [...(types.has('boolean') ? [true, false] : []), ...(types.has('null') ? [null] : [])];
  }
  return undefined;
}

export function nums(c: Conj, keyword: string): number[] {
  return c.parts.map((p) => p.s[keyword]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}
export function strs(c: Conj, keyword: string): string[] {
  return c.parts.map((p) => p.s[keyword]).filter((v): v is string => typeof v === 'string');
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
