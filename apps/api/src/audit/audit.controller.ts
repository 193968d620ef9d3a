import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DeliveryLedger } from '@hub/ledger';
import { json, problemContent } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole, scopeOf } from '../auth/ops.guard';
import { boundedInt, readTimestamp } from '../dead-letters/dead-letter-query';
import { BAD_FILTER } from '../dead-letters/dead-letters.controller';

@ApiTags('operations')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly ledger: DeliveryLedger) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Ops actions, newest first: who did what, when, in which tenants, with which filter and counts. Only entries within your tenants.' })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'action', required: false, example: 'dead-letter.replay-bulk' })
  @ApiQuery({ name: 'from', required: false, description: 'at or after (RFC 3339: 2026-11-23T00:00:00Z, or a date)' })
  @ApiQuery({ name: 'to', required: false, description: 'before (RFC 3339)' })
  @ApiResponse({ status: 400, description: BAD_FILTER, schema: { $ref: '#/components/schemas/Problem' } })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiResponse({ status: 200, description: 'A page of ops actions, newest first', ...json('AuditPage') })
  list(@Req() req: OpsRequest, @Query() q: Record<string, string>) {
    const at = (k: 'from' | 'to') => (q[k] ? readTimestamp(k, q[k]) : undefined);
    return this.ledger.audit(
      { tenants: scopeOf(req.principal), actor: q.actor || undefined, action: q.action || undefined, from: at('from'), to: at('to') },
      { limit: boundedInt(q.limit, 100, 1, 1000, 'limit'), after: q.after || undefined },
    );
  }
}
