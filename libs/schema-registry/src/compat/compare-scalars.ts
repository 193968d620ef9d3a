import type { Incompatibility } from './types';
import * as say from './messages';
import { deepEqual, nums, strs } from './schema-model';
import type { Atom, Conj } from './schema-model';
import { problem } from './compare-conjunction';

/** Comparators of what a scalar may be: const/enum values, strings, numbers. */

export function compareValues(o: Conj, n: Conj, oldValues: unknown[] | undefined, path: string): Incompatibility[] {
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

export function regex(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

export function compareString(o: Conj, n: Conj, oldValues: unknown[] | undefined, path: string): Incompatibility[] {
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

export function fin(v: number): string | undefined {
  return Number.isFinite(v) ? String(v) : undefined;
}
// --- numbers ---------------------------------------------------------------------------------

export interface Bound {
  v: number;
  exclusive: boolean;
  /** As written in the schema (`exclusiveMinimum 0`), before integer normalisation. */
  shown: string;
}

/** The tightest lower (or upper) bound of a conjunction; for integer-only instances made inclusive. */
export function bound(c: Conj, side: 'lower' | 'upper', integersOnly: boolean): Bound | undefined {
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

export function tighter(a: Bound, b: Bound, side: 'lower' | 'upper'): boolean {
  if (a.v !== b.v) return side === 'lower' ? a.v > b.v : a.v < b.v;
  return a.exclusive && !b.exclusive;
}

export function showBound(b: Bound | undefined): string | undefined {
  return b?.shown;
}

export function compareNumber(o: Conj, n: Conj, oldValues: unknown[] | undefined, oldTypes: Set<Atom>, path: string): Incompatibility[] {
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

export function isMultiple(value: number, of: number): boolean {
  if (of <= 0) return false;
  const q = value / of;
  return Math.abs(q - Math.round(q)) < 1e-9;
}
