import type { AppliedLandscape, TargetConfig } from '@hub/config';
import type { BoundTarget } from './delivery.processor';

/** What the worker must do to go from the targets it runs to a landscape version's. */
export interface TargetSetChange {
  /** New targets: start a worker. */
  add: BoundTarget[];
  /** Gone from the landscape: close their workers (they finish their active jobs). */
  remove: string[];
  /** Settings or credential changed: a new worker with the new ones, then close the old. */
  change: BoundTarget[];
}

/** The targets of a version, each with its credential as this process reads it. */
export function boundTargets(landscape: Pick<AppliedLandscape, 'config' | 'credentials'>): BoundTarget[] {
  return landscape.config.targets.map((target) => ({ target, credential: landscape.credentials.get(target.id) }));
}

/** JSON with object keys sorted: two equal settings compare equal whatever their order. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const same = (a: BoundTarget, b: BoundTarget) => a.credential === b.credential && stable(a.target satisfies TargetConfig) === stable(b.target);

/** Pure: running (target id → what its worker was started with) against the next version's targets. */
export function diffTargetSet(running: ReadonlyMap<string, BoundTarget>, next: readonly BoundTarget[]): TargetSetChange {
  const wanted = new Map(next.map((b) => [b.target.id, b]));
  return {
    add: next.filter((b) => !running.has(b.target.id)),
    remove: [...running.keys()].filter((id) => !wanted.has(id)),
    change: next.filter((b) => running.has(b.target.id) && !same(running.get(b.target.id)!, b)),
  };
}
