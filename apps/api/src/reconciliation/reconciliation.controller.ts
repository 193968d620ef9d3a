import { applyDecorators, Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { json } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { DriftReport, ReconciliationReport, ReconciliationService } from './reconciliation.service';

const PROBLEM = { schema: { $ref: '#/components/schemas/Problem' } };

/** The window every reconciliation read takes, documented once. */
function WindowQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'tenant', required: true, description: 'the force to reconcile, e.g. fen (viewer within that tenant)' }),
    ApiQuery({ name: 'from', required: true, description: 'first day, YYYY-MM-DD: days are UTC days of acceptance' }),
    ApiQuery({ name: 'to', required: true, description: 'last day, YYYY-MM-DD, included; at most RECONCILE_MAX_DAYS (92) days from `from`' }),
    ApiQuery({ name: 'type', required: false, description: 'one event type, e.g. finance.journal.posted.v1' }),
    ApiQuery({ name: 'target', required: false, description: "one of the tenant's targets, e.g. finance-fen" }),
    ApiResponse({ status: 400, description: 'A day that is not one, from after to, a window too long, an unknown type, a target not of the tenant, a parameter given twice', ...PROBLEM }),
    ApiResponse({ status: 401, description: 'No credential, or an unknown one', ...PROBLEM }),
    ApiResponse({ status: 403, description: 'Not an ops credential with the viewer or operator role', ...PROBLEM }),
    ApiResponse({ status: 404, description: 'A tenant that does not exist or is not within your tenants (answered alike)', ...PROBLEM }),
  );
}

@ApiTags('reconciliation')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({
    summary: "Control totals of a tenant's days: events accepted, and per target (primaries; shadows apart) routed, delivered, pending, dead-lettered and discarded, with money per currency in minor units; files that carry control totals beside the hub's numbers",
    description:
      "Source side: what was accepted and routed to the target (money from the events' data, MONEY_FIELDS: `moneyRules` says how each type is added up). Target side: what the target acknowledged (delivered). " +
      'A row balances when both sides agree in count and money and its written files agree with what was delivered. Event ids are not shown.',
  })
  @WindowQuery()
  @ApiResponse({ status: 200, description: '`{ tenant, from, to, dayBoundary: "UTC", generatedAt, graceMs, balanced, moneyRules, rows, shadowRows, files, filesTruncated }`: a row per day, type, target and role with accepted, routed, delivered, pending (late, by state), deadLettered and discarded, each `{ events, money: [{ currency, amountMinor }] }`, and the files written for the delivered ones', ...json('Reconciliation') })
  report(@Req() req: OpsRequest, @Query() q: Record<string, unknown>): Promise<ReconciliationReport> {
    return this.reconciliation.report(this.reconciliation.window(req.principal, q));
  }

  @Get('drift')
  @RequiresRole('viewer')
  @ApiOperation({
    summary: 'The drift check: every day, type and target where the source side and the target side disagree, with the difference in count and money and its causes (pending, dead-lettered, discarded), and files whose totals differ from the hub’s',
    description: 'Each cause names up to 10 deliveries by id (`<target>.<event key>`, as dead letters are named), with fingerprints for dead letters, discard reasons for discards and how many pending ones are late. `balanced` is true when no primary drifts and no file differs.',
  })
  @WindowQuery()
  @ApiResponse({ status: 200, description: '`{ tenant, from, to, dayBoundary, generatedAt, graceMs, balanced, items, shadowItems, files }`: each item a day, type and target with routed, delivered, difference and causes `[{ reason, events, money, deliveryIds, late?, byState?, fingerprints?, discardReasons? }]`; files: `{ day, direction, fileName, kind, where, why }`', ...json('Drift') })
  drift(@Req() req: OpsRequest, @Query() q: Record<string, unknown>): Promise<DriftReport> {
    return this.reconciliation.drift(this.reconciliation.window(req.principal, q));
  }
}
