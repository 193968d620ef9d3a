import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { addHubKeywords, PiiClass } from './annotations';
import { parseEventType } from './event-type';
import { isPersonalPath, maskPaths, PiiPath } from './pii-mask';
import { KeywordProblem, toKeywordProblems, toProblems, ValidationProblem } from './validation-problem';

type JsonSchema = Record<string, unknown>;

export interface RegisteredType {
  type: string;
  name: string;
  domain: string;
  version: number;
  description: string;
  schema: JsonSchema;
  piiPaths: PiiPath[];
  piiClasses: Map<string, PiiClass>;
}

export class SchemaRegistryError extends Error {}

/**
 * Every canonical event type, compiled once at start-up. A schema that does not compile, a file
 * whose name does not match its title, or an example that fails its own schema stops the process.
 */
export class SchemaRegistry {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly registered = new Map<string, RegisteredType>();

  private constructor(private readonly ajv: Ajv2020, private readonly byId: Map<string, JsonSchema>) {}

  static load(dir: string): SchemaRegistry {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv);
    addHubKeywords(ajv);
    const byId = new Map<string, JsonSchema>();
    const read = (file: string): JsonSchema => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
      } catch (err) {
        throw new SchemaRegistryError(`${file}: ${(err as Error).message}`);
      }
    };
    const defsDir = join(dir, 'defs');
    for (const f of safeList(defsDir).filter((f) => f.endsWith('.json'))) {
      const schema = read(join(defsDir, f));
      byId.set(String(schema.$id), schema);
      ajv.addSchema(schema);
    }
    const registry = new SchemaRegistry(ajv, byId);
    for (const f of safeList(dir).filter((f) => f.endsWith('.json')).sort()) {
      registry.register(f.replace(/\.json$/, ''), read(join(dir, f)));
    }
    if (registry.registered.size === 0) throw new SchemaRegistryError(`no event schemas found in ${dir}`);
    return registry;
  }

  private register(fileType: string, schema: JsonSchema): void {
    const parsed = parseEventType(fileType);
    if (!parsed) throw new SchemaRegistryError(`${fileType}.json: file name is not <domain>.<entity>.<event>.v<N>`);
    if (schema.title !== fileType) throw new SchemaRegistryError(`${fileType}.json: title "${String(schema.title)}" must equal the file name`);
    if (typeof schema.$id !== 'string') throw new SchemaRegistryError(`${fileType}.json: $id is required`);
    this.byId.set(schema.$id, schema);
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema);
    } catch (err) {
      throw new SchemaRegistryError(`${fileType}.json: ${(err as Error).message}`);
    }
    const examples = (schema.examples as unknown[] | undefined) ?? [];
    if (examples.length === 0) throw new SchemaRegistryError(`${fileType}.json: needs at least one example under "examples"`);
    examples.forEach((ex, i) => {
      if (!validate(ex)) {
        const why = toProblems(validate.errors).map((p) => `${p.path} ${p.message}`).join('; ');
        throw new SchemaRegistryError(`${fileType}.json: examples[${i}] fails its own schema: ${why}`);
      }
    });
    const piiClasses = new Map<string, PiiClass>();
    collectPii(schema, schema.$id, [], piiClasses, (id) => this.byId.get(id), new Set());
    this.validators.set(fileType, validate);
    this.registered.set(fileType, {
      ...parsed,
      description: String(schema.description ?? ''),
      schema,
      piiClasses,
      piiPaths: [...piiClasses.keys()].map((p) => p.split('/').slice(1)),
    });
  }

  has(type: string): boolean {
    return this.registered.has(type);
  }

  get(type: string): RegisteredType | undefined {
    return this.registered.get(type);
  }

  types(): string[] {
    return [...this.registered.keys()];
  }

  all(): RegisteredType[] {
    return [...this.registered.values()];
  }

  /** Problems with `data` as an instance of `type`, paths prefixed with `base` (e.g. `/data`). Empty when valid. */
  validate(type: string, data: unknown, base = ''): ValidationProblem[] {
    const validate = this.validators.get(type);
    if (!validate) return [{ path: base, message: `unknown event type "${type}"` }];
    return validate(data) ? [] : toProblems(validate.errors, base);
  }

  /** Like validate(), with the ajv keyword of each problem (fixtures and tooling). */
  explain(type: string, data: unknown): KeywordProblem[] {
    const validate = this.validators.get(type);
    if (!validate) return [{ path: '', message: `unknown event type "${type}"`, keyword: 'type' }];
    return validate(data) ? [] : toKeywordProblems(validate.errors);
  }

  /**
   * Whether a JSON Pointer into an event of `type` (`/data/name/forename`) names personal data, as
   * mask() would hide it. Attributes outside `data` are not personal; under an unknown type everything in `data` is.
   */
  isPersonalPointer(type: string, pointer: string): boolean {
    const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (tokens[0] !== 'data') return false;
    const t = this.registered.get(type);
    return t ? isPersonalPath(t.piiPaths, tokens.slice(1)) : true;
  }

  /** `data` with every personal field of `type` masked. Unknown types are masked whole. */
  mask<T>(type: string, data: T): T | string {
    const t = this.registered.get(type);
    return t ? maskPaths(data, t.piiPaths) : '***';
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Walks a schema (following $ref) and records the JSON pointer of every field annotated with x-pii. */
function collectPii(
  node: unknown,
  baseId: string,
  path: string[],
  out: Map<string, PiiClass>,
  lookup: (id: string) => JsonSchema | undefined,
  visiting: Set<string>,
): void {
  if (node === null || typeof node !== 'object') return;
  const s = node as JsonSchema;
  if (typeof s['x-pii'] === 'string') {
    out.set('/' + path.join('/'), s['x-pii'] as PiiClass);
    return;
  }
  if (typeof s.$ref === 'string') {
    const abs = new URL(s.$ref, baseId).href;
    if (!visiting.has(abs)) {
      const [docId, pointer = ''] = abs.split('#');
      const target = resolvePointer(lookup(docId), pointer);
      if (target !== undefined) collectPii(target, docId, path, out, lookup, new Set([...visiting, abs]));
    }
  }
  const props = s.properties as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) collectPii(v, baseId, [...path, k], out, lookup, visiting);
  if (s.items) collectPii(s.items, baseId, [...path, '*'], out, lookup, visiting);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const sub of (s[key] as unknown[] | undefined) ?? []) collectPii(sub, baseId, path, out, lookup, visiting);
  }
}

function resolvePointer(doc: JsonSchema | undefined, pointer: string): unknown {
  if (!doc) return undefined;
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((acc, key) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[key] : undefined), doc);
}
