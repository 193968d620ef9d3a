#!/usr/bin/env node
// Writes the JSON schemas kubeconform validates the chart against, one file per kind and version
// (`deployment-apps-v1.json`, `service-v1.json`, `servicemonitor-monitoring-v1.json`: kubeconform's
// `{{ .ResourceKind }}{{ .KindSuffix }}.json`), from
//   --swagger FILE   Kubernetes' own OpenAPI v2 document (api/openapi-spec/swagger.json of the
//                    k8s.io/kubernetes module of the pinned version, from the Go module proxy);
//   --crd FILE       CustomResourceDefinitions (YAML), each served version's openAPIV3Schema.
// The schemas are standalone (every $ref written out in place; a type that contains itself, as
// CRDs' JSONSchemaProps does, is left open where it recurs) and strict: an object that lists its
// properties accepts no others (as kubeconform's -strict schemas), unless Kubernetes keeps unknown
// fields there (x-kubernetes-preserve-unknown-fields). What the API server takes that the JSON
// types do not say is allowed as the API server does: an int-or-string as either, a quantity as a
// string or a number.
//   node scripts/k8s-schemas.js --swagger swagger.json [--crd crd.yaml ...] --out DIR
// Plain JavaScript (js-yaml from the dev dependencies) so it runs before anything is built.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = { oneOf: [{ type: 'string' }, { type: 'integer' }] };

function args(argv) {
  const o = { swagger: undefined, crds: [], out: undefined };
  for (let i = 2; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--swagger') o.swagger = value;
    else if (flag === '--crd') o.crds.push(value);
    else if (flag === '--out') o.out = value;
    else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  if (!o.out || (!o.swagger && o.crds.length === 0)) throw new Error('usage: k8s-schemas.js --swagger FILE [--crd FILE ...] --out DIR');
  return o;
}

/** kubeconform's file name of a kind: its kind, the group's first label, the version, lower case. */
function fileName(group, version, kind) {
  return `${[kind, group ? group.split('.')[0] : undefined, version].filter(Boolean).join('-').toLowerCase()}.json`;
}

/** The strict form of one schema node (already free of $refs below it). */
function tighten(node) {
  const out = { ...node };
  delete out.description;
  if (out.format === 'int-or-string' || out['x-kubernetes-int-or-string'] === true) {
    delete out.format;
    delete out.type;
    delete out['x-kubernetes-int-or-string'];
    if (!out.oneOf && !out.anyOf) Object.assign(out, INT_OR_STRING);
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

/** Walks a schema, writing out $refs with `deref` and tightening every node. */
function rewrite(node, deref) {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, deref));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') return deref(node.$ref);
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // Property names and enum values are data, not schemas.
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, rewrite(s, deref)]));
    else if (k === 'enum' || k === 'required' || k === 'default' || k === 'example') out[k] = v;
    else out[k] = rewrite(v, deref);
  }
  return tighten(out);
}

function fromSwagger(file) {
  const { definitions } = JSON.parse(readFileSync(file, 'utf8'));
  const done = new Map();
  const resolving = new Set();
  const resolve = (name) => {
    if (done.has(name)) return done.get(name);
    // A type that contains itself is left open where it recurs.
    if (resolving.has(name)) return {};
    const def = definitions[name];
    if (!def) throw new Error(`${file}: no definition ${name}`);
    resolving.add(name);
    const schema = name === QUANTITY ? { oneOf: [{ type: 'string' }, { type: 'number' }] } : rewrite(def, (ref) => resolve(ref.replace('#/definitions/', '')));
    resolving.delete(name);
    done.set(name, schema);
    return schema;
  };
  const out = [];
  for (const [name, def] of Object.entries(definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const schema = structuredClone(resolve(name));
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      if (schema.properties?.kind) schema.properties.kind = { type: 'string', enum: [gvk.kind] };
      if (schema.properties?.apiVersion) schema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
      out.push({ file: fileName(gvk.group, gvk.version, gvk.kind), schema });
    }
  }
  return out;
}

function fromCrds(file) {
  const out = [];
  for (const doc of yaml.loadAll(readFileSync(file, 'utf8'))) {
    if (!doc || doc.kind !== 'CustomResourceDefinition') continue;
    const { group, names, versions } = doc.spec;
    for (const v of versions) {
      const source = v.schema?.openAPIV3Schema;
      if (!source || v.served === false) continue;
      const schema = rewrite(source, (ref) => {
        throw new Error(`${file}: ${names.kind} ${v.name} has a $ref (${ref}); CRD schemas have none`);
      });
      schema.properties = { ...schema.properties, kind: { type: 'string', enum: [names.kind] }, apiVersion: { type: 'string', enum: [`${group}/${v.name}`] } };
      out.push({ file: fileName(group, v.name, names.kind), schema });
    }
  }
  if (out.length === 0) throw new Error(`${file} holds no CustomResourceDefinition with a schema`);
  return out;
}

function main() {
  const o = args(process.argv);
  const schemas = [...(o.swagger ? fromSwagger(o.swagger) : []), ...o.crds.flatMap(fromCrds)];
  mkdirSync(o.out, { recursive: true });
  for (const { file, schema } of schemas) writeFileSync(join(o.out, file), JSON.stringify(schema));
  console.log(`${schemas.length} schemas in ${o.out}`);
}

try {
  main();
} catch (err) {
  console.error(`k8s-schemas: ${err.message}`);
  process.exit(1);
}
