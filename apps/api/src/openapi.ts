import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details, with one entry per problem in `errors`.',
  required: ['type', 'title', 'status', 'errors'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://erp-hub.example/problems/schema-violation' },
    title: { type: 'string' },
    status: { type: 'integer' },
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
          path: { type: 'string', example: '/data/effectiveFrom' },
          message: { type: 'string', example: 'must be a valid date' },
        },
      },
    },
  },
};

const cloudEvent = {
  type: 'object',
  description: 'A CloudEvent 1.0 in structured mode. `subject` (the Kafka key) and the `tenant` extension are required by the hub.',
  required: ['specversion', 'id', 'source', 'type', 'subject', 'tenant', 'data'],
  properties: {
    specversion: { type: 'string', enum: ['1.0'] },
    id: { type: 'string' },
    source: { type: 'string', format: 'uri-reference' },
    type: { type: 'string', example: 'hr.employee.joined.v1', description: 'a canonical type: GET /v1/schemas' },
    subject: { type: 'string', description: 'id of the person or business object; events about one subject stay in order' },
    tenant: { type: 'string', example: 'fen', description: 'code of the organisation (force) that owns the data' },
    time: { type: 'string', format: 'date-time' },
    dataschema: { type: 'string', format: 'uri' },
    datacontenttype: { type: 'string', enum: ['application/json'] },
    data: { type: 'object', description: 'valid against the JSON Schema of `type`' },
  },
};

const accepted = {
  type: 'object',
  properties: {
    accepted: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          duplicate: { type: 'boolean' },
          landscapeVersion: { type: 'integer', description: 'the landscape version the event was accepted under: its routes decide where it goes, whatever changes later (not given for a duplicate)' },
        },
      },
    },
  },
};

const PROBLEM_REF = '#/components/schemas/Problem';
const problemContent = { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } };

/** Answers the request guard and the HTTP server give on every route, before any handler runs. */
const EVERY_ROUTE = {
  '400': 'Malformed request: a Host, Authorization, Content-Type, Content-Length, Content-Encoding or ce-* header given twice, no Host, a query parameter given twice, control characters or bad percent-encoding in the path or query, or bytes that are not HTTP',
  '408': 'The request did not arrive in time: its headers within HTTP_HEADERS_TIMEOUT_MS (10 s by default) or the whole of it within HTTP_REQUEST_TIMEOUT_MS (30 s); the connection is closed',
  '500': 'The hub failed: never for any input, by design; logged with its stack under the requestId the problem names',
} as const;

const requestIdHeader = { 'X-Request-Id': { description: 'The id of this request in the hub’s logs (on every answer)', schema: { type: 'string', format: 'uuid' } } };

/**
 * Completes what the decorators say with what holds for every route: problems are
 * application/problem+json, every answer carries X-Request-Id, and the guard's and the server's
 * own answers (400, 408) are listed, added to a route's own 400 where it has one.
 */
function withEveryRoute(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (!op) continue;
      for (const [status, description] of Object.entries(EVERY_ROUTE)) {
        const own = op.responses[status] as { description?: string } | undefined;
        op.responses[status] = { description: own?.description ? `${own.description}; or: ${description.charAt(0).toLowerCase()}${description.slice(1)}` : description, content: problemContent };
      }
      for (const response of Object.values(op.responses) as { content?: Record<string, { schema?: { $ref?: string } }>; headers?: object }[]) {
        const json = response.content?.['application/json'];
        if (json?.schema?.$ref === PROBLEM_REF) response.content = problemContent;
        response.headers = { ...response.headers, ...requestIdHeader };
      }
    }
  }
  return document;
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ERP integration hub')
    .setDescription(
      'One API for the systems of a shared back office: post canonical CloudEvents, read schemas, trace events, triage dead letters, see and pause targets. Contract: ../shared/CONTRACT.md; errors are application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a source token (posting events) or an ops token (roles viewer, operator, pii-reader)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: problem, CloudEvent: cloudEvent, Accepted: accepted } };
  return withEveryRoute(document);
}

export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
