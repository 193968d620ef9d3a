import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_TYPE_SLUGS, PROBLEMS_PATH, problemTypeUri } from './problem-types';

export const PROBLEM_REF = '#/components/schemas/Problem';
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } };

/** Shorthands for the decorators: a response of a component schema, and a problem answer. */
export const json = (name: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
export const problemContent = () => ({ content: PROBLEM_CONTENT });

/**
 * The components every document of the hub shares: problems (RFC 9457) and their types. A problem's
 * `type` is a relative reference (`/problems/<type>`), resolved against the URL that answered.
 */
export const SHARED_SCHEMAS = {
  Problem: {
    type: 'object',
    description: `RFC 9457 problem details, with one entry per problem in \`errors\`. \`type\` is a relative reference, \`${PROBLEMS_PATH}/<type>\`: resolved against the URL that answered, it is a page saying what the problem means and what to do (GET ${PROBLEMS_PATH} lists them).`,
    required: ['type', 'title', 'status', 'errors'],
    properties: {
      type: { type: 'string', format: 'uri-reference', enum: PROBLEM_TYPE_SLUGS.map(problemTypeUri), example: problemTypeUri('schema-violation') },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      requestId: { type: 'string', description: 'in a 5xx only: the id its log lines carry, as in X-Request-Id' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            eventId: { type: 'string' },
            index: { type: 'integer', description: 'position of the event in a batch' },
            path: { type: 'string', description: 'a JSON Pointer into the request (its body, or /headers/<name>, or a query parameter as /<name>)', example: '/data/effectiveFrom' },
            message: { type: 'string', example: 'must be a valid date' },
          },
        },
      },
    },
  },
  ProblemType: {
    type: 'object',
    description: 'A problem type: what it means and what the caller should do.',
    required: ['type', 'title', 'statuses', 'description', 'action'],
    additionalProperties: false,
    properties: {
      type: { type: 'string', format: 'uri-reference', description: 'the `type` of the problems of this type' },
      title: { type: 'string' },
      statuses: { type: 'array', items: { type: 'integer' } },
      description: { type: 'string' },
      action: { type: 'string', description: 'what the caller should do' },
    },
  },
};

export interface EveryRoute {
  /** Answers a server gives on every route before any handler runs, by status. */
  responses: Record<string, string>;
  /** Headers on every answer. */
  headers?: Record<string, { description: string; required?: boolean; schema: object }>;
  /** What the WWW-Authenticate header of a 401 holds on this server. */
  challenge: string;
}

type Operation = { responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }>; headers?: object }>; security?: object[]; requestBody?: { content?: object }; [ext: `x-${string}`]: unknown };

/** Where an operation declares its request body per media type (ApiBody takes one schema for all). */
export const REQUEST_CONTENT_EXTENSION = 'x-hub-request-content';

/**
 * Completes what the decorators say with what holds for every route: problems are
 * application/problem+json, every answer carries the server's headers, the server's own answers
 * (400, 408, …) are listed (added to a route's own description where it has one), and an operation
 * behind a bearer token answers 401 (with WWW-Authenticate) and 403.
 */
export function completeDocument(document: OpenAPIObject, every: EveryRoute): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const request = op[REQUEST_CONTENT_EXTENSION];
      if (request) {
        op.requestBody = { ...op.requestBody, content: request as object };
        delete op[REQUEST_CONTENT_EXTENSION];
      }
      const guarded = (op.security ?? []).some((s) => 'bearer' in s);
      const own = {
        ...every.responses,
        ...(guarded ? { '401': 'No credential, or one the hub does not know', '403': 'The credential may not do this: not an ops credential, no role for it, or not for this tenant' } : {}),
      };
      for (const [status, description] of Object.entries(own)) {
        const mine = op.responses[status];
        const said = mine?.description && mine.description !== description ? `${mine.description}; or: ${description.charAt(0).toLowerCase()}${description.slice(1)}` : description;
        op.responses[status] = { ...mine, description: every.responses[status] ? said : mine?.description ?? description, content: PROBLEM_CONTENT };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const content of Object.values(response.content ?? {})) if (content.schema?.$ref === PROBLEM_REF) response.content = PROBLEM_CONTENT;
        response.headers = { ...response.headers, ...every.headers, ...(status === '401' ? { 'WWW-Authenticate': { description: every.challenge, required: true, schema: { type: 'string' } } } : {}) };
      }
    }
  }
  return document;
}

/** The security scheme of the hub's tokens: opaque bearer tokens, which the hub looks up by hash. */
export function opaqueBearer(document: OpenAPIObject, description: string): void {
  const scheme = document.components?.securitySchemes?.bearer as { bearerFormat?: string } | undefined;
  // DocumentBuilder.addBearerAuth says JWT unless told otherwise; these are not JWTs.
  if (scheme) delete scheme.bearerFormat;
  if (scheme) Object.assign(scheme, { description });
}
