/** A JSON pointer into event data where `*` stands for any array index. */
export type PiiPath = string[];

export const MASK = '***';

/** Returns a copy of `data` with every field at one of `paths` replaced by a mask. */
export function maskPaths<T>(data: T, paths: readonly PiiPath[]): T {
  if (paths.length === 0 || data === null || typeof data !== 'object') return data;
  const copy = structuredClone(data) as unknown;
  for (const path of paths) maskAt(copy, path, 0);
  return copy as T;
}

function maskAt(node: unknown, path: PiiPath, i: number): void {
  if (node === null || typeof node !== 'object') return;
  const key = path[i];
  const last = i === path.length - 1;
  const children: [string | number, unknown][] =
    key === '*' && Array.isArray(node) ? node.map((v, idx) => [idx, v]) : key in (node as object) ? [[key, (node as Record<string, unknown>)[key]]] : [];
  for (const [k, v] of children) {
    if (last) (node as Record<string | number, unknown>)[k] = MASK;
    else maskAt(v, path, i + 1);
  }
}

/**
 * Whether the field at `tokens` (a path into event data, e.g. ['name', 'forename']) is personal:
 * one of `paths` leads to it or to an object or array holding it (an annotation covers all of it).
 */
export function isPersonalPath(paths: readonly PiiPath[], tokens: readonly string[]): boolean {
  return paths.some((p) => p.length <= tokens.length && p.every((key, i) => key === tokens[i] || (key === '*' && /^\d+$/.test(tokens[i]))));
}
