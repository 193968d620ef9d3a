import type { JsonSchema, Resolve } from './types';

/** Base used for a schema without `$id`; only there so that relative `$ref`s can still be read. */
export const ANONYMOUS_BASE = 'https://schemas.invalid/anonymous.json';

/** `ref` made absolute against `base`, or `undefined` when it is not a valid URI reference. */
export function absoluteRef(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

/** The document part of an absolute URI (without `#fragment`). */
export function documentOf(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

/**
 * A {@link Resolve} over a set of schema documents keyed by their `$id` (an array is keyed by each
 * document's own `$id`). Fragments may be JSON pointers (`#/$defs/date`) or `$anchor` names.
 */
export function createResolver(documents: Iterable<JsonSchema> | Map<string, JsonSchema>): Resolve {
  const byId = new Map<string, JsonSchema>();
  if (documents instanceof Map) {
    for (const [id, doc] of documents) byId.set(documentOf(id), doc);
  } else {
    for (const doc of documents) {
      if (doc && typeof doc === 'object' && typeof doc.$id === 'string') byId.set(documentOf(doc.$id), doc);
    }
  }
  return (ref, baseId) => {
    const abs = absoluteRef(ref, baseId);
    if (abs === undefined) return undefined;
    const doc = byId.get(documentOf(abs));
    if (doc === undefined) return undefined;
    const hash = abs.indexOf('#');
    const fragment = hash < 0 ? '' : decodeURIComponent(abs.slice(hash + 1));
    if (fragment === '') return doc;
    if (fragment.startsWith('/')) return resolvePointer(doc, fragment);
    return findAnchor(doc, fragment);
  };
}

/** The value at a JSON pointer (`/a/b~1c`), or `undefined`. */
export function resolvePointer(doc: unknown, pointer: string): JsonSchema | undefined {
  let node: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'boolean' || (node !== null && typeof node === 'object') ? (node as JsonSchema) : undefined;
}

function findAnchor(node: unknown, anchor: string): JsonSchema | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (!Array.isArray(node) && (node as Record<string, unknown>).$anchor === anchor) return node as JsonSchema;
  for (const child of Object.values(node as Record<string, unknown>)) {
    const hit = findAnchor(child, anchor);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
