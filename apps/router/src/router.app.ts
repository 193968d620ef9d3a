import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { KafkajsEventBus, topicFor } from '@hub/kafka';
import { hubMetrics } from '@hub/observability';
import { HubContext } from '@hub/runtime';
import { KafkaBatchServer } from './kafka-batch.server';
import { RouterModule } from './router.module';

/** The router as a Nest microservice on the batch transport; call listen() to join the group. */
export async function createRouterApp(ctx: HubContext, standalone = true): Promise<INestMicroservice> {
  const s = ctx.settings;
  const logger = ctx.logger.child({ role: 'router' });
  const strategy = new KafkaBatchServer({
    bus: new KafkajsEventBus(s.kafkaBrokers, `${s.kafkaClientId}-router`, logger),
    groupId: s.routerGroupId,
    topics: ctx.registry.types().map((t) => topicFor(s.topicPrefix, t)),
    partitions: s.topicPartitions,
    maxOrderWaitMs: s.routerMaxOrderWaitMs,
    maxBytesPerPartition: s.routerFetchBytes,
    onOrderForced: (n) => hubMetrics().routerOrderForced.inc(n),
    stallMs: s.routerStallMs,
    session: { sessionTimeoutMs: s.recovery.kafkaSessionTimeoutMs, heartbeatMs: s.recovery.kafkaHeartbeatMs },
    logger,
  });
  const app = await NestFactory.createMicroservice(RouterModule.forRoot(ctx), { strategy, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Standalone, the app handles SIGTERM itself; hosted with other roles, the host closes it.
  if (standalone) app.enableShutdownHooks();
  return app;
}
