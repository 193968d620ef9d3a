import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DeadLetterFilter } from '@hub/delivery';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { ProblemException } from '../problem/problem.exception';
import { DeadLettersService } from './dead-letters.service';

const FILTER_KEYS = ['tenant', 'target', 'type', 'subject', 'reason'] as const;

function readFilter(source: Record<string, unknown> | undefined): DeadLetterFilter {
  const filter: DeadLetterFilter = {};
  for (const k of FILTER_KEYS) {
    const v = source?.[k];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string') throw new ProblemException(400, 'malformed-request', 'Bad filter', [{ path: `/${k}`, message: 'must be a string' }]);
    filter[k] = v;
  }
  return filter;
}

function boundedInt(raw: string | undefined, fallback: number, max: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ProblemException(400, 'malformed-request', 'Bad paging', [{ path: `/${name}`, message: `must be an integer from 0 to ${max}` }]);
  return n;
}

@ApiTags('dead letters')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Dead-lettered deliveries, newest first; personal fields masked unless the caller holds pii-reader' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'target', required: false })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'subject', required: false })
  @ApiQuery({ name: 'reason', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  list(@Req() req: OpsRequest, @Query() query: Record<string, string>) {
    return this.deadLetters.list(req.principal, readFilter(query), boundedInt(query.limit, 50, 500, 'limit'), boundedInt(query.offset, 0, 1_000_000, 'offset'));
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One dead letter, with its event and reason' })
  get(@Req() req: OpsRequest, @Param('id') id: string) {
    return this.deadLetters.get(req.principal, id);
  }

  @Post('replay')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Replay every open dead letter matching a filter (body: tenant, target, type, subject, reason, max), to its failed target only' })
  replayMatching(@Req() req: OpsRequest, @Body() body: Record<string, unknown> | undefined) {
    const max = body?.max === undefined ? 1000 : Number(body.max);
    if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new ProblemException(400, 'malformed-request', 'Bad filter', [{ path: '/max', message: 'must be an integer from 1 to 10000' }]);
    return this.deadLetters.replayMatching(req.principal, readFilter(body), max);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Deliver one dead letter again, to the failed target only' })
  async replay(@Req() req: OpsRequest, @Param('id') id: string) {
    const outcome = await this.deadLetters.replay(req.principal, id);
    if (!outcome.replayed) throw new ProblemException(409, 'conflict', 'Not replayed', [], outcome.detail);
    return outcome;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Discard a dead letter; the reason (query ?reason= or body {"reason"}) is required and audited' })
  async discard(@Req() req: OpsRequest, @Param('id') id: string, @Query('reason') qReason?: string, @Body() body?: { reason?: unknown }) {
    const reason = qReason ?? (typeof body?.reason === 'string' ? body.reason : undefined);
    if (!reason || reason.trim().length < 3) throw new ProblemException(400, 'malformed-request', 'Reason required', [{ path: '/reason', message: 'say why this dead letter is discarded' }]);
    await this.deadLetters.discard(req.principal, id, reason.trim());
  }
}
