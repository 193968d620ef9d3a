import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeDocument, EveryRoute, opaqueBearer, PROBLEMS_PATH, SHARED_SCHEMAS } from '@hub/http-problem';
import { RESPONSE_SCHEMAS } from './openapi-schemas';

/** The answers the API's request guard, body parsers and HTTP server give on every route. */
const API_EVERY_ROUTE: EveryRoute = {
  responses: {
    '400': 'Malformed request: a Host, Authorization, Content-Type, Content-Length, Content-Encoding or ce-* header given twice, no Host, a query parameter given twice, control characters or bad percent-encoding in the path or query, a JSON body that is not JSON, or bytes that are not HTTP',
    '408': 'The request did not arrive in time: its headers within HTTP_HEADERS_TIMEOUT_MS (10 s by default) or the whole of it within HTTP_REQUEST_TIMEOUT_MS (30 s); the connection is closed',
    '413': 'A body larger than the limit (256 KiB for JSON bodies, MAX_BODY_BYTES for POST /v1/events), counted after decoding its Content-Encoding; or chunk extensions larger than the server accepts',
    '415': 'A Content-Encoding other than gzip, deflate, br and identity (the answer lists them in Accept-Encoding)',
    '431': 'A header block larger than the server accepts; the connection is closed',
    '500': 'The hub failed: never for any input, by design; logged with its stack under the requestId the problem names',
  },
  headers: { 'X-Request-Id': { description: 'The id of this request in the hub’s logs (on every answer)', required: true, schema: { type: 'string', format: 'uuid' } } },
  challenge: 'The credential expected (RFC 9110 §11.6.1), for bearer tokens as RFC 6750 §3 says: `Bearer realm="erp-hub"`, with `error="invalid_token"` when a token was sent and refused',
};

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('ERP integration hub')
    .setDescription(
      'One API for the systems of a shared back office: post canonical CloudEvents, read schemas, trace events, triage dead letters, see and pause targets. Contract: ../shared/CONTRACT.md. ' +
        `Errors are application/problem+json (RFC 9457); each problem's \`type\` is a page under ${PROBLEMS_PATH} saying what it means and what to do.`,
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  opaqueBearer(
    document,
    'An opaque bearer token (RFC 6750), not a JWT: the hub knows it only by its sha256, listed in the landscape. A source token (posting events) or an ops token (roles viewer, operator, pii-reader, landscape-admin, metrics), each scoped to tenants.',
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...SHARED_SCHEMAS, ...RESPONSE_SCHEMAS } };
  return completeDocument(document, API_EVERY_ROUTE);
}

export function mountOpenApi(app: INestApplication, build: (app: INestApplication) => OpenAPIObject = buildOpenApi): void {
  SwaggerModule.setup('docs', app, () => build(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
