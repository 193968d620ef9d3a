// The one shape every connector has (docs/adding-a-connector.md), as a check: what of it a
// connector's folder lacks or holds out of place. Read by connector-shape.spec.ts for every
// registered connector, and by the scaffold's spec for what `npm run connector:new` writes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorManifest } from '@hub/connector-sdk';

/** The folders a connector's src/ may hold, each with what it is for. */
export const CONNECTOR_FOLDERS = {
  target: 'the target connector, its mappers and the formats only it uses',
  source: 'what reads from the system: webhook readers, file sources, pollers (<name>-<what>.source.ts)',
  simulator: 'the simulator of the system and its main.ts',
  testing: 'samples.ts: the samples specs, integration tests and the demo use',
} as const;

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => isFile(join(dir, f))) : []);

/**
 * What is wrong with the shape of the connector `name` in `dir` (connectors/<name>), given its
 * index module's exports (`exports`): empty when it has the shape.
 */
export function connectorShapeProblems(dir: string, name: string, exports: Record<string, unknown>): string[] {
  const src = join(dir, 'src');
  const problems: string[] = [];
  const need = (rel: string, why: string) => {
    if (!isFile(join(dir, rel))) problems.push(`${rel} is missing: ${why}`);
  };
  need('README.md', 'what the connector does, for whom');
  need(`src/${name}.manifest.ts`, 'its manifest');
  need('src/index.ts', 'the one module code outside the connector imports');
  need(`src/${name}.contract.spec.ts`, 'the contract-test kits run over it');
  need('src/simulator/main.ts', 'the simulator run as its own process');
  need('src/testing/samples.ts', 'its samples, in one place');

  const manifests = Object.values(exports).filter((v): v is ConnectorManifest => typeof v === 'object' && v !== null && (v as ConnectorManifest).name === name && Array.isArray((v as ConnectorManifest).consumes));
  if (manifests.length !== 1) problems.push(`src/index.ts exports ${manifests.length} manifests named "${name}", not one`);
  if (isFile(join(src, 'index.ts')) && !/from '\.\/testing\/samples'/.test(readFileSync(join(src, 'index.ts'), 'utf8'))) problems.push("src/index.ts does not export './testing/samples'");
  const direction = manifests[0]?.direction;
  if (direction === 'target' || direction === 'both') need(`src/target/${name}.connector.ts`, `a ${direction} connector's target connector`);
  const sources = filesIn(join(src, 'source')).filter((f) => f.endsWith('.source.ts'));
  if ((direction === 'source' || direction === 'both') && sources.length === 0) problems.push(`src/source/ has no ${name}-<what>.source.ts: a ${direction} connector reads from its system there`);
  for (const f of sources) if (!new RegExp(`^${name}-[a-z0-9-]+\\.source\\.ts$`).test(f)) problems.push(`src/source/${f} is not named ${name}-<what>.source.ts`);
  if (filesIn(join(src, 'simulator')).every((f) => !/-simulator\.ts$/.test(f))) problems.push('src/simulator/ has no <system>-simulator.ts');

  for (const entry of existsSync(src) ? readdirSync(src) : []) {
    const path = join(src, entry);
    if (!isFile(path)) {
      if (!(entry in CONNECTOR_FOLDERS)) problems.push(`src/${entry}/ is not one of the connector folders (${Object.keys(CONNECTOR_FOLDERS).join(', ')})`);
      continue;
    }
    // At the top: the manifest, the index, the contract spec, and vocabulary both sides share (<name>.format.ts).
    if (entry === 'index.ts') continue;
    if (!entry.startsWith(`${name}.`)) problems.push(`src/${entry} belongs in a connector folder, or is named ${name}.<what>.ts`);
    else if (/\.(connector|source|mapper)(\.spec)?\.ts$|sample|simulator/.test(entry)) problems.push(`src/${entry} belongs in ${/source/.test(entry) ? 'source' : /sample/.test(entry) ? 'testing' : /simulator/.test(entry) ? 'simulator' : 'target'}/`);
  }
  const testing = filesIn(join(src, 'testing')).filter((f) => !f.endsWith('.spec.ts'));
  for (const f of testing) if (f !== 'samples.ts') problems.push(`src/testing/${f}: samples sit in src/testing/samples.ts`);
  return problems;
}
