#!/usr/bin/env node
// Generates TypeScript types for every canonical event type from schemas/ with
// json-schema-to-typescript: one module per type in libs/canonical-types/src/generated/ (shared
// definitions are emitted into each, so they never collide) and an index mapping type → data type.
//   node scripts/schema-types.js          write the file
//   node scripts/schema-types.js --check  exit 1 if the committed file differs (drift)
// Plain JavaScript so it runs before anything is built.
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { compile } = require('json-schema-to-typescript');

const root = join(__dirname, '..');
const schemasDir = join(root, 'schemas');
const outDir = join(root, 'libs', 'canonical-types', 'src', 'generated');


function pascal(type) {
  return type
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

const BANNER = [
  '// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:',
  '// a unit spec fails when the generated types and the schemas drift apart.',
  '/* eslint-disable */',
  '',
].join('\n');

/** file name → content of every generated module. */
async function generate() {
  const files = readdirSync(schemasDir).filter((f) => f.endsWith('.json')).sort();
  const out = {};
  const exports = [];
  const map = [];
  for (const f of files) {
    const schema = JSON.parse(readFileSync(join(schemasDir, f), 'utf8'));
    const type = f.replace(/\.json$/, '');
    const name = `${pascal(type)}Data`;
    // Examples would only bloat the types; the title names the root interface.
    const { examples, ...rest } = schema;
    const ts = await compile({ ...rest, title: name }, name, {
      bannerComment: '',
      cwd: schemasDir,
      additionalProperties: false,
      strictIndexSignatures: true,
      format: true,
      unreachableDefinitions: false,
      // Relative $refs (defs/common.v1.json#...) resolve from schemas/ on disk; never over the network.
      $refOptions: { resolve: { http: false } },
    });
    out[`${type}.ts`] = `${BANNER}\n${ts.trim()}\n`;
    exports.push(`export type { ${name} } from './${type}';`);
    map.push(`  '${type}': import('./${type}').${name};`);
  }
  out['index.ts'] = [
    BANNER,
    ...exports,
    '',
    '/** Canonical event type → the type of its `data`. */',
    'export interface CanonicalEventData {',
    ...map,
    '}',
    '',
    'export type CanonicalEventType = keyof CanonicalEventData;',
    '',
  ].join('\n');
  return out;
}

function current() {
  if (!existsSync(outDir)) return {};
  return Object.fromEntries(readdirSync(outDir).map((f) => [f, readFileSync(join(outDir, f), 'utf8')]));
}

async function main() {
  const wanted = await generate();
  if (process.argv.includes('--check')) {
    const have = current();
    const stale = [...new Set([...Object.keys(wanted), ...Object.keys(have)])].filter((f) => wanted[f] !== have[f]);
    if (stale.length) {
      console.error(`canonical types out of date with schemas/ (${stale.join(', ')}): run npm run schemas:types`);
      process.exit(1);
    }
    console.log('canonical types are up to date');
    return;
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [f, text] of Object.entries(wanted)) writeFileSync(join(outDir, f), text);
  console.log(`wrote ${Object.keys(wanted).length} files to ${outDir}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { generate, current };
