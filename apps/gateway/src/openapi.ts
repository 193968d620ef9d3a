import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeDocument, EveryRoute, SHARED_SCHEMAS } from '@hub/http-problem';
import { webhookChallenge } from './webhooks/webhooks.controller';

/** The answers the gateway's HTTP server and body parser give on every route, before any handler runs. */
const GATEWAY_EVERY_ROUTE: EveryRoute = {
  responses: {
    '400': 'Malformed request: a body that is not JSON, or bytes that are not HTTP',
    '408': 'The request did not arrive in time: its headers within HTTP_HEADERS_TIMEOUT_MS (10 s by default) or the whole of it within HTTP_REQUEST_TIMEOUT_MS (30 s); the connection is closed',
    '413': 'A body larger than the limit, or chunk extensions larger than the server accepts',
    '431': 'A header block larger than the server accepts; the connection is closed',
    '500': 'The gateway failed: never for any input, by design; logged with its stack',
  },
  challenge: 'The credential expected (RFC 9110 §11.6.1): the body’s signature, `' + webhookChallenge('standard-webhooks') + '` (or `' + webhookChallenge('legacy-hmac-sha256') + '` for an entry on the legacy scheme)',
};

/** The gateway's OpenAPI document: its webhooks, and the pages of the problem types it answers with. */
export function buildGatewayOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('ERP integration hub: gateway')
    .setDescription(
      'The source side for systems that cannot post CloudEvents: their webhooks, read by the path’s source connector, checked against the schemas and posted to the hub’s ingest API as that source. ' +
        'Drop directories are read from the file system and have no HTTP route (docs/gateway.md). Errors are application/problem+json (RFC 9457); each problem’s `type` is a page under /problems on this server.',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...SHARED_SCHEMAS } };
  return completeDocument(document, GATEWAY_EVERY_ROUTE);
}

export function mountGatewayOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildGatewayOpenApi(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
