import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HUB_SETTINGS } from '@hub/config';
import { DeliveryLedger } from '@hub/ledger';
import { HUB_LOGGER, HubContext, HubCoreModule } from '@hub/runtime';
import { ProblemFilter, ProblemTypesController } from '@hub/http-problem';
import { AuditController } from './audit/audit.controller';
import { BackfillsController } from './backfills/backfills.controller';
import { BackfillsService } from './backfills/backfills.service';
import { OpsAuditService } from './audit/ops-audit.service';
import { CredentialsService } from './auth/credentials.service';
import { OpsGuard } from './auth/ops.guard';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DeliveryRequeuer } from './dead-letters/delivery-requeuer';
import { HealthController } from './health/health.controller';
import { IngestController } from './ingest/ingest.controller';
import { IngestService } from './ingest/ingest.service';
import { LandscapeController } from './landscape/landscape.controller';
import { LandscapeService } from './landscape/landscape.service';
import { MetricsController } from './metrics/metrics.controller';
import { dashboardFormTokens, FormTokens } from './ops/dashboard/dashboard-access';
import { ParallelRunsController } from './parallel-runs/parallel-runs.controller';
import { ParallelRunsService } from './parallel-runs/parallel-runs.service';
import { QuarantineController } from './quarantine/quarantine.controller';
import { QuarantineReleaser } from './quarantine/quarantine-releaser';
import { QuarantineService } from './quarantine/quarantine.service';
import { FileTotalsController } from './reconciliation/file-totals.controller';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { LedgerRetentionService } from './retention/ledger-retention.service';
import { SchemasController } from './schemas/schemas.controller';
import { TargetsController } from './targets/targets.controller';
import { TargetsService } from './targets/targets.service';
import { TraceController } from './trace/trace.controller';

@Module({})
export class ApiModule {
  static forRoot(ctx: HubContext): DynamicModule {
    return {
      module: ApiModule,
      imports: [HubCoreModule.forRoot(ctx, 'api')],
      controllers: [IngestController, TraceController, SchemasController, DeadLettersController, QuarantineController, TargetsController, ParallelRunsController, LandscapeController, BackfillsController, AuditController, ReconciliationController, FileTotalsController, HealthController, MetricsController, ProblemTypesController],
      providers: [
        CredentialsService,
        OpsGuard,
        IngestService,
        DeadLettersService,
        DeliveryRequeuer,
        QuarantineService,
        QuarantineReleaser,
        TargetsService,
        ParallelRunsService,
        LandscapeService,
        BackfillsService,
        OpsAuditService,
        ReconciliationService,
        LedgerRetentionService,
        { provide: FormTokens, inject: [HUB_SETTINGS, DeliveryLedger, HUB_LOGGER], useFactory: dashboardFormTokens },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
