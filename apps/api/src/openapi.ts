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
      items: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' }, duplicate: { type: 'boolean' } } },
    },
  },
};

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
  return document;
}

export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
