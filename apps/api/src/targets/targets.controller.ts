import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { json, problemContent, ProblemException } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { TargetsService } from './targets.service';

const REASON_BODY = {
  schema: {
    type: 'object',
    required: ['reason'],
    properties: { reason: { type: 'string', minLength: 3, maxLength: 500, example: 'bureau maintenance window, change CHG-2291' } },
  },
};

/** The reason every pause and resume is audited with. */
export function readReason(body: { reason?: unknown } | undefined): string {
  const reason = typeof body?.reason === 'string' ? body.reason.trim() : '';
  if (reason.length < 3 || reason.length > 500) throw new ProblemException(400, 'malformed-request', 'Reason required', [{ path: '/reason', message: 'say why, in 3 to 500 characters' }]);
  return reason;
}

@ApiTags('targets')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'The targets within your tenants: paused or not (by whom, why), circuit breaker state and time in open, queue counts, settings' })
  @ApiResponse({ status: 200, description: 'The targets within your tenants', ...json('TargetList') })
  list(@Req() req: OpsRequest) {
    return this.targets.list(req.principal);
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One target: paused or not (by whom, why), circuit breaker (state, failures in a row, open since, next probe, Retry-After), queue counts, settings' })
  @ApiResponse({ status: 200, description: 'The target', ...json('Target') })
  @ApiResponse({ status: 404, description: 'No such target within your tenants', ...problemContent() })
  get(@Req() req: OpsRequest, @Param('id') id: string) {
    return this.targets.get(req.principal, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequiresRole('operator')
  @ApiOperation({
    summary: "Pause a target's deliveries: none is attempted until it is resumed, retries coming due included; they wait in order and nothing expires. Audited with the reason",
    description: 'Answers the target\'s status. 409 when it is already paused (the answer says by whom).',
  })
  @ApiBody(REASON_BODY)
  @ApiResponse({ status: 200, description: "The target's status, paused", ...json('Target') })
  @ApiResponse({ status: 400, description: 'No reason (3 to 500 characters)', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No such target within your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'Already paused (the detail says by whom)', ...problemContent() })
  pause(@Req() req: OpsRequest, @Param('id') id: string, @Body() body?: { reason?: unknown }) {
    return this.targets.pause(req.principal, id, readReason(body));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequiresRole('operator')
  @ApiOperation({ summary: "Resume a paused target: its waiting deliveries go in order, at its rate limit. Audited with the reason", description: '409 when it is not paused.' })
  @ApiBody(REASON_BODY)
  @ApiResponse({ status: 200, description: "The target's status, resumed", ...json('Target') })
  @ApiResponse({ status: 400, description: 'No reason (3 to 500 characters)', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No such target within your tenants', ...problemContent() })
  @ApiResponse({ status: 409, description: 'Not paused', ...problemContent() })
  resume(@Req() req: OpsRequest, @Param('id') id: string, @Body() body?: { reason?: unknown }) {
    return this.targets.resume(req.principal, id, readReason(body));
  }
}
