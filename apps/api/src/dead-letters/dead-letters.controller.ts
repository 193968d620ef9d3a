import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { json, problemContent, ProblemException } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { boundedInt, FILTER_FIELDS, narrowsDeadLetters, readFilter, readStates } from './dead-letter-query';
import { DeadLettersService } from './dead-letters.service';

const FILTER_DOCS: Record<(typeof FILTER_FIELDS)[number], string> = {
  tenant: 'force code, e.g. fen',
  target: 'target id, e.g. payroll-fen',
  type: 'event type, e.g. hr.employee.joined.v1',
  subject: 'subject, e.g. an employee number',
  reason: 'reason code, e.g. target-rejected',
  fingerprint: 'error fingerprint: reason|target|field or status, e.g. target-rejected|payroll-fen|422',
  from: 'dead-lettered at or after (RFC 3339: 2026-11-23T00:00:00Z, or a date)',
  to: 'dead-lettered before (RFC 3339: 2026-11-23T00:00:00Z, or a date)',
  role: "primary (default) or shadow: a parallel run's shadow target's dead letters are listed apart, and never alerted on",
};
export const BAD_FILTER = 'Bad filter: from or to not RFC 3339 (a date-time with its offset, or a date; years 0001–9999), an unknown state or role, a limit that is not an integer from 1 to 1000, a paging cursor the hub did not issue';
const FilterQueries = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiResponse({ status: 400, description: BAD_FILTER, schema: { $ref: '#/components/schemas/Problem' } })(target, key, descriptor);
  for (const name of FILTER_FIELDS) ApiQuery({ name, required: false, description: FILTER_DOCS[name] })(target, key, descriptor);
  ApiQuery({ name: 'state', required: false, description: 'open (default: waiting for ops, or replayed and not yet acknowledged), all, or states separated by commas' })(target, key, descriptor);
};

@ApiTags('dead letters')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Dead-lettered deliveries within your tenants, newest first, paged; personal fields masked unless you hold pii-reader' })
  @FilterQueries()
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiResponse({ status: 200, description: 'A page of dead letters, newest first', ...json('DeadLetterPage') })
  list(@Req() req: OpsRequest, @Query() q: Record<string, string>) {
    return this.deadLetters.list(req.principal, readFilter(q), readStates(q.state), { limit: boundedInt(q.limit, 100, 1, 1000, 'limit'), after: q.after || undefined });
  }

  @Get('groups')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Dead letters counted by error fingerprint and tenant, biggest group first: one line per problem to fix' })
  @FilterQueries()
  @ApiResponse({ status: 200, description: 'The groups, biggest first', ...json('DeadLetterGroups') })
  groups(@Req() req: OpsRequest, @Query() q: Record<string, string>) {
    return this.deadLetters.groups(req.principal, readFilter(q), readStates(q.state));
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One dead letter (id: <target>.<event key>), with its event, reason, fingerprint and attempts' })
  @ApiResponse({ status: 200, description: 'The dead letter', ...json('DeadLetter') })
  @ApiResponse({ status: 404, description: 'No such dead letter within your tenants', ...problemContent() })
  get(@Req() req: OpsRequest, @Param('id') id: string) {
    return this.deadLetters.get(req.principal, id);
  }

  @Post('replay')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Replay every open dead letter matching a filter, each to its failed target only, in throttled batches; dryRun shows what would be replayed' })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        ...Object.fromEntries(FILTER_FIELDS.map((f) => [f, { type: 'string', description: FILTER_DOCS[f] }])),
        dryRun: { type: 'boolean', default: false },
        max: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
        batchSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        pauseMs: { type: 'integer', minimum: 0, maximum: 60000, default: 200 },
      },
    },
  })
  @ApiResponse({ status: 202, description: 'What was replayed (or, for a dry run, would be)', ...json('BulkReplay') })
  replayMatching(@Req() req: OpsRequest, @Body() body: Record<string, unknown> | undefined) {
    const filter = readFilter(body);
    if (!narrowsDeadLetters(filter)) {
      throw new ProblemException(400, 'malformed-request', 'Filter required', [{ path: '/', message: `give at least one of ${FILTER_FIELDS.filter((f) => f !== 'role').join(', ')}: a bulk replay of everything is never what was meant` }]);
    }
    if (body?.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/dryRun', message: 'must be true or false' }]);
    return this.deadLetters.replayMatching(req.principal, filter, {
      dryRun: body?.dryRun === true,
      max: boundedInt(body?.max, 1000, 1, 10_000, 'max'),
      batchSize: boundedInt(body?.batchSize, 100, 1, 1000, 'batchSize'),
      pauseMs: boundedInt(body?.pauseMs, 200, 0, 60_000, 'pauseMs'),
    });
  }

  @Post(':id/replay')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Deliver one dead letter again, to the failed target only; it stays listed until the target acknowledges' })
  @ApiResponse({ status: 202, description: 'Queued again on its target', ...json('ReplayOutcome') })
  @ApiResponse({ status: 404, description: 'No such dead letter within your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'Not replayed: it is not dead-lettered (replayed already, or discarded), or it could not be queued again', ...problemContent() })
  async replay(@Req() req: OpsRequest, @Param('id') id: string) {
    const outcome = await this.deadLetters.replay(req.principal, id);
    if (!outcome.replayed) throw new ProblemException(409, 'conflict', 'Not replayed', [], outcome.detail);
    return outcome;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Discard a dead letter; the reason (query ?reason= or body {"reason"}) is required and audited' })
  @ApiResponse({ status: 204, description: 'Discarded; audited' })
  @ApiResponse({ status: 400, description: 'No reason (at least 3 characters)', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No such dead letter within your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'It is not dead-lettered (being replayed, or discarded already)', ...problemContent() })
  async discard(@Req() req: OpsRequest, @Param('id') id: string, @Query('reason') qReason?: string, @Body() body?: { reason?: unknown }) {
    const reason = qReason ?? (typeof body?.reason === 'string' ? body.reason : undefined);
    if (!reason || reason.trim().length < 3) throw new ProblemException(400, 'malformed-request', 'Reason required', [{ path: '/reason', message: 'say why this dead letter is discarded' }]);
    await this.deadLetters.discard(req.principal, id, reason.trim());
  }
}
