import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** What an answer looked like on the wire. */
export interface WireAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
}

/** What a request sent, when its body is to be checked against the document too. */
export interface WireRequest {
  contentType?: string;
  text?: string;
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: object }> };
  responses: Record<string, { content?: Record<string, { schema?: object }>; headers?: Record<string, { required?: boolean }> }>;
}

/** The parts of an OpenAPI 3.1 document the checks read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

interface PathTemplate {
  template: string;
  pattern: RegExp;
  params: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const DOC_ID = 'https://openapi.invalid/document.json';

/** A media type without its parameters, lower case. */
const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
/** A JSON Pointer to `segments`, as a URI fragment. */
const pointer = (segments: string[]) => segments.map((s) => '/' + encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('');

/**
 * Checks real answers against an OpenAPI 3.1 document: that the operation is declared, that the
 * status is one of its responses, that the content type is one that response declares (or that
 * the answer has no body when it declares none), that the body validates against the declared
 * schema (JSON Schema 2020-12, as OpenAPI 3.1's Schema Object is), and that the headers it
 * declares required are there. It also keeps which operations were exercised, so a test can say
 * which ones it never drove.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  private readonly templates: PathTemplate[];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly exercised = new Set<string>();

  constructor(private readonly doc: OpenApiDocument) {
    if (!/^3\.1\./.test(doc.openapi)) throw new Error(`OpenAPI ${doc.openapi}: only 3.1 documents, whose schemas are JSON Schema 2020-12, are checked`);
    addFormats(this.ajv);
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
    // A literal segment wins over a parameter: /v1/dead-letters/groups before /v1/dead-letters/{id}.
    this.templates = Object.keys(doc.paths)
      .map((template) => ({
        template,
        pattern: new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$'),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** The path template a concrete path (without its query) falls under, if the document has one. */
  templateOf(path: string): string | undefined {
    return this.templates.find((t) => t.pattern.test(path))?.template;
  }

  /** Every way the answer (and, when given, a request that succeeded) departs from the document; empty when it conforms. */
  check(method: string, url: string, answer: WireAnswer, request?: WireRequest): string[] {
    const path = url.split('?')[0];
    const m = method.toLowerCase() as (typeof METHODS)[number];
    const template = this.templateOf(path);
    const op = template ? this.doc.paths[template][m] : undefined;
    const at = `${method.toUpperCase()} ${path}`;
    if (!template || !op) return [`${at}: no such operation in the document`];
    this.exercised.add(`${m.toUpperCase()} ${template}`);
    const problems: string[] = [];
    const status = String(answer.status);
    const declared = op.responses[status] !== undefined ? status : op.responses[`${status[0]}XX`] !== undefined ? `${status[0]}XX` : op.responses.default !== undefined ? 'default' : undefined;
    if (!declared) return [`${at}: answered ${status}, which the document does not declare (it declares ${Object.keys(op.responses).join(', ')})`];
    const response = op.responses[declared];
    const base = ['paths', template, m, 'responses', declared];

    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required && answer.headers[name.toLowerCase()] === undefined) problems.push(`${at} ${status}: no ${name} header, which the document declares required`);
    }
    const mediaType = mediaTypeOf(answer.headers['content-type']);
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (answer.text.length > 0) problems.push(`${at} ${status}: a body (${mediaType || 'no content type'}) where the document declares none`);
      return problems;
    }
    if (!(mediaType in content)) return [...problems, `${at} ${status}: content type "${mediaType || '(none)'}", the document declares ${Object.keys(content).join(', ')}`];
    if (!content[mediaType].schema) return [...problems, `${at} ${status}: the document declares no schema for ${mediaType}`];
    problems.push(...this.validate([...base, 'content', mediaType, 'schema'], mediaType, answer.text, `${at} ${status}`));

    if (request && answer.status < 300 && op.requestBody && request.text !== undefined && request.text.length > 0) {
      const sent = mediaTypeOf(request.contentType);
      if (!(sent in op.requestBody.content)) problems.push(`${at}: succeeded with a ${sent} body, which the document does not declare (it declares ${Object.keys(op.requestBody.content).join(', ')})`);
      else problems.push(...this.validate(['paths', template, m, 'requestBody', 'content', sent, 'schema'], sent, request.text, `${at} request`));
    }
    return problems;
  }

  /** The operations of the document (`GET /v1/events/{id}`) that no checked answer came from. */
  unexercised(): string[] {
    return Object.entries(this.doc.paths).flatMap(([template, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`)).filter((op) => !this.exercised.has(op));
  }

  private validate(at: string[], mediaType: string, text: string, what: string): string[] {
    let value: unknown = text;
    if (isJson(mediaType)) {
      try {
        value = JSON.parse(text);
      } catch {
        return [`${what}: the ${mediaType} body is not JSON`];
      }
    }
    const ref = `${DOC_ID}#${pointer(at)}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${what}: ${e.instancePath || '(body)'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
  }
}
