import type { Incompatibility } from './types';
import * as say from './messages';
import { conjOf, nums } from './schema-model';
import type { Conj, Ctx, Sub } from './schema-model';
import { compareConj, problem } from './compare-conjunction';
import { fin } from './compare-scalars';

/** The comparator of arrays: items, prefixItems, their counts and uniqueness. */

export function compareArray(o: Conj, n: Conj, path: string, ctx: Ctx): Incompatibility[] {
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

export function elementSubs(c: Conj, index: number): { subs: Sub[]; forbidden: boolean } {
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
