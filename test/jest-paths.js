// Turns tsconfig "paths" into jest moduleNameMapper entries, so aliases are declared once.
const path = require('path');
const ts = require('typescript');
exports.pathsToModuleNameMapper = () => {
  const file = path.join(__dirname, '..', 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const out = {};
  for (const [alias, [target]] of Object.entries(config.compilerOptions.paths)) {
    out[`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`] = `<rootDir>/${target}`;
  }
  return out;
};
