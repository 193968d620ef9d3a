#!/usr/bin/env node
// Generates TypeScript types for every canonical event type from schemas/ with
// json-schema-to-typescript: one module per shared-definitions file (schemas/defs/common.v1.json →
// generated/common.v1.ts), one module per type that imports the shared types it uses, and an index
// mapping type → data type.
//   node scripts/schema-types.js          write the files
//   node scripts/schema-types.js --check  exit 1 if the committed files differ (drift)
// Plain JavaScript so it runs before anything is built.
//
// json-schema-to-typescript compiles one schema at a time and inlines every $ref, so on its own it
// would declare PersonName, Money, Correction… again in every module that uses them (and number the
// copies a $ref with a description next to it makes: Position1, MoneyNonNegative2). It has no option
// to import a type from another module instead (declareExternallyReferenced: false drops every
// non-root declaration, local ones too; upstream issues #258, #550, #652). So before compiling, each
// $ref to a definition is replaced by the library's documented `tsType` escape hatch naming that
// definition's type, keeping the annotations beside the $ref (its description becomes the field's
// comment). A definition's type is declared once: in the module of the file that holds it (a shared
// definition in defs/, compiled as a root of its own; an event schema's own $defs, declared in its
// module through unreachableDefinitions). Validation never reads these types: ajv reads schemas/.
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { basename, dirname, join, relative, resolve } = require('node:path');
const { compile } = require('json-schema-to-typescript');

const root = join(__dirname, '..');
const schemasDir = join(root, 'schemas');
const defsDir = join(schemasDir, 'defs');
const outDir = join(root, 'libs', 'canonical-types', 'src', 'generated');

function pascal(type) {
  return type
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/** A definition whose PascalCase name would shadow a global of the language: its type's name. */
const TYPE_NAMES = { date: 'CalendarDate' };

/** The TypeScript name of the definition `key`. */
function typeName(key) {
  const name = TYPE_NAMES[key] ?? pascal(key);
  if (name in globalThis) throw new Error(`definition ${key}: its type name ${name} shadows a global; add it to TYPE_NAMES`);
  return name;
}

/** Keywords that may stand beside a $ref: they annotate the value, they never change its type. */
const ANNOTATIONS = new Set(['description', 'title', '$comment', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);

const OPTIONS = {
  bannerComment: '',
  additionalProperties: false,
  strictIndexSignatures: true,
  format: true,
  // No $ref is left for the library to follow (see refsByName); never over the network either way.
  $refOptions: { resolve: { http: false } },
};

const BANNER = [
  '// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:',
  '// a unit spec fails when the generated types and the schemas drift apart.',
  '/* eslint-disable */',
  '',
].join('\n');

/** The module (without .ts) the types of a schema file's definitions are declared in. */
function moduleOf(file) {
  return basename(file).replace(/\.json$/, '');
}

/**
 * A copy of `schema` (read from `file`) in which every `{ $ref: '<file>#/$defs/<key>', …annotations }`
 * is `{ tsType: '<Name>', …annotations }`. `imports` collects, per module, the names taken from
 * another file's definitions; a $ref anywhere but to a `$defs` entry of this file or of a file in
 * defs/ stops the generator, so no type is ever inlined behind its back.
 */
function refsByName(schema, file, imports) {
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.map((n, i) => walk(n, `${path}/${i}`));
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const { $ref, ...rest } = node;
      const extra = Object.keys(rest).filter((k) => !ANNOTATIONS.has(k) && !k.startsWith('x-'));
      if (extra.length) throw new Error(`${relative(root, file)}${path}: $ref with ${extra.join(', ')} beside it; the types only express a plain $ref`);
      const [target, pointer = ''] = $ref.split('#');
      const key = /^\/\$defs\/([A-Za-z0-9_-]+)$/.exec(pointer)?.[1];
      const targetFile = target ? resolve(dirname(file), target) : file;
      if (!key || (targetFile !== file && dirname(targetFile) !== defsDir)) {
        throw new Error(`${relative(root, file)}${path}: unsupported $ref ${$ref} (a $defs entry of this file or of schemas/defs/ only)`);
      }
      if (targetFile !== file) {
        const from = moduleOf(targetFile);
        if (!imports.has(from)) imports.set(from, new Set());
        imports.get(from).add(typeName(key));
      }
      return { ...walk(rest, path), tsType: typeName(key) };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, `${path}/${k}`)]));
  };
  return walk(schema, '');
}

function importLines(imports) {
  return [...imports.keys()]
    .sort()
    .map((from) => `import type { ${[...imports.get(from)].sort().join(', ')} } from './${from}';`);
}

function moduleText(imports, body) {
  const head = importLines(imports);
  return `${BANNER}\n${head.length ? `${head.join('\n')}\n\n` : ''}${body.trim()}\n`;
}

/** One module of a shared-definitions file: each definition compiled as a root of its own. */
async function definitionsModule(file, declared) {
  const { $defs = {} } = JSON.parse(readFileSync(file, 'utf8'));
  const imports = new Map();
  const parts = [];
  for (const key of Object.keys($defs)) {
    const name = typeName(key);
    const owner = declared.get(name);
    if (owner) throw new Error(`${name} is declared by both ${owner} and ${relative(root, file)}; give one of them another name`);
    declared.set(name, relative(root, file));
    const def = refsByName($defs[key], file, imports);
    // A definition that is only a $ref (effectiveFrom → date) is an alias: compile it as one.
    parts.push(await compile({ ...def, title: name }, name, OPTIONS));
  }
  imports.delete(moduleOf(file));
  return moduleText(imports, parts.map((p) => p.trim()).join('\n'));
}

/**
 * A copy of `schema` in which the object an array property holds (`lines: { items: { type: 'object', … } }`)
 * has a title, `LinesItem`, so the library declares it once under that name. Untitled, it is spelt
 * out wherever the array's type names it, and an array with minItems n is a tuple that names it
 * n + 1 times ([T, T, ...T[]]). `names` holds the names the module declares already.
 */
function itemsByName(schema, names) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    for (const [prop, sub] of Object.entries(out.properties ?? {})) {
      const items = sub && typeof sub === 'object' ? sub.items : undefined;
      if (!items || typeof items !== 'object' || Array.isArray(items) || items.tsType || items.title) continue;
      if (!(items.type === 'object' || items.properties)) continue;
      const itemName = `${typeName(prop)}Item`;
      if (names.has(itemName)) throw new Error(`${itemName} would name two types; give the items of one of the arrays a $defs entry`);
      names.add(itemName);
      out.properties[prop] = { ...sub, items: { ...items, title: itemName } };
    }
    return out;
  };
  return walk(schema);
}

/** One module of an event schema: its data type and its own $defs, importing the shared types. */
async function eventModule(file, name) {
  // Examples would only bloat the types; the title names the root interface.
  const { examples, $defs, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
  const imports = new Map();
  const own = new Set([name, ...Object.keys($defs ?? {}).map(typeName)]);
  const local = Object.fromEntries(
    Object.entries($defs ?? {}).map(([key, def]) => [key, { ...itemsByName(refsByName(def, file, imports), own), title: typeName(key) }]),
  );
  const data = itemsByName(refsByName(rest, file, imports), own);
  for (const names of imports.values()) {
    for (const n of own) if (names.has(n)) throw new Error(`${relative(root, file)}: its own ${n} and a shared definition have one name`);
  }
  const schema = { ...data, title: name, ...($defs ? { $defs: local } : {}) };
  // The $refs to this file's own $defs are names now, so the definitions are "unreachable":
  // declaring them is what unreachableDefinitions is for (each once, after the data type).
  const ts = await compile(schema, name, { ...OPTIONS, unreachableDefinitions: true });
  return moduleText(imports, ts);
}

/** file name → content of every generated module. */
async function generate() {
  const out = {};
  const declared = new Map();
  const defs = existsSync(defsDir) ? readdirSync(defsDir).filter((f) => f.endsWith('.json')).sort() : [];
  const shared = [];
  for (const f of defs) {
    out[`${moduleOf(f)}.ts`] = await definitionsModule(join(defsDir, f), declared);
    shared.push(`export type * from './${moduleOf(f)}';`);
  }
  const files = readdirSync(schemasDir).filter((f) => f.endsWith('.json')).sort();
  const exports = [];
  const map = [];
  for (const f of files) {
    const type = f.replace(/\.json$/, '');
    const name = `${pascal(type)}Data`;
    out[`${type}.ts`] = await eventModule(join(schemasDir, f), name);
    exports.push(`export type { ${name} } from './${type}';`);
    map.push(`  '${type}': import('./${type}').${name};`);
  }
  out['index.ts'] = [
    BANNER,
    '/** The shared definitions (schemas/defs/), each declared once. */',
    ...shared,
    '',
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
