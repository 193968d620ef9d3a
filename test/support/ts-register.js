// Lets a test start the hub's TypeScript entry points as real OS processes without a build:
//   node -r ./test/support/ts-register.js apps/hub/src/main.ts
// Compiles each .ts file with @swc/core (the same settings as jest's transform and .swcrc) and
// resolves the tsconfig "paths" aliases (@hub/*, @apps/*, @connectors/*), declared once there.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const ts = require('typescript');

const root = path.join(__dirname, '..', '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const aliases = new Map(Object.entries(config.compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]));

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const target = aliases.get(request);
  return resolve.call(this, target ?? request, parent, ...rest);
};

const options = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
