import { absoluteRef } from './resolver';
import type { Incompatibility, Resolve } from './types';
import * as say from './messages';
import { conjOf, deepEqual, isObj, rawFiniteValues, typesOf } from './schema-model';
import type { Conj, Ctx, Group, Sub } from './schema-model';
import { compareConj, problem } from './compare-conjunction';
import { propertyView, requiredOf } from './compare-objects';

/** The comparator of anyOf/oneOf on the new side: an old instance must fit one alternative. */

export function compareGroups(o: Conj, n: Conj, path: string, ctx: Ctx): Incompatibility[] {
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
export function oneOfOverlaps(o: Conj, group: Group, alts: Conj[], fit: number, path: string, ctx: Ctx): Incompatibility[] {
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
export function pairAlternative(o: Conj, group: Group, ctx: Ctx): number | undefined {
  if (!o.origin) return undefined;
  const oldAlt = o.origin.group.alts[o.origin.index];
  const oldId = identity(oldAlt, ctx.rOld);
  if (oldId !== undefined) {
    const i = group.alts.findIndex((a) => identity(a, ctx.rNew) === oldId);
    if (i >= 0) return i;
  }
  return o.origin.group.alts.length === group.alts.length ? o.origin.index : undefined;
}

export function identity(alt: Sub, resolve: Resolve): string | undefined {
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

export function altLabel(alt: Sub): string | undefined {
  const s = alt.schema;
  if (!isObj(s)) return undefined;
  if (typeof s.title === 'string') return s.title;
  if (typeof s.$ref === 'string') return s.$ref;
  return undefined;
}

/** True when no instance can satisfy both: disjoint types, or a required field with disjoint values. */
export function disjoint(a: Conj, ra: Resolve, b: Conj, rb: Resolve): boolean {
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
