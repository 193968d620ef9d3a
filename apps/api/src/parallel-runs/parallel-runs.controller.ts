import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { json, problemContent } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { MAX_REPORT_DAYS, readReportQuery } from './parallel-run-query';
import { ParallelRunsService } from './parallel-runs.service';

const problem = (status: number, description: string) => ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

@ApiTags('parallel runs')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/parallel-runs')
export class ParallelRunsController {
  constructor(private readonly runs: ParallelRunsService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({
    summary: "Each parallel run within your tenants (a force's domain delivered to a shadow target beside its primaries), with today's agreement (UTC) and its top disagreeing fields",
    description: `Runs with comparisons in the last 30 days, or shadow deliveries waiting for one. No values, so nothing is masked.`,
  })
  @ApiResponse({ status: 200, description: "The parallel runs within your tenants, with today's agreement", ...json('ParallelRuns') })
  list(@Req() req: OpsRequest) {
    return this.runs.runs(req.principal);
  }

  @Get('report')
  @RequiresRole('viewer')
  @ApiOperation({
    summary: "A parallel run's report for a tenant, a domain and days: events compared, agreed, disagreed by reason (outcome, pending, fields) and by field, per day and pair, with a few examples",
    description:
      'One comparison per event, primary and shadow, written once by the comparer. Field examples at personal paths are masked unless you hold pii-reader; a pii-reader\'s read is audited (parallel-run.read-personal-data).',
  })
  @ApiQuery({ name: 'tenant', required: true, description: 'force code, e.g. fen' })
  @ApiQuery({ name: 'domain', required: true, description: 'the first part of the event types compared, e.g. hr' })
  @ApiQuery({ name: 'from', required: false, description: 'first day, YYYY-MM-DD (UTC, the day the hub accepted the event); default today' })
  @ApiQuery({ name: 'to', required: false, description: `last day, included; default from. At most ${MAX_REPORT_DAYS} days` })
  @problem(400, 'tenant or domain missing or malformed, a day that is not YYYY-MM-DD or not in the calendar, from after to, a range too long, an unknown parameter')
  @problem(404, 'the tenant is unknown or not within your tenants, or it has no parallel run in that domain')
  @ApiResponse({ status: 200, description: 'The report', ...json('ParallelRunReport') })
  report(@Req() req: OpsRequest, @Query() q: Record<string, unknown>) {
    return this.runs.report(req.principal, readReportQuery(q));
  }
}
