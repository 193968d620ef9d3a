/**
 * The layers of the repository, and the one direction imports go: down. docs/architecture.md
 * draws them; `layers.spec.ts` fails on any import against them.
 *
 *   test/, scripts/, bench/   may import anything below
 *   apps/                     the deployables; apps/hub is the composition root
 *   connectors/               one per external system; only libraries below
 *   libs/                     shared code, in the order below; never apps, connectors, test, scripts or bench
 *
 * Within libs/, a library imports only libraries of a lower layer (never its own layer, never a
 * higher one). Specs are part of their library, with one allowance: any spec may use the test kit
 * (`@hub/testing`), which sits on top because the contract kits need the SDK.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Bottom first. A library not listed here fails the check: a new library is given its layer. */
export const LIBRARY_LAYERS: readonly (readonly string[])[] = [
  ['config', 'kafka', 'schema-registry'],
  ['events', 'observability'],
  ['canonical-types'],
  ['connector-sdk'],
  ['delivery', 'ledger'],
  ['runtime'],
  ['http-problem', 'testing'],
];

/** Top-level folders above every library. */
const ABOVE_LIBRARIES = ['apps', 'connectors', 'test', 'scripts', 'bench'];
/** Top-level folders above the connectors. */
const ABOVE_CONNECTORS = ['apps', 'test', 'scripts', 'bench'];
/** The library any spec may import. */
const TEST_KIT = 'testing';

export interface ImportEdge {
  /** The importing file, from the repository root. */
  file: string;
  /** What it wrote: `@connectors/registry`, `../../apps/api/src`. */
  specifier: string;
  /** Where that resolves, from the repository root (`connectors/registry.ts`). */
  target: string;
}

export function layerOf(library: string): number | undefined {
  const i = LIBRARY_LAYERS.findIndex((layer) => layer.includes(library));
  return i < 0 ? undefined : i;
}

/** Every module specifier of a TypeScript file: static and dynamic imports, re-exports, require(). */
export function specifiersOf(source: string): string[] {
  const found = new Set<string>();
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const p of patterns) for (const m of source.matchAll(p)) found.add(m[1]);
  return [...found];
}

/** tsconfig.json's path aliases: alias → folder or file, from the root. */
function aliases(root: string): Map<string, string> {
  const text = readFileSync(join(root, 'tsconfig.json'), 'utf8');
  const paths = (JSON.parse(text) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  return new Map(Object.entries(paths).map(([alias, [target]]) => [alias, target]));
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The imports of every .ts file under `folder` that resolve inside the repository (packages are not looked at). */
export function importsUnder(root: string, folder: string): ImportEdge[] {
  const alias = aliases(root);
  const out: ImportEdge[] = [];
  for (const path of tsFiles(join(root, folder))) {
    const file = relative(root, path).split(sep).join('/');
    for (const specifier of specifiersOf(readFileSync(path, 'utf8'))) {
      const target = specifier.startsWith('.') ? relative(root, resolve(dirname(path), specifier)) : alias.get(specifier);
      if (target !== undefined) out.push({ file, specifier, target: target.split(sep).join('/') });
    }
  }
  return out;
}

const top = (path: string) => path.split('/')[0];
const libraryOf = (path: string) => (top(path) === 'libs' ? path.split('/')[1] : undefined);
const isSpec = (file: string) => /\.spec\.ts$/.test(file);
const said = (e: ImportEdge) => `${e.file} imports ${e.specifier}${e.specifier === e.target ? '' : ` (${e.target})`}`;

/** What a library imports against the layers, one sentence each ("libs/x/a.ts imports @apps/api (apps/api/src)"). */
export function libraryViolations(edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = libraryOf(e.file)!;
    if (ABOVE_LIBRARIES.includes(top(e.target))) {
      out.push(`${said(e)}: a library never imports ${top(e.target)}/`);
      continue;
    }
    const to = libraryOf(e.target);
    if (!to || to === from) continue;
    if (isSpec(e.file) && to === TEST_KIT) continue;
    const [a, b] = [layerOf(from), layerOf(to)];
    if (a === undefined) out.push(`${e.file}: libs/${from} has no layer in scripts/layers.ts`);
    else if (b === undefined) out.push(`${said(e)}: libs/${to} has no layer in scripts/layers.ts`);
    else if (b >= a) out.push(`${said(e)}: libs/${to} (layer ${b}) is not below libs/${from} (layer ${a})`);
  }
  return out;
}

/** What a connector imports from above it. */
export function connectorViolations(edges: ImportEdge[]): string[] {
  return edges.filter((e) => ABOVE_CONNECTORS.includes(top(e.target))).map((e) => `${said(e)}: a connector never imports ${top(e.target)}/`);
}
