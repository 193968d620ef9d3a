import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HubContext, HubCoreModule } from '@hub/runtime';
import { RouterExceptionFilter } from './router-exception.filter';
import { RouterController } from './router.controller';
import { RoutingService } from './routing.service';

@Module({})
export class RouterModule {
  static forRoot(ctx: HubContext): DynamicModule {
    return { module: RouterModule, imports: [HubCoreModule.forRoot(ctx, 'router')], controllers: [RouterController], providers: [RoutingService, { provide: APP_FILTER, useClass: RouterExceptionFilter }] };
  }
}
