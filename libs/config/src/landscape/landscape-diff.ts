// What changed from one landscape version to the next, entity by entity, for the versions list and
// the audit: a route's targets and shadows before and after, and for everything else the names of
// the fields that changed (never their values: a source's or ops user's token hash stays out).
import type { LandscapeDocument } from '../live-landscape.port';

export type LandscapeEntity = 'tenant' | 'source' | 'ops user' | 'target' | 'route' | 'migration' | 'webhook' | 'file drop';

export interface LandscapeDiffEntry {
  change: 'added' | 'removed' | 'changed';
  entity: LandscapeEntity;
  /** The entity's key: a code, an id, `tenant/type` for a route, `tenant/domain from → to` for a migration step. */
  id: string;
  /** The tenant it belongs to; none for what spans tenants (sources, ops users, webhooks). */
  tenant?: string;
  /** For a change: the fields that differ. */
  fields?: string[];
  /** Routes only: primaries and shadows before and after. */
  before?: { targets: string[]; shadow: string[] };
  after?: { targets: string[]; shadow: string[] };
}

type Item = Record<string, unknown>;

interface EntityKind {
  entity: LandscapeEntity;
  items(d: LandscapeDocument | undefined): Item[];
  key(i: Item): string;
  tenant?(i: Item): string | undefined;
}

const list = (v: unknown): Item[] => (Array.isArray(v) ? (v as Item[]) : []);
const gateway = (d: LandscapeDocument | undefined) => (d?.gateway ?? {}) as Item;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const KINDS: EntityKind[] = [
  { entity: 'tenant', items: (d) => list(d?.tenants), key: (i) => String(i.code), tenant: (i) => str(i.code) },
  { entity: 'source', items: (d) => list(d?.sources), key: (i) => String(i.id) },
  { entity: 'ops user', items: (d) => list(d?.opsUsers), key: (i) => String(i.id) },
  { entity: 'target', items: (d) => list(d?.targets), key: (i) => String(i.id), tenant: (i) => str(i.tenant) },
  { entity: 'route', items: (d) => list(d?.routes), key: (i) => `${i.tenant}/${i.type}`, tenant: (i) => str(i.tenant) },
  { entity: 'migration', items: (d) => list(d?.migrations), key: (i) => `${i.tenant}/${i.domain} ${i.from} → ${i.to}`, tenant: (i) => str(i.tenant) },
  { entity: 'webhook', items: (d) => list(gateway(d).webhooks), key: (i) => String(i.path) },
  { entity: 'file drop', items: (d) => list(gateway(d).fileDrops), key: (i) => String(i.id), tenant: (i) => str(i.tenant) },
];

/** JSON with object keys sorted, so two equal values always compare equal. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Item)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable((v as Item)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const routeSides = (i: Item) => ({ targets: [...((i.targets as string[]) ?? [])], shadow: [...((i.shadow as string[]) ?? [])] });

/** Entries for everything added, removed or changed from `before` (none: the first version) to `after`. */
export function diffLandscapes(before: LandscapeDocument | undefined, after: LandscapeDocument): LandscapeDiffEntry[] {
  const entries: LandscapeDiffEntry[] = [];
  for (const kind of KINDS) {
    const was = new Map(kind.items(before).map((i) => [kind.key(i), i]));
    const now = new Map(kind.items(after).map((i) => [kind.key(i), i]));
    const base = (i: Item) => {
      const tenant = kind.tenant?.(i);
      return { entity: kind.entity, id: kind.key(i), ...(tenant ? { tenant } : {}) };
    };
    for (const [key, i] of now) {
      const old = was.get(key);
      if (!old) {
        entries.push({ change: 'added', ...base(i), ...(kind.entity === 'route' ? { after: routeSides(i) } : {}) });
        continue;
      }
      const fields = [...new Set([...Object.keys(old), ...Object.keys(i)])].filter((f) => stable(old[f]) !== stable(i[f])).sort();
      if (fields.length) entries.push({ change: 'changed', ...base(i), fields, ...(kind.entity === 'route' ? { before: routeSides(old), after: routeSides(i) } : {}) });
    }
    for (const [key, i] of was) {
      if (!now.has(key)) entries.push({ change: 'removed', ...base(i), ...(kind.entity === 'route' ? { before: routeSides(i) } : {}) });
    }
  }
  return entries;
}

const names = (ids: string[]) => (ids.length ? ids.join(', ') : '(none)');

/** One line for people: `route fen/hr.* targets payroll-fen → cloud-erp-fen; shadow cloud-erp-fen → (none)`. */
export function describeDiffEntry(e: LandscapeDiffEntry): string {
  const what = `${e.entity} ${e.id}`;
  if (e.entity === 'route') {
    if (e.change === 'added') return `${what} added: targets ${names(e.after!.targets)}${e.after!.shadow.length ? `, shadow ${names(e.after!.shadow)}` : ''}`;
    if (e.change === 'removed') return `${what} removed (was: targets ${names(e.before!.targets)}${e.before!.shadow.length ? `, shadow ${names(e.before!.shadow)}` : ''})`;
    const parts = (['targets', 'shadow'] as const).filter((s) => stable(e.before![s]) !== stable(e.after![s])).map((s) => `${s} ${names(e.before![s])} → ${names(e.after![s])}`);
    return `${what}: ${parts.join('; ')}`;
  }
  if (e.change === 'changed') return `${what} changed: ${e.fields!.join(', ')}`;
  return `${what} ${e.change}`;
}
