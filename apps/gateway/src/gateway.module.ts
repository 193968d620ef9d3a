import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemFilter, ProblemTypesController } from '@hub/http-problem';
import { HubContext, HubCoreModule } from '@hub/runtime';
import { FileDropsService } from './file-drops/file-drops.service';
import { GATEWAY_SOURCES, INGEST_CLIENT, SECRETS } from './gateway.tokens';
import { IngestClient } from './ingest.client';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class GatewayModule {
  static forRoot(ctx: HubContext, hubUrl: string): DynamicModule {
    return {
      module: GatewayModule,
      imports: [HubCoreModule.forRoot(ctx, 'gateway')],
      // The problems it answers name their type as /problems/<type>, relative to the gateway: it serves them too.
      controllers: [WebhooksController, ProblemTypesController],
      providers: [
        { provide: GATEWAY_SOURCES, useValue: ctx.sources },
        { provide: SECRETS, useValue: ctx.secret },
        { provide: INGEST_CLIENT, useValue: new IngestClient(hubUrl) },
        { provide: APP_FILTER, useClass: ProblemFilter },
        FileDropsService,
      ],
    };
  }
}
