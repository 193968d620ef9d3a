import { DynamicModule, Module } from '@nestjs/common';
import { HubContext, HubCoreModule } from '@hub/runtime';
import { DeliveryWorkersService } from './delivery-workers.service';
import { DeliveryProcessor } from './delivery.processor';
import { TargetBreaker } from './target-breaker';
import { DeliverySweeper } from './sweeper/delivery-sweeper';
import { ParallelRunComparer } from './parallel-run/parallel-run-comparer';
import { BackfillCancellations } from './backfill/backfill-cancellations';
import { BackfillWorker } from './backfill/backfill-worker.service';

@Module({})
export class WorkerModule {
  static forRoot(ctx: HubContext): DynamicModule {
    return { module: WorkerModule, imports: [HubCoreModule.forRoot(ctx, 'worker')], providers: [TargetBreaker, BackfillCancellations, DeliveryProcessor, DeliveryWorkersService, DeliverySweeper, ParallelRunComparer, BackfillWorker] };
  }
}
