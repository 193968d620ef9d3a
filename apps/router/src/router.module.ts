import { DynamicModule, Module } from '@nestjs/common';
import { HubContext, HubCoreModule } from '@hub/runtime';
import { RouterController } from './router.controller';
import { RoutingService } from './routing.service';

@Module({})
export class RouterModule {
  static forRoot(ctx: HubContext): DynamicModule {
    return { module: RouterModule, imports: [HubCoreModule.forRoot(ctx, 'router')], controllers: [RouterController], providers: [RoutingService] };
  }
}
