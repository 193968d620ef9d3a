import { ANONYMOUS_BASE } from './resolver';
import type { Incompatibility, Resolve } from './types';
import * as say from './messages';
import { conjOf, isObj, nums } from './schema-model';
import type { Conj, Ctx, Opts, Part, Sub } from './schema-model';
import { compareConj, problem } from './compare-conjunction';
import { fin, regex } from './compare-scalars';

/** The comparator of objects: properties, required fields, additional and unevaluated properties. */

/** A property name no schema declares, to ask "what happens to an undeclared field". */
export const UNDECLARED = '\u0000undeclared';

export interface PropertyView {
  subs: Sub[];
  /** Declared by name in some `properties`. */
  declared: boolean;
  /** Rejected by `additionalProperties: false`, `unevaluatedProperties: false` or `properties: {x: false}`. */
  forbiddenBy?: 'additionalProperties' | 'unevaluatedProperties' | 'properties';
  /** Constrained by `additionalProperties` / `unevaluatedProperties` schemas (not by name). */
  byClosure?: 'additionalProperties' | 'unevaluatedProperties';
}

export function ownKeys(v: unknown): string[] {
  return isObj(v) ? Object.keys(v) : [];
}

export function matches(pattern: string, name: string): boolean {
  return regex(pattern)?.test(name) ?? false;
}

/** Names (and name patterns) evaluated anywhere in the conjunction, alternatives included. */
export function evaluated(c: Conj, resolve: Resolve): { names: Set<string>; patterns: string[]; all: boolean } {
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

export function propertyView(c: Conj, name: string, resolve: Resolve): PropertyView {
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

export function requiredOf(c: Conj): Set<string> {
  return new Set(c.parts.flatMap((p) => (Array.isArray(p.s.required) ? p.s.required.filter((r): r is string => typeof r === 'string') : [])));
}

export function child(path: string, name: string): string {
  return `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function compareObject(o: Conj, n: Conj, path: string, ctx: Ctx, opts: Opts): Incompatibility[] {
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
