import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import { QUARANTINE_REASONS } from '@hub/ledger';
import { json, problemContent } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { boundedInt } from '../dead-letters/dead-letter-query';
import { QUARANTINE_FILTER_FIELDS, readActionReason, readQuarantineFilter, readQuarantineStates } from './quarantine-query';
import { QuarantineService } from './quarantine.service';

const FILTER_DOCS: Record<(typeof QUARANTINE_FILTER_FIELDS)[number], string> = {
  tenant: 'force code, e.g. fen',
  reason: `reason code: ${QUARANTINE_REASONS.join(', ')}`,
  type: 'event type, e.g. hr.employee.joined.v1',
  subject: 'subject, e.g. an employee number',
  from: 'quarantined at or after (ISO 8601)',
  to: 'quarantined before (ISO 8601)',
};

const reasonBody = (description: string, required: boolean) =>
  ApiBody({ required, schema: { type: 'object', ...(required ? { required: ['reason'] } : {}), properties: { reason: { type: 'string', minLength: 3, maxLength: 500, description } } } });

@ApiTags('quarantine')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/quarantine')
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({
    summary: 'Kafka messages the router quarantined instead of routing, within your tenants, newest first, paged; personal data masked unless you hold pii-reader',
    description: 'A message whose tenant could not be read is listed only for callers with every tenant (*).',
  })
  @ApiQuery({ name: 'tenant', required: false, description: FILTER_DOCS.tenant })
  @ApiQuery({ name: 'reason', required: false, description: FILTER_DOCS.reason })
  @ApiQuery({ name: 'type', required: false, description: FILTER_DOCS.type })
  @ApiQuery({ name: 'subject', required: false, description: FILTER_DOCS.subject })
  @ApiQuery({ name: 'from', required: false, description: FILTER_DOCS.from })
  @ApiQuery({ name: 'to', required: false, description: FILTER_DOCS.to })
  @ApiQuery({ name: 'state', required: false, description: 'open (default: waiting for ops), all, or states separated by commas: open, released, discarded' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiResponse({ status: 200, description: 'A page of quarantined messages, newest first', ...json('QuarantinePage') })
  @ApiResponse({ status: 400, description: 'A filter that is not one: an unknown reason or state, a time that is not RFC 3339, a limit that is not an integer from 1 to 1000, a paging cursor the hub did not issue', ...problemContent() })
  list(@Req() req: OpsRequest, @Query() q: Record<string, string>) {
    return this.quarantine.list(req.principal, readQuarantineFilter(q), readQuarantineStates(q.state), { limit: boundedInt(q.limit, 100, 1, 1000, 'limit'), after: q.after || undefined });
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One quarantined message: why, what could be read of it, its Kafka coordinates, key and headers (its value only for pii-readers)' })
  @ApiResponse({ status: 200, description: 'The quarantined message', ...json('QuarantineEntry') })
  @ApiResponse({ status: 404, description: 'No such quarantined message within your tenants', ...problemContent() })
  get(@Req() req: OpsRequest, @Param('id') id: string) {
    return this.quarantine.get(req.principal, id);
  }

  @Post(':id/release')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({
    summary: 'Put a quarantined message back on its topic exactly as it was (key, headers, value), for the router to handle again once the cause is fixed',
    description: 'If it fails again it is quarantined again, as a new entry counting the times. 409 when it is not open; 503 (still open) when Kafka does not take it.',
  })
  @reasonBody('optional note for the audit log, e.g. which fix was deployed', false)
  @ApiResponse({ status: 202, description: 'Put back on its topic', ...json('QuarantineRelease') })
  @ApiResponse({ status: 400, description: 'A reason that is not 3 to 500 characters', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No such quarantined message within your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'It is not open (released or discarded already)', ...problemContent() })
  @ApiResponse({ status: 503, description: 'Kafka did not take it; it stays open', ...problemContent() })
  release(@Req() req: OpsRequest, @Param('id') id: string, @Body() body?: unknown) {
    return this.quarantine.release(req.principal, id, readActionReason(undefined, body, false, 'it is released'));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Discard a quarantined message; the reason (query ?reason= or body {"reason"}) is required and audited' })
  @ApiQuery({ name: 'reason', required: false })
  @reasonBody('why it will never be routed', false)
  @ApiResponse({ status: 204, description: 'Discarded; audited' })
  @ApiResponse({ status: 400, description: 'No reason (3 to 500 characters)', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No such quarantined message within your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'It is not open (released or discarded already)', ...problemContent() })
  async discard(@Req() req: OpsRequest, @Param('id') id: string, @Query('reason') qReason?: string, @Body() body?: unknown) {
    await this.quarantine.discard(req.principal, id, readActionReason(qReason, body, true, 'this quarantined message is discarded')!);
  }
}
