import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { HUB_LANDSCAPE, LiveLandscape } from '@hub/config';
import { DeliveryQueues } from '@hub/delivery';
import { HUB_LOGGER, HubContext } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { answerError, HubExpressAdapter } from '@hub/http-problem';
import { ApiModule } from './api.module';
import { CredentialsService } from './auth/credentials.service';
import { mountOpenApi } from './openapi';
import { mountBullBoard } from './ops/bull-board';
import { mountDashboard } from './ops/dashboard/dashboard.router';
import { requestGuard } from './http/request-guard.middleware';
import type { Logger as PinoLogger } from 'pino';

/** Body parsers run before Nest's filters; this answers their errors (413, bad JSON, bad gzip) as problems too. */
function asProblem(logger: PinoLogger, parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => parser(req, res, (err?: unknown) => (err ? answerError(logger, req, res, err) : next()));
}

/** Builds the API app (not yet listening): body limits, error format, Bull Board, the dead-letter dashboard and OpenAPI. */
export async function createApiApp(ctx: HubContext, standalone = true): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(ctx), new HubExpressAdapter(ctx.settings.http, true), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Standalone, the app handles SIGTERM itself; hosted with other roles, the host closes it.
  if (standalone) app.enableShutdownHooks();
  const logger = app.get<PinoLogger>(HUB_LOGGER);
  // Before everything: a request id, and no ambiguous request (repeated Host or singleton headers,
  // repeated query parameters, an encoding it cannot decode, control characters in the URL).
  app.use(requestGuard(logger));
  // Events are read raw: the API parses them itself so malformed JSON, size and media type get
  // the contract's answers. Everything else takes ordinary JSON bodies. Both decode gzip, deflate
  // and br, and their limits count the decoded bytes.
  app.use('/v1/events', asProblem(logger, express.raw({ type: () => true, limit: ctx.settings.maxBodyBytes })));
  app.use(asProblem(logger, express.json({ limit: '256kb' })));
  const unfollow = mountBullBoard(app, app.get(DeliveryQueues), app.get<LiveLandscape>(HUB_LANDSCAPE), app.get(SchemaRegistry), app.get(CredentialsService));
  app.getHttpServer().once('close', unfollow);
  mountDashboard(app);
  mountOpenApi(app);
  return app;
}
