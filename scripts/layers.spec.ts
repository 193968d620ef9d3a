import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectorViolations, importsUnder, layerOf, libraryViolations, specifiersOf } from './layers';

const root = join(__dirname, '..');
const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

describe('layers: imports go one way, down (docs/architecture.md)', () => {
  describe.each(folders('libs'))('libs/%s', (library) => {
    it('has a layer', () => {
      expect(layerOf(library)).toBeDefined();
    });

    it('imports no app, connector, test, script or bench, and only libraries of a lower layer', () => {
      expect(libraryViolations(importsUnder(root, `libs/${library}`))).toEqual([]);
    });
  });

  describe.each(folders('connectors'))('connectors/%s', (connector) => {
    it('imports no app, test, script or bench', () => {
      expect(connectorViolations(importsUnder(root, `connectors/${connector}`))).toEqual([]);
    });
  });

  it('connectors/registry.ts imports no app either', () => {
    expect(connectorViolations(importsUnder(root, 'connectors').filter((e) => e.file === 'connectors/registry.ts'))).toEqual([]);
  });
});

describe('the layer check itself', () => {
  it('reads static, type-only, side-effect and dynamic imports, re-exports and require()', () => {
    const source = [
      "import { a } from '@apps/api';",
      "import type { B } from '../../../connectors/hr/src';",
      "import 'reflect-metadata';",
      "export * from './x';",
      "export { y } from '@hub/config';",
      "const z = require('@connectors/registry');",
      "type T = import('@apps/hub').RunningHub;",
      "import {\n  c,\n  d,\n} from '@hub/ledger';",
    ].join('\n');
    expect(specifiersOf(source).sort()).toEqual(['../../../connectors/hr/src', './x', '@apps/api', '@apps/hub', '@connectors/registry', '@hub/config', '@hub/ledger', 'reflect-metadata'].sort());
  });

  it('names the file and what it imports, by alias and by relative path, and refuses an upward library', () => {
    const edges = [
      { file: 'libs/runtime/src/a.ts', specifier: '@connectors/registry', target: 'connectors/registry.ts' },
      { file: 'libs/testing/src/b.ts', specifier: '../../../apps/hub/src', target: 'apps/hub/src' },
      { file: 'libs/config/src/c.ts', specifier: '@hub/ledger', target: 'libs/ledger/src' },
      { file: 'libs/ledger/src/d.ts', specifier: '@hub/delivery', target: 'libs/delivery/src' },
      { file: 'libs/ledger/src/e.ts', specifier: '@hub/events', target: 'libs/events/src' },
      { file: 'libs/ledger/src/f.spec.ts', specifier: '@hub/testing', target: 'libs/testing/src' },
      { file: 'libs/ledger/src/g.ts', specifier: '@hub/testing', target: 'libs/testing/src' },
    ];
    expect(libraryViolations(edges)).toEqual([
      'libs/runtime/src/a.ts imports @connectors/registry (connectors/registry.ts): a library never imports connectors/',
      'libs/testing/src/b.ts imports ../../../apps/hub/src (apps/hub/src): a library never imports apps/',
      'libs/config/src/c.ts imports @hub/ledger (libs/ledger/src): libs/ledger (layer 4) is not below libs/config (layer 0)',
      'libs/ledger/src/d.ts imports @hub/delivery (libs/delivery/src): libs/delivery (layer 4) is not below libs/ledger (layer 4)',
      'libs/ledger/src/g.ts imports @hub/testing (libs/testing/src): libs/testing (layer 6) is not below libs/ledger (layer 4)',
    ]);
    expect(connectorViolations([{ file: 'connectors/hr/src/x.ts', specifier: '@apps/gateway', target: 'apps/gateway/src' }])).toEqual([
      'connectors/hr/src/x.ts imports @apps/gateway (apps/gateway/src): a connector never imports apps/',
    ]);
  });

  it('resolves the aliases of tsconfig.json and relative paths against the repository', () => {
    const edges = importsUnder(root, 'apps/hub');
    expect(edges).toContainEqual({ file: 'apps/hub/src/composition.ts', specifier: '@connectors/registry', target: 'connectors/registry.ts' });
    expect(edges).toContainEqual({ file: 'apps/hub/src/bootstrap.ts', specifier: './composition', target: 'apps/hub/src/composition' });
  });
});
