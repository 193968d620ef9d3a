import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BACKFILL_STATES, BackfillState } from '@hub/ledger';
import { json, problemContent, ProblemException } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { boundedInt } from '../dead-letters/dead-letter-query';
import { BackfillsService } from './backfills.service';

const PROBLEM = { $ref: '#/components/schemas/Problem' };

const START_BODY = {
  schema: {
    type: 'object',
    required: ['tenant', 'target'],
    additionalProperties: false,
    description: 'tenant and target, and a filter: at least one of types, subject, from, to. No other field is taken.',
    properties: {
      tenant: { type: 'string', example: 'fen', description: 'the force whose history is delivered' },
      target: { type: 'string', example: 'erp-fen', description: "one target of that force; it gets the events it has no delivery of" },
      types: { type: 'array', items: { type: 'string' }, example: ['hr.*'], description: "exact types or patterns (hr.*), each one the target's connector takes; default: every type it takes" },
      subject: { type: 'string', description: "one subject's history only, e.g. an employee number" },
      from: { type: 'string', description: 'accepted at or after (RFC 3339: 2026-09-01T00:00:00Z, or a date)' },
      to: { type: 'string', description: 'accepted before (RFC 3339); at the latest, and by default, now' },
      rate: { type: 'integer', minimum: 1, description: 'events a second at most (default BACKFILL_RATE, at most BACKFILL_MAX_RATE); the target\'s own rate limit applies too' },
      dryRun: { type: 'boolean', default: false, description: 'count what would be sent, per type, and what the target has already; changes nothing' },
      reason: { type: 'string', minLength: 3, maxLength: 500, description: 'why, for the audit log (e.g. the change ticket)' },
    },
  },
};
const REASON_BODY = { required: false, schema: { type: 'object', properties: { reason: { type: 'string', minLength: 3, maxLength: 500, description: 'why, for the audit log' } } } };

function readState(raw: unknown): BackfillState | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !(BACKFILL_STATES as readonly string[]).includes(raw)) throw new ProblemException(400, 'malformed-request', 'Bad filter', [{ path: '/state', message: `one of ${BACKFILL_STATES.join(', ')}` }]);
  return raw as BackfillState;
}

function readOptionalReason(body: unknown): string | undefined {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || reason.trim().length < 3 || reason.length > 500) throw new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/reason', message: 'say why, in 3 to 500 characters' }]);
  return reason.trim();
}

@ApiTags('backfills')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/backfills')
export class BackfillsController {
  constructor(private readonly backfills: BackfillsService) {}

  @Post()
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({
    summary: "Backfill a target from the ledger's history: deliver again, to this one target, the events of a tenant it has no delivery of, selected by type, subject and time of acceptance; throttled, resumable, in order per subject. dryRun counts first",
    description:
      "202 with the backfill (a worker runs it); 200 for a dry run. The window ends at the latest now, and reaches back no further than the ledger's retention (LEDGER_RETENTION_DAYS). 404 for a tenant or target unknown or outside your tenants; 400 for a target of another force, no filter, a type its connector does not take, a window with from after to, a rate above the maximum; 409 when the target has a backfill running or paused.",
  })
  @ApiBody(START_BODY)
  @ApiResponse({ status: 200, description: 'dry run: what would be sent, per type, and what the target has already', ...json('BackfillDryRun') })
  @ApiResponse({ status: 202, description: 'started', ...json('Backfill') })
  @ApiResponse({ status: 400, description: 'bad request or filter', schema: PROBLEM })
  @ApiResponse({ status: 404, description: 'tenant or target unknown, or outside your tenants', schema: PROBLEM })
  @ApiResponse({ status: 409, description: 'the target has a backfill running or paused', schema: PROBLEM })
  async start(@Req() req: OpsRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const cmd = this.backfills.read(req.principal, body);
    if (cmd.dryRun) {
      res.status(200);
      return this.backfills.dryRun(req.principal, cmd);
    }
    return this.backfills.start(req.principal, cmd);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Backfills within your tenants, newest first, each with its progress' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'target', required: false })
  @ApiQuery({ name: 'state', required: false, description: BACKFILL_STATES.join(', ') })
  @ApiQuery({ name: 'limit', required: false, description: '1–100, default 20' })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiResponse({ status: 400, description: 'an unknown state, a limit that is not an integer from 1 to 100, a paging cursor the hub did not issue', schema: PROBLEM })
  @ApiResponse({ status: 200, description: 'A page of backfills, newest first', ...json('BackfillPage') })
  list(@Req() req: OpsRequest, @Query() q: Record<string, string>) {
    return this.backfills.list(
      req.principal,
      { ...(q.tenant ? { tenant: q.tenant } : {}), ...(q.target ? { target: q.target } : {}), ...(readState(q.state) ? { state: readState(q.state) } : {}) },
      { limit: boundedInt(q.limit, 20, 1, 100, 'limit'), after: q.after || undefined },
    );
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One backfill: state, what it selected, and its progress (counts by outcome, what is open, rate, ETA)' })
  @ApiResponse({ status: 404, description: 'unknown, or outside your tenants', schema: PROBLEM })
  @ApiResponse({ status: 200, description: 'The backfill and its progress', ...json('Backfill') })
  get(@Req() req: OpsRequest, @Param('id') id: string) {
    return this.backfills.get(req.principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequiresRole('operator')
  @ApiOperation({
    summary: 'Cancel a backfill: nothing more of it is sent; its deliveries waiting in their lanes or queue are withdrawn (a later backfill may send them); what was delivered stays. Audited',
    description: '409 when it is not running or paused.',
  })
  @ApiBody(REASON_BODY)
  @ApiResponse({ status: 409, description: 'not running or paused', schema: PROBLEM })
  @ApiResponse({ status: 200, description: 'The backfill, cancelled', ...json('Backfill') })
  @ApiResponse({ status: 400, description: 'A reason that is not 3 to 500 characters', ...problemContent() })
  @ApiResponse({ status: 404, description: 'unknown, or outside your tenants', ...problemContent() })
  cancel(@Req() req: OpsRequest, @Param('id') id: string, @Body() body?: unknown) {
    return this.backfills.cancel(req.principal, id, readOptionalReason(body));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Pause a backfill: no more of it is enqueued (what is queued still goes) until it is resumed. Audited', description: '409 unless it is running.' })
  @ApiBody(REASON_BODY)
  @ApiResponse({ status: 200, description: 'The backfill, paused', ...json('Backfill') })
  @ApiResponse({ status: 400, description: 'A reason that is not 3 to 500 characters', ...problemContent() })
  @ApiResponse({ status: 404, description: 'unknown, or outside your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'not running', ...problemContent() })
  pause(@Req() req: OpsRequest, @Param('id') id: string, @Body() body?: unknown) {
    return this.backfills.switch(req.principal, id, 'paused', readOptionalReason(body));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Resume a paused backfill from where it stopped. Audited', description: '409 unless it is paused.' })
  @ApiBody(REASON_BODY)
  @ApiResponse({ status: 200, description: 'The backfill, running again', ...json('Backfill') })
  @ApiResponse({ status: 400, description: 'A reason that is not 3 to 500 characters', ...problemContent() })
  @ApiResponse({ status: 404, description: 'unknown, or outside your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'not paused', ...problemContent() })
  resume(@Req() req: OpsRequest, @Param('id') id: string, @Body() body?: unknown) {
    return this.backfills.switch(req.principal, id, 'running', readOptionalReason(body));
  }
}
