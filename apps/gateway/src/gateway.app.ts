import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { HubExpressAdapter } from '@hub/http-problem';
import { HubContext } from '@hub/runtime';
import { GatewayModule } from './gateway.module';
import { mountGatewayOpenApi } from './openapi';

/**
 * The gateway runs the source side for systems that cannot post CloudEvents themselves: their
 * webhooks and their drop directories. It posts to the hub's ingest API like any source, so the
 * same credentials, scopes and checks apply. Not yet listening: call listen(GATEWAY_PORT).
 */
export async function createGatewayApp(ctx: HubContext, hubUrl = ctx.settings.hubUrl, standalone = true): Promise<INestApplication> {
  // rawBody: webhook signatures are computed over the exact bytes sent.
  // The API's HTTP server: the same timeouts, and Node's client errors (408, 431, 400) as problems.
  const app = await NestFactory.create(GatewayModule.forRoot(ctx, hubUrl), new HubExpressAdapter(ctx.settings.http), { rawBody: true, bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (standalone) app.enableShutdownHooks();
  mountGatewayOpenApi(app);
  return app;
}
