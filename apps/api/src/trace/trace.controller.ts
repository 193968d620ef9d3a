import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DeliveryLedger } from '@hub/ledger';
import { json, problemContent, ProblemException } from '@hub/http-problem';
import { CredentialsService } from '../auth/credentials.service';
import { scopeOf } from '../auth/ops.guard';
import { summariseTrace, TraceSummary } from './trace-summary';

@ApiTags('trace')
@ApiBearerAuth()
@Controller('v1/events')
export class TraceController {
  constructor(private readonly credentials: CredentialsService, private readonly ledger: DeliveryLedger) {}

  @Get(':id')
  @ApiOperation({
    summary: 'What became of one event, from the delivery ledger: accepted, and per target queued, attempts, delivered or dead-lettered, with times and the last error',
    description: 'The router records an event within milliseconds of its acceptance; until then this answers 404.',
  })
  @ApiQuery({ name: 'source', required: false, description: 'The event source; needed when several sources used the same id' })
  @ApiQuery({ name: 'tenant', required: false, description: 'The tenant; needed when a caller who sees several forces asks for an id that more than one of them used' })
  @ApiResponse({ status: 200, description: 'The event and what became of it at each target', ...json('TraceSummary') })
  @ApiResponse({ status: 404, description: 'No such event within your tenants (or not recorded yet: ask again in a moment)', ...problemContent() })
  @ApiResponse({ status: 409, description: 'The id is ambiguous: several sources, or several of your tenants, used it; the detail says which parameter to add', ...problemContent() })
  async trace(@Req() req: Request, @Param('id') id: string, @Query('source') source?: string, @Query('tenant') tenant?: string): Promise<TraceSummary> {
    // Ops viewers and the source systems themselves may ask, each within its own tenants.
    const principal = this.credentials.authenticate(req.headers.authorization);
    if (principal.kind === 'ops' && !principal.roles.some((r) => r === 'viewer' || r === 'operator')) {
      throw new ProblemException(403, 'forbidden', 'Forbidden', [], 'this needs the viewer role');
    }
    const scope = scopeOf(principal);
    const found = await this.ledger.tracesByEventId(id, scope, { ...(source !== undefined ? { source } : {}), ...(tenant !== undefined ? { tenant } : {}) });
    if (found.length === 0) throw new ProblemException(404, 'not-found', 'Not found', [], `no event "${id}"${source ? ` from ${source}` : ''} within your tenants`);
    if (found.length > 1) {
      // Only events within the caller's own tenants are ever listed here.
      const sources = [...new Set(found.map((t) => t.event.source))];
      const tenants = [...new Set(found.map((t) => t.event.tenant))];
      const hint = sources.length > 1 ? `several sources used id "${id}": add ?source= (one of ${sources.join(', ')})` : `several of your tenants have an event "${id}" from ${sources[0]}: add ?tenant= (one of ${tenants.join(', ')})`;
      throw new ProblemException(409, 'conflict', 'Ambiguous event id', [], hint);
    }
    return summariseTrace(found[0]);
  }
}
