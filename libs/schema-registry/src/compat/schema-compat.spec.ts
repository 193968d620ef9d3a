import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { compareSchemas, COMPAT_RULES, CompatRule, createResolver, Incompatibility, JsonSchema } from '.';

const ID = 'https://erp-hub.example/schemas/test.thing.happened.v1.json';
const DEFS_ID = 'https://erp-hub.example/schemas/defs/common.v1.json';
type Obj = Record<string, unknown>;

/** A closed event object with the given properties (all optional unless listed in `required`). */
const closed = (properties: Obj, required: string[] = [], extra: Obj = {}): Obj => ({
  $id: ID,
  type: 'object',
  additionalProperties: false,
  required,
  properties,
  ...extra,
});
/** The same, open (no additionalProperties). */
const open = (properties: Obj, required: string[] = [], extra: Obj = {}): Obj => ({ $id: ID, type: 'object', required, properties, ...extra });
/** An object with one field `x` with the given schema. */
const fieldX = (schema: JsonSchema, required = true): Obj => closed({ x: schema }, required ? ['x'] : []);
const defs = (d: Obj): Obj => ({ $id: DEFS_ID, $defs: d });
const ref = (name: string) => ({ $ref: `defs/common.v1.json#/$defs/${name}` });

interface Case {
  name: string;
  old: JsonSchema;
  new: JsonSchema;
  oldDefs?: Obj;
  newDefs?: Obj;
  /** Expected [rule, path] pairs, exactly (fail cases only). */
  expect?: Array<[CompatRule, string]>;
  /** An instance the old schema accepts and the new one rejects, checked with Ajv. */
  witness?: unknown;
  /** Text the message must contain (beyond the path). */
  mentions?: string;
}

const employment = (props: Obj, required: string[]) => closed({ employment: { type: 'object', additionalProperties: false, required, properties: props } }, ['employment']);

const FAIL: Case[] = [
  // required fields
  {
    name: 'required field removed (closed object)',
    old: closed({ a: { type: 'string' }, b: { type: 'string' } }, ['a', 'b']),
    new: closed({ a: { type: 'string' } }, ['a']),
    expect: [['required-removed', '/b']],
    witness: { a: 'x', b: 'y' },
  },
  {
    name: 'required field removed from a nested object',
    old: employment({ grade: { type: 'string' }, costCentre: { type: 'string' } }, ['grade', 'costCentre']),
    new: employment({ grade: { type: 'string' } }, ['grade']),
    expect: [['required-removed', '/employment/costCentre']],
    witness: { employment: { grade: 'PC-1', costCentre: 'FEN4410' } },
  },
  {
    name: 'required field renamed: reported as removed plus added',
    old: employment({ costCentre: { type: 'string' } }, ['costCentre']),
    new: employment({ costCenter: { type: 'string' } }, ['costCenter']),
    expect: [['required-added', '/employment/costCenter'], ['required-removed', '/employment/costCentre']],
    witness: { employment: { costCentre: 'FEN4410' } },
  },
  {
    name: 'required field removed from an open object',
    old: open({ a: { type: 'string' }, b: { type: 'string' } }, ['a', 'b']),
    new: open({ a: { type: 'string' } }, ['a']),
    expect: [['required-removed', '/b']],
    mentions: 'consumers',
  },
  {
    name: 'optional field removed while the object is closed',
    old: closed({ a: { type: 'string' }, c: { type: 'string' } }, ['a']),
    new: closed({ a: { type: 'string' } }, ['a']),
    expect: [['property-removed', '/c']],
    witness: { a: 'x', c: 'y' },
  },
  {
    name: 'optional field became required',
    old: closed({ a: { type: 'string' }, c: { type: 'string' } }, ['a']),
    new: closed({ a: { type: 'string' }, c: { type: 'string' } }, ['a', 'c']),
    expect: [['required-added', '/c']],
    witness: { a: 'x' },
  },
  {
    name: 'new required field with a default',
    old: closed({ a: { type: 'string' } }, ['a']),
    new: closed({ a: { type: 'string' }, channel: { enum: ['web', 'post'], default: 'web' } }, ['a', 'channel']),
    expect: [['required-added', '/channel']],
    witness: { a: 'x' },
    mentions: 'default',
  },
  // types
  {
    name: 'type removed from a union',
    old: fieldX({ type: ['string', 'null'] }),
    new: fieldX({ type: 'string' }),
    expect: [['type-narrowed', '/x']],
    witness: { x: null },
  },
  {
    name: 'number narrowed to integer',
    old: fieldX({ type: 'number' }),
    new: fieldX({ type: 'integer' }),
    expect: [['type-narrowed', '/x']],
    witness: { x: 0.5 },
    mentions: 'integer',
  },
  {
    name: 'any type narrowed to a specific one',
    old: fieldX({ description: 'anything' }),
    new: fieldX({ type: 'string' }),
    expect: [['type-narrowed', '/x']],
    witness: { x: 42 },
    mentions: 'any type',
  },
  {
    name: "a property's schema replaced by an incompatible one",
    old: fieldX({ type: 'string', maxLength: 20 }),
    new: fieldX({ type: 'object', properties: { code: { type: 'string' } } }),
    expect: [['type-narrowed', '/x']],
    witness: { x: 'FEN' },
  },
  // enum / const
  {
    name: 'enum value removed',
    old: fieldX({ enum: ['officer', 'staff', 'special-constable'] }),
    new: fieldX({ enum: ['officer', 'staff'] }),
    expect: [['enum-narrowed', '/x']],
    witness: { x: 'special-constable' },
    mentions: '"special-constable"',
  },
  {
    name: 'enum added on a free string',
    old: fieldX({ type: 'string' }),
    new: fieldX({ type: 'string', enum: ['a', 'b'] }),
    expect: [['enum-narrowed', '/x']],
    witness: { x: 'c' },
  },
  {
    name: 'const changed',
    old: fieldX({ const: 'GBP' }),
    new: fieldX({ const: 'EUR' }),
    expect: [['const-changed', '/x']],
    witness: { x: 'GBP' },
  },
  {
    name: 'const added',
    old: fieldX({ type: 'string' }),
    new: fieldX({ type: 'string', const: 'GBP' }),
    expect: [['const-added', '/x']],
    witness: { x: 'EUR' },
  },
  {
    name: 'enum narrowed to a const',
    old: fieldX({ enum: ['GBP', 'EUR'] }),
    new: fieldX({ const: 'GBP' }),
    expect: [['enum-narrowed', '/x']],
    witness: { x: 'EUR' },
  },
  // content model
  {
    name: 'additionalProperties absent -> false',
    old: open({ a: { type: 'string' } }),
    new: closed({ a: { type: 'string' } }),
    expect: [['additional-properties-closed', '']],
    witness: { a: 'x', extra: 1 },
  },
  {
    name: 'additionalProperties true -> schema',
    old: open({ a: { type: 'string' } }, [], { additionalProperties: true }),
    new: open({ a: { type: 'string' } }, [], { additionalProperties: { type: 'string' } }),
    expect: [['additional-properties-closed', '']],
    witness: { a: 'x', extra: 1 },
  },
  {
    name: 'nested object closed',
    old: open({ meta: { type: 'object', properties: { k: { type: 'string' } } } }),
    new: open({ meta: { type: 'object', properties: { k: { type: 'string' } }, additionalProperties: false } }),
    expect: [['additional-properties-closed', '/meta']],
    witness: { meta: { k: 'v', other: 1 } },
  },
  {
    name: 'unevaluatedProperties absent -> false',
    old: open({ a: { type: 'string' } }),
    new: open({ a: { type: 'string' } }, [], { unevaluatedProperties: false }),
    expect: [['unevaluated-properties-closed', '']],
    witness: { a: 'x', extra: 1 },
  },
  {
    name: 'additionalProperties schema narrowed (map values)',
    old: open({}, [], { additionalProperties: { type: 'string' } }),
    new: open({}, [], { additionalProperties: { type: 'string', maxLength: 3 } }),
    expect: [['max-length-lowered', '/*']],
    witness: { any: 'abcd' },
  },
  // numeric constraints
  {
    name: 'minimum raised',
    old: fieldX({ type: 'integer', minimum: 0 }),
    new: fieldX({ type: 'integer', minimum: 1 }),
    expect: [['minimum-raised', '/x']],
    witness: { x: 0 },
  },
  {
    name: 'minimum added',
    old: fieldX({ type: 'number' }),
    new: fieldX({ type: 'number', minimum: 0 }),
    expect: [['minimum-raised', '/x']],
    witness: { x: -1 },
  },
  {
    name: 'minimum -> exclusiveMinimum at the same value',
    old: fieldX({ type: 'number', minimum: 0 }),
    new: fieldX({ type: 'number', exclusiveMinimum: 0 }),
    expect: [['minimum-raised', '/x']],
    witness: { x: 0 },
  },
  {
    name: 'exclusiveMinimum raised',
    old: fieldX({ type: 'number', exclusiveMinimum: 0 }),
    new: fieldX({ type: 'number', exclusiveMinimum: 0.5 }),
    expect: [['minimum-raised', '/x']],
    witness: { x: 0.25 },
  },
  {
    name: 'maximum lowered',
    old: fieldX({ type: 'number', maximum: 1 }),
    new: fieldX({ type: 'number', maximum: 0.5 }),
    expect: [['maximum-lowered', '/x']],
    witness: { x: 1 },
  },
  {
    name: 'exclusiveMaximum lowered',
    old: fieldX({ type: 'number', exclusiveMaximum: 100 }),
    new: fieldX({ type: 'number', exclusiveMaximum: 50 }),
    expect: [['maximum-lowered', '/x']],
    witness: { x: 60 },
  },
  {
    name: 'multipleOf changed to a value the old one is not a multiple of',
    old: fieldX({ type: 'number', multipleOf: 0.25 }),
    new: fieldX({ type: 'number', multipleOf: 0.5 }),
    expect: [['multiple-of-changed', '/x']],
    witness: { x: 0.25 },
  },
  {
    name: 'multipleOf added',
    old: fieldX({ type: 'number' }),
    new: fieldX({ type: 'number', multipleOf: 0.5 }),
    expect: [['multiple-of-changed', '/x']],
    witness: { x: 0.3 },
  },
  // string constraints
  {
    name: 'minLength raised',
    old: fieldX({ type: 'string', minLength: 1 }),
    new: fieldX({ type: 'string', minLength: 2 }),
    expect: [['min-length-raised', '/x']],
    witness: { x: 'a' },
  },
  {
    name: 'maxLength lowered',
    old: fieldX({ type: 'string', maxLength: 120 }),
    new: fieldX({ type: 'string', maxLength: 80 }),
    expect: [['max-length-lowered', '/x']],
    witness: { x: 'a'.repeat(100) },
  },
  {
    name: 'pattern added',
    old: fieldX({ type: 'string' }),
    new: fieldX({ type: 'string', pattern: '^[A-Z]+$' }),
    expect: [['pattern-added', '/x']],
    witness: { x: 'abc' },
    mentions: 'breaking',
  },
  {
    name: 'pattern changed (even a widening cannot be proven)',
    old: fieldX({ type: 'string', pattern: '^[A-Z]{3}$' }),
    new: fieldX({ type: 'string', pattern: '^[A-Z]{2,4}$' }),
    expect: [['pattern-changed', '/x']],
    mentions: 'breaking',
  },
  {
    name: 'format added',
    old: fieldX({ type: 'string' }),
    new: fieldX({ type: 'string', format: 'date' }),
    expect: [['format-added', '/x']],
    witness: { x: '01/12/2026' },
  },
  {
    name: 'format changed',
    old: fieldX({ type: 'string', format: 'date' }),
    new: fieldX({ type: 'string', format: 'date-time' }),
    expect: [['format-changed', '/x']],
    witness: { x: '2026-12-01' },
  },
  {
    name: 'pattern added to an enum that an old value does not match',
    old: fieldX({ enum: ['AB', 'cd'] }),
    new: fieldX({ enum: ['AB', 'cd'], pattern: '^[A-Z]{2}$' }),
    expect: [['pattern-added', '/x']],
    witness: { x: 'cd' },
    mentions: '"cd"',
  },
  // arrays
  {
    name: 'minItems raised',
    old: fieldX({ type: 'array', minItems: 1 }),
    new: fieldX({ type: 'array', minItems: 2 }),
    expect: [['min-items-raised', '/x']],
    witness: { x: [1] },
  },
  {
    name: 'maxItems lowered',
    old: fieldX({ type: 'array', maxItems: 4 }),
    new: fieldX({ type: 'array', maxItems: 3 }),
    expect: [['max-items-lowered', '/x']],
    witness: { x: [1, 2, 3, 4] },
  },
  {
    name: 'uniqueItems added',
    old: fieldX({ type: 'array', items: { type: 'string' } }),
    new: fieldX({ type: 'array', items: { type: 'string' }, uniqueItems: true }),
    expect: [['unique-items-added', '/x']],
    witness: { x: ['a', 'a'] },
  },
  {
    name: 'items narrowed (recursive)',
    old: fieldX({ type: 'array', items: { type: 'string', maxLength: 100 } }),
    new: fieldX({ type: 'array', items: { type: 'string', maxLength: 60 } }),
    expect: [['max-length-lowered', '/x/*']],
    witness: { x: ['a'.repeat(80)] },
  },
  {
    name: 'items of objects narrowed (recursive, nested field)',
    old: fieldX({ type: 'array', items: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } }),
    new: fieldX({ type: 'array', items: { type: 'object', required: ['code', 'amount'], properties: { code: { type: 'string' }, amount: { type: 'integer' } } } }),
    expect: [['required-added', '/x/*/amount']],
    witness: { x: [{ code: 'A' }] },
  },
  {
    name: 'items given a schema where any item was accepted',
    old: fieldX({ type: 'array' }),
    new: fieldX({ type: 'array', items: { type: 'string' } }),
    expect: [['type-narrowed', '/x/*']],
    witness: { x: [1] },
  },
  {
    name: 'tuple closed (items: false)',
    old: fieldX({ type: 'array', prefixItems: [{ type: 'string' }] }),
    new: fieldX({ type: 'array', prefixItems: [{ type: 'string' }], items: false }),
    expect: [['items-narrowed', '/x/*']],
    witness: { x: ['a', 'b'] },
  },
  {
    name: 'tuple item narrowed',
    old: fieldX({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] }),
    new: fieldX({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] }),
    expect: [['type-narrowed', '/x/1']],
    witness: { x: ['a', 1.5] },
  },
  // object-level constraints
  {
    name: 'minProperties raised',
    old: open({}, [], { minProperties: 1 }),
    new: open({}, [], { minProperties: 2 }),
    expect: [['min-properties-raised', '']],
    witness: { a: 1 },
  },
  {
    name: 'maxProperties lowered',
    old: fieldX({ type: 'object', maxProperties: 5 }),
    new: fieldX({ type: 'object', maxProperties: 2 }),
    expect: [['max-properties-lowered', '/x']],
    witness: { x: { a: 1, b: 2, c: 3 } },
  },
  {
    name: 'dependentRequired added',
    old: open({ iban: { type: 'string' }, bic: { type: 'string' } }),
    new: open({ iban: { type: 'string' }, bic: { type: 'string' } }, [], { dependentRequired: { iban: ['bic'] } }),
    expect: [['dependent-required-added', '/iban']],
    witness: { iban: 'GB00' },
  },
  {
    name: 'propertyNames added',
    old: fieldX({ type: 'object', additionalProperties: { type: 'integer' } }),
    new: fieldX({ type: 'object', additionalProperties: { type: 'integer' }, propertyNames: { pattern: '^[a-z]+$' } }),
    expect: [['property-names-narrowed', '/x']],
    witness: { x: { ABC: 1 } },
  },
  // anyOf / oneOf
  {
    name: 'anyOf alternative removed',
    old: fieldX({ anyOf: [{ type: 'string' }, { type: 'integer' }] }),
    new: fieldX({ anyOf: [{ type: 'string' }] }),
    expect: [['alternative-removed', '/x']],
    witness: { x: 1 },
  },
  {
    name: 'oneOf alternative (discriminated) removed',
    old: fieldX({
      oneOf: [
        { type: 'object', required: ['method', 'iban'], properties: { method: { const: 'bank' }, iban: { type: 'string' } } },
        { type: 'object', required: ['method'], properties: { method: { const: 'cheque' } } },
      ],
    }),
    new: fieldX({ oneOf: [{ type: 'object', required: ['method', 'iban'], properties: { method: { const: 'bank' }, iban: { type: 'string' } } }] }),
    expect: [['alternative-removed', '/x']],
    witness: { x: { method: 'cheque' } },
  },
  {
    name: 'oneOf alternative changed incompatibly (paired by title)',
    old: fieldX({
      oneOf: [
        { title: 'bank', type: 'object', required: ['iban'], properties: { iban: { type: 'string' } } },
        { title: 'cheque', type: 'object', required: ['payee'], properties: { payee: { type: 'string', maxLength: 60 } } },
      ],
    }),
    new: fieldX({
      oneOf: [
        { title: 'cheque', type: 'object', required: ['payee'], properties: { payee: { type: 'string', maxLength: 40 } } },
        { title: 'bank', type: 'object', required: ['iban'], properties: { iban: { type: 'string' } } },
      ],
    }),
    expect: [['max-length-lowered', '/x/payee']],
    witness: { x: { payee: 'a'.repeat(50) } },
  },
  {
    name: 'oneOf alternative added that old values also match',
    old: fieldX({ oneOf: [{ type: 'string' }, { type: 'integer' }] }),
    new: fieldX({ oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'string', maxLength: 3 }] }),
    expect: [['one-of-overlap', '/x']],
    witness: { x: 'ab' },
  },
  {
    name: 'anyOf introduced that the old value does not fit',
    old: fieldX({ type: 'string' }),
    new: fieldX({ anyOf: [{ type: 'string', maxLength: 10 }, { type: 'null' }] }),
    expect: [['max-length-lowered', '/x']],
    witness: { x: 'a'.repeat(11) },
  },
  {
    name: 'allOf member added with a constraint',
    old: fieldX({ type: 'string' }),
    new: fieldX({ allOf: [{ type: 'string' }, { minLength: 3 }] }),
    expect: [['min-length-raised', '/x']],
    witness: { x: 'ab' },
  },
  {
    name: 'anyOf with overlapping alternatives turned into oneOf',
    old: fieldX({ anyOf: [{ type: 'string' }, { type: 'string', maxLength: 3 }] }),
    new: fieldX({ oneOf: [{ type: 'string' }, { type: 'string', maxLength: 3 }] }),
    expect: [['one-of-overlap', '/x']],
    witness: { x: 'ab' },
  },
  {
    name: 'type union narrowed inside a nullable anyOf',
    old: fieldX({ anyOf: [{ type: 'string' }, { type: 'null' }] }),
    new: fieldX({ anyOf: [{ type: 'string' }] }),
    expect: [['alternative-removed', '/x']],
    witness: { x: null },
  },
  // $ref
  {
    name: 'shared def tightened: detected through the $ref',
    old: employment({ costCentre: ref('costCentre') }, ['costCentre']),
    new: employment({ costCentre: ref('costCentre') }, ['costCentre']),
    oldDefs: defs({ costCentre: { type: 'string', pattern: '^[A-Z0-9]{2,12}$' } }),
    newDefs: defs({ costCentre: { type: 'string', pattern: '^[A-Z0-9]{2,8}$' } }),
    expect: [['pattern-changed', '/employment/costCentre']],
    witness: { employment: { costCentre: 'FEN441000' } },
  },
  {
    name: 'shared object def gains a required field: path runs through the $ref',
    old: closed({ name: ref('personName') }, ['name']),
    new: closed({ name: ref('personName') }, ['name']),
    oldDefs: defs({ personName: { type: 'object', required: ['surname'], properties: { surname: { type: 'string' }, forename: { type: 'string' } } } }),
    newDefs: defs({ personName: { type: 'object', required: ['surname', 'forename'], properties: { surname: { type: 'string' }, forename: { type: 'string' } } } }),
    expect: [['required-added', '/name/forename']],
    witness: { name: { surname: 'Okafor' } },
  },
  {
    name: 'def referencing another def (nested $ref inside the defs file) tightened',
    old: fieldX(ref('money')),
    new: fieldX(ref('money')),
    oldDefs: defs({ money: { type: 'object', properties: { currency: { $ref: '#/$defs/currency' } } }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } }),
    newDefs: defs({ money: { type: 'object', properties: { currency: { $ref: '#/$defs/currency' } } }, currency: { enum: ['GBP'] } }),
    expect: [['enum-narrowed', '/x/currency']],
    witness: { x: { currency: 'EUR' } },
  },
  {
    name: '$ref replaced by an inline schema with another format',
    old: fieldX(ref('date')),
    new: fieldX({ type: 'string', format: 'date-time' }),
    oldDefs: defs({ date: { type: 'string', format: 'date' } }),
    newDefs: defs({ date: { type: 'string', format: 'date' } }),
    expect: [['format-changed', '/x']],
    witness: { x: '2026-12-01' },
  },
  {
    name: 'recursive schema (cycle through $ref) narrowed deep down',
    old: { $id: ID, $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } }, $ref: '#/$defs/node' },
    new: { $id: ID, $defs: { node: { type: 'object', properties: { name: { type: 'string', maxLength: 5 }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } }, $ref: '#/$defs/node' },
    expect: [['max-length-lowered', '/name']],
    witness: { name: 'abcdefg' },
  },
  {
    name: 'new $ref that cannot be resolved',
    old: fieldX({ type: 'string' }),
    new: fieldX(ref('missing')),
    newDefs: defs({}),
    expect: [['ref-unresolved', '/x']],
  },
  // catch-alls
  {
    name: 'keyword the gate does not model (not) added',
    old: fieldX({ type: 'string' }),
    new: fieldX({ type: 'string', not: { const: 'n/a' } }),
    expect: [['unsupported-change', '/x']],
    witness: { x: 'n/a' },
  },
  {
    name: 'field schema became false',
    old: closed({ a: { type: 'string' }, b: { type: 'string' } }),
    new: closed({ a: { type: 'string' }, b: false }),
    expect: [['property-removed', '/b']],
    witness: { b: 'x' },
  },
  {
    name: 'whole schema became false',
    old: true,
    new: false,
    expect: [['value-rejected', '']],
    witness: 1,
  },
];

const PASS: Case[] = [
  { name: 'identical', old: fieldX({ type: 'string', pattern: '^[A-Z]$' }), new: fieldX({ type: 'string', pattern: '^[A-Z]$' }) },
  { name: 'optional field added to a closed object', old: closed({ a: { type: 'string' } }, ['a']), new: closed({ a: { type: 'string' }, b: { type: 'integer' } }, ['a']) },
  { name: 'optional field added to an open object', old: open({ a: { type: 'string' } }, ['a']), new: open({ a: { type: 'string' }, b: { type: 'integer' } }, ['a']) },
  { name: 'enum widened', old: fieldX({ enum: ['a', 'b'] }), new: fieldX({ enum: ['a', 'b', 'c'] }) },
  { name: 'enum reordered', old: fieldX({ enum: ['a', 'b', 'c'] }), new: fieldX({ enum: ['c', 'a', 'b'] }) },
  { name: 'const widened to an enum', old: fieldX({ const: 'GBP' }), new: fieldX({ enum: ['GBP', 'EUR'] }) },
  { name: 'type declared next to an enum of strings', old: fieldX({ enum: ['a', 'b'] }), new: fieldX({ type: 'string', enum: ['a', 'b'] }) },
  { name: 'pattern added that every enum value matches', old: fieldX({ enum: ['AB', 'CD'] }), new: fieldX({ enum: ['AB', 'CD'], pattern: '^[A-Z]{2}$' }) },
  { name: 'type widened to a union', old: fieldX({ type: 'string' }), new: fieldX({ type: ['string', 'null'] }) },
  { name: 'integer widened to number', old: fieldX({ type: 'integer' }), new: fieldX({ type: 'number' }) },
  {
    name: 'numeric constraints relaxed',
    old: fieldX({ type: 'number', minimum: 1, maximum: 10, multipleOf: 10 }),
    new: fieldX({ type: 'number', minimum: 0, exclusiveMaximum: 11, multipleOf: 5 }),
  },
  { name: 'exclusiveMinimum 0 -> minimum 1 on integers', old: fieldX({ type: 'integer', exclusiveMinimum: 0 }), new: fieldX({ type: 'integer', minimum: 1 }) },
  { name: 'exclusiveMinimum -> minimum at the same value', old: fieldX({ type: 'number', exclusiveMinimum: 0 }), new: fieldX({ type: 'number', minimum: 0 }) },
  { name: 'string constraints relaxed', old: fieldX({ type: 'string', minLength: 2, maxLength: 10 }), new: fieldX({ type: 'string', minLength: 1, maxLength: 20 }) },
  { name: 'array constraints relaxed', old: fieldX({ type: 'array', minItems: 2, maxItems: 3, uniqueItems: true }), new: fieldX({ type: 'array', minItems: 1 }) },
  { name: 'object constraints relaxed', old: fieldX({ type: 'object', minProperties: 2, maxProperties: 3 }), new: fieldX({ type: 'object', maxProperties: 4 }) },
  {
    name: 'constraints removed (pattern, format, multipleOf, closed content model)',
    old: closed({ a: { type: 'string', pattern: '^[A-Z]+$', format: 'email' }, n: { type: 'number', multipleOf: 0.5 } }),
    new: open({ a: { type: 'string' }, n: { type: 'number' } }),
  },
  { name: 'additionalProperties false -> schema', old: open({ a: { type: 'string' } }, [], { additionalProperties: false }), new: open({ a: { type: 'string' } }, [], { additionalProperties: { type: 'string' } }) },
  { name: 'additionalProperties false -> unevaluatedProperties false', old: closed({ a: { type: 'string' } }), new: open({ a: { type: 'string' } }, [], { unevaluatedProperties: false }) },
  { name: 'required field made optional', old: closed({ a: { type: 'string' }, b: { type: 'string' } }, ['a', 'b']), new: closed({ a: { type: 'string' }, b: { type: 'string' } }, ['a']) },
  {
    name: 'annotations added and changed',
    old: closed({ a: { type: 'string', description: 'old' } }, ['a'], { title: 't', 'x-producer': 'hr' }),
    new: closed(
      { a: { type: 'string', description: 'new', title: 'A', examples: ['x'], 'x-pii': 'personal', default: 'x', deprecated: true, $comment: 'c' } },
      ['a'],
      { title: 't2', description: 'd', 'x-producer': 'payroll', 'x-consumers': ['finance'], examples: [{ a: 'x' }] },
    ),
  },
  {
    name: 'properties and required reordered, $defs added',
    old: closed({ a: { type: 'string' }, b: { type: 'integer' } }, ['a', 'b']),
    new: closed({ b: { type: 'integer' }, a: { type: 'string' } }, ['b', 'a'], { $defs: { unused: { type: 'string' } } }),
  },
  {
    name: 'inline schema moved into a shared def',
    old: fieldX({ type: 'string', pattern: '^[A-Z0-9]{2,12}$', description: 'Cost centre.' }),
    new: fieldX(ref('costCentre')),
    newDefs: defs({ costCentre: { type: 'string', pattern: '^[A-Z0-9]{2,12}$' } }),
  },
  {
    name: 'shared def relaxed: seen through the $ref',
    old: fieldX(ref('name')),
    new: fieldX(ref('name')),
    oldDefs: defs({ name: { type: 'string', maxLength: 100 } }),
    newDefs: defs({ name: { type: 'string', maxLength: 200 } }),
  },
  { name: 'anyOf alternative added', old: fieldX({ anyOf: [{ type: 'string' }] }), new: fieldX({ anyOf: [{ type: 'string' }, { type: 'integer' }] }) },
  { name: 'oneOf alternative added, disjoint by type', old: fieldX({ oneOf: [{ type: 'string' }, { type: 'integer' }] }), new: fieldX({ oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] }) },
  {
    name: 'oneOf alternative added, disjoint by a discriminator',
    old: fieldX({ oneOf: [{ type: 'object', required: ['method'], properties: { method: { const: 'bank' } } }] }),
    new: fieldX({
      oneOf: [
        { type: 'object', required: ['method'], properties: { method: { const: 'bank' } } },
        { type: 'object', required: ['method', 'payee'], properties: { method: { const: 'cheque' }, payee: { type: 'string' } } },
      ],
    }),
  },
  { name: 'oneOf alternatives reordered', old: fieldX({ oneOf: [{ type: 'string' }, { type: 'integer' }] }), new: fieldX({ oneOf: [{ type: 'integer' }, { type: 'string' }] }) },
  { name: 'type union rewritten as anyOf', old: fieldX({ type: ['string', 'null'] }), new: fieldX({ anyOf: [{ type: 'string' }, { type: 'null' }] }) },
  { name: 'anyOf rewritten as a type union', old: fieldX({ anyOf: [{ type: 'string' }, { type: 'null' }] }), new: fieldX({ type: ['string', 'null'] }) },
  { name: 'tuple opened and extended', old: fieldX({ type: 'array', prefixItems: [{ type: 'string' }], items: false }), new: fieldX({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] }) },
  {
    name: 'recursive schema unchanged (cycle guard terminates)',
    old: { $id: ID, $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } }, $ref: '#/$defs/node' },
    new: { $id: ID, $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } }, $ref: '#/$defs/node' },
  },
  { name: 'a field the old closed object forbade may now have any schema', old: closed({ a: { type: 'string' } }), new: closed({ a: { type: 'string' }, b: { type: 'string', minLength: 5 } }) },
  { name: 'integer minimum 1 -> number exclusiveMinimum 0', old: fieldX({ type: 'integer', minimum: 1 }), new: fieldX({ type: 'number', exclusiveMinimum: 0 }) },
  { name: 'enum of numbers -> bounded integer', old: fieldX({ enum: [1, 2] }), new: fieldX({ type: 'integer', minimum: 1, maximum: 2 }) },
  { name: 'boolean -> enum [true, false]', old: fieldX({ type: 'boolean' }), new: fieldX({ enum: [false, true] }) },
  {
    name: 'nullable $ref through oneOf, unchanged',
    old: fieldX({ oneOf: [ref('date'), { type: 'null' }] }),
    new: fieldX({ oneOf: [ref('date'), { type: 'null' }] }),
    oldDefs: defs({ date: { type: 'string', format: 'date' } }),
    newDefs: defs({ date: { type: 'string', format: 'date' } }),
  },
  {
    name: 'discriminated oneOf with unevaluatedProperties: optional field added to one alternative',
    old: open({ kind: { enum: ['a', 'b'] } }, ['kind'], {
      unevaluatedProperties: false,
      oneOf: [
        { properties: { kind: { const: 'a' }, x: { type: 'string' } } },
        { properties: { kind: { const: 'b' }, y: { type: 'string' } } },
      ],
    }),
    new: open({ kind: { enum: ['a', 'b'] } }, ['kind'], {
      unevaluatedProperties: false,
      oneOf: [
        { properties: { kind: { const: 'a' }, x: { type: 'string' }, z: { type: 'integer' } } },
        { properties: { kind: { const: 'b' }, y: { type: 'string' } } },
      ],
    }),
  },
  {
    name: 'closed object split into allOf + unevaluatedProperties',
    old: closed({ a: { type: 'string' }, b: { type: 'integer' } }, ['a']),
    new: open({ b: { type: 'integer' } }, ['a'], { allOf: [{ properties: { a: { type: 'string' } } }], unevaluatedProperties: false }),
  },
  {
    name: 'keywords the gate does not model, unchanged',
    old: open({ a: { type: 'string' }, b: { type: 'string' } }, [], { if: { required: ['a'] }, then: { required: ['b'] }, not: { required: ['z'] } }),
    new: open({ a: { type: 'string' }, b: { type: 'string' } }, [], { if: { required: ['a'] }, then: { required: ['b'] }, not: { required: ['z'] } }),
  },
  { name: 'description added next to a $ref', old: fieldX(ref('date')), new: fieldX({ ...ref('date'), description: 'Day the change takes effect.' }), oldDefs: defs({ date: { type: 'string' } }), newDefs: defs({ date: { type: 'string' } }) },
  { name: 'old schema false: nothing to keep valid', old: fieldX(false, false), new: fieldX({ type: 'string' }, false) },
];

function problemsOf(c: Case): Incompatibility[] {
  const oldDocs = [c.old, ...(c.oldDefs ? [c.oldDefs] : [])];
  const newDocs = [c.new, ...(c.newDefs ? [c.newDefs] : [])];
  return compareSchemas(c.old, c.new, { old: createResolver(oldDocs), new: createResolver(newDocs) });
}

function ajvFor(schema: JsonSchema, defsDoc?: Obj) {
  const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
  addFormats(ajv);
  if (defsDoc) ajv.addSchema(defsDoc);
  return ajv.compile(schema);
}

describe('compareSchemas: changes that must fail', () => {
  it.each(FAIL.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const problems = problemsOf(c);
    expect(problems.map((p) => [p.rule, p.path]).sort()).toEqual([...c.expect!].sort());
    for (const p of problems) {
      expect(Object.keys(COMPAT_RULES)).toContain(p.rule);
      // one sentence: starts with a capital, ends with a full stop, no sentence break inside
      expect(p.message).toMatch(/^[A-Z][^\n]*\.$/);
      expect(p.message.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
      if (p.path === '') expect(p.message.toLowerCase()).toContain('the event');
      else expect(p.message).toContain(p.path.replace(/\/\*$/, ''));
    }
    if (c.mentions) expect(problems.map((p) => p.message).join(' ')).toContain(c.mentions);
  });

  const witnessed = FAIL.filter((c) => c.witness !== undefined);
  it.each(witnessed.map((c) => [c.name, c] as const))('the witness proves it breaks: %s', (_, c) => {
    expect(ajvFor(c.old, c.oldDefs)(c.witness)).toBe(true);
    expect(ajvFor(c.new, c.newDefs)(c.witness)).toBe(false);
  });

  it('covers every rule that compareSchemas can produce, except the file-level ones', () => {
    const seen = new Set(FAIL.flatMap((c) => c.expect!.map(([rule]) => rule)));
    const fileLevel = ['schema-removed', 'invalid-schema'];
    expect(Object.keys(COMPAT_RULES).filter((r) => !seen.has(r as CompatRule) && !fileLevel.includes(r))).toEqual([]);
  });
});

describe('compareSchemas: changes that must pass', () => {
  it.each(PASS.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(problemsOf(c)).toEqual([]);
  });
});

describe('compareSchemas on the canonical schemas of this repository', () => {
  const dir = join(__dirname, '..', '..', '..', '..', 'schemas');
  const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Obj;
  const types = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => read(join(dir, f)));
  const shared = readdirSync(join(dir, 'defs')).filter((f) => f.endsWith('.json')).map((f) => read(join(dir, 'defs', f)));
  const resolve = createResolver([...types, ...shared]);

  it.each(types.map((t) => [String(t.title), t] as const))('%s is compatible with itself', (_, t) => {
    expect(compareSchemas(t, t, resolve)).toEqual([]);
  });

  it('names the field when a required field of hr.employee.joined.v1 is removed through its nested object', () => {
    const v1 = types.find((t) => t.title === 'hr.employee.joined.v1')!;
    const changed = structuredClone(v1) as any;
    delete changed.properties.employment.properties.costCentre;
    changed.properties.employment.required = changed.properties.employment.required.filter((r: string) => r !== 'costCentre');
    expect(compareSchemas(v1, changed, resolve)).toEqual([
      {
        path: '/employment/costCentre',
        rule: 'required-removed',
        message: 'The required field /employment/costCentre was removed: events valid before would now fail.',
      },
    ]);
  });
});
