import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { HubContext } from '@hub/runtime';
import { WorkerModule } from './worker.module';

/** The worker as a Nest application context (no HTTP); workers start in onApplicationBootstrap. */
export async function createWorkerApp(ctx: HubContext, standalone = true): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(ctx), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Standalone, the app handles SIGTERM itself; hosted with other roles, the host closes it.
  if (standalone) app.enableShutdownHooks();
  return app;
}
