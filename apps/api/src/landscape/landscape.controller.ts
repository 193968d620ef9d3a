import { Body, Controller, Get, Param, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { json, problemContent } from '@hub/http-problem';
import { OpsGuard, OpsRequest, RequiresRole } from '../auth/ops.guard';
import { boundedInt } from '../dead-letters/dead-letter-query';
import { readCutover, readLandscapeChange, readVersion } from './landscape-request';
import { LandscapeService } from './landscape.service';

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const REASON = { type: 'string', minLength: 3, maxLength: 500 };

@ApiTags('landscape')
@ApiBearerAuth()
@UseGuards(OpsGuard)
@Controller('v1/landscape')
export class LandscapeController {
  constructor(private readonly landscape: LandscapeService) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({
    summary: 'The landscape version this API runs on: who made it, when, why; its document and migration plan with each step’s stage, within your tenants; never a token hash',
    description: 'With tenants `*`, the whole document (sources and ops users without their token hashes): PUT /v1/landscape takes it back as it is. With some tenants, their tenants, targets, routes and migration steps only.',
  })
  @ApiResponse({ status: 200, description: 'The current version, within your tenants', ...json('Landscape') })
  current(@Req() req: OpsRequest) {
    return this.landscape.current(req.principal);
  }

  @Get('versions')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Every landscape version, newest first: who made it, when, why, and what changed (within your tenants; a version that changed only other forces is left out)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'the `next` of the previous page: versions before this one' })
  @ApiResponse({ status: 400, description: 'A limit that is not an integer from 1 to 200, or a `before` that is not a version', schema: PROBLEM })
  @ApiResponse({ status: 200, description: 'A page of versions, newest first', ...json('LandscapeVersions') })
  versions(@Req() req: OpsRequest, @Query() q: Record<string, string>) {
    return this.landscape.versions(req.principal, { limit: boundedInt(q.limit, 50, 1, 200, 'limit'), before: readVersion(q.before, 'before') });
  }

  @Get('versions/:version')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One landscape version in full, within your tenants: to see what was, or to put an earlier one back with PUT /v1/landscape' })
  @ApiParam({ name: 'version', example: 3 })
  @ApiResponse({ status: 400, description: 'Not a version number', schema: PROBLEM })
  @ApiResponse({ status: 404, description: 'No such version (or none of your tenants in it)', schema: PROBLEM })
  @ApiResponse({ status: 200, description: 'The version', ...json('LandscapeVersion') })
  version(@Req() req: OpsRequest, @Param('version') version: string) {
    return this.landscape.version(req.principal, readVersion(version, 'version')!);
  }

  @Put()
  @RequiresRole('landscape-admin')
  @ApiOperation({
    summary: 'Replace the landscape with a whole new document: add a force, a target, a route; change or remove them. Stored as a new version, applied by every api, router and worker process without a restart. Audited (landscape.change)',
    description:
      'Needs the landscape-admin role with tenants `*`. The document is checked exactly as the landscape file is at boot (schema, cross-checks, connectors that take the routed types, credentials by reference set in the environment). A source or ops user without `tokenSha256` keeps the hash it has. `basedOn` (default: the latest) must be the latest version. `dryRun` answers what would change without storing. Gateway entries (webhooks, file drops) take effect at a gateway restart, from its file: the answer says `restartNeeded`.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['landscape', 'reason'],
      properties: { landscape: { type: 'object', description: 'a landscape document, as config/demo.json' }, reason: REASON, basedOn: { type: 'integer', minimum: 1 }, dryRun: { type: 'boolean' } },
    },
  })
  @ApiResponse({ status: 200, description: 'Dry run: what would change', ...json('LandscapeChangeAnswer') })
  @ApiResponse({ status: 201, description: 'Stored: the new version and what changed', ...json('LandscapeChangeAnswer') })
  @ApiResponse({ status: 400, description: 'Not a JSON object with a landscape object and a reason of 3 to 500 characters; an unknown field; basedOn not a version', schema: PROBLEM })
  @ApiResponse({ status: 403, description: 'No landscape-admin role, or not for every tenant', schema: PROBLEM })
  @ApiResponse({ status: 409, description: 'Nothing to change; basedOn is not the latest version; it removes a target with deliveries not yet done', schema: PROBLEM })
  @ApiResponse({ status: 422, description: 'The landscape fails the boot checks: one entry per problem, the same messages as at boot', schema: PROBLEM })
  async change(@Req() req: OpsRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const answer = await this.landscape.change(req.principal, readLandscapeChange(body));
    res.status('version' in answer ? 201 : 200);
    return answer;
  }

  @Post('cutovers')
  @RequiresRole('operator')
  @ApiOperation({
    summary: "Cut one tenant's domain over: its routes' shadows become the primaries in place of the old ones, which are retired or kept as shadows. Events accepted before still go where they were routed; every one accepted after goes to the new primary. Audited (landscape.cutover)",
    description:
      'Operator of the tenant. Which shadow replaces which primary: the migration plan’s steps for the tenant and domain, else each route’s one primary (`from` where a route has several; `to` promotes one shadow only). The result is checked as at boot. `dryRun` answers the routes before and after without storing anything.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['tenant', 'domain', 'reason'],
      properties: {
        tenant: { type: 'string', example: 'fen' },
        domain: { type: 'string', example: 'hr' },
        keepOldAsShadow: { type: 'boolean', description: 'keep each retired primary as a shadow' },
        dryRun: { type: 'boolean' },
        reason: REASON,
        to: { type: 'string', description: 'promote this shadow only' },
        from: { type: 'string', description: 'the primary it replaces, where the plan does not say and a route has several' },
      },
    },
  })
  @ApiResponse({ status: 200, description: 'Dry run: the routes before and after', ...json('CutoverAnswer') })
  @ApiResponse({ status: 201, description: 'Stored: the new version, the routes before and after', ...json('CutoverAnswer') })
  @ApiResponse({ status: 400, description: 'Not a JSON object with tenant, domain and a reason of 3 to 500 characters; an unknown field; a flag that is not true or false', schema: PROBLEM })
  @ApiResponse({ status: 404, description: 'No such tenant within your tenants, or no route of it in the domain', schema: PROBLEM })
  @ApiResponse({ status: 409, description: 'Nothing to change (no shadow to make primary), or which primary a shadow replaces is ambiguous', schema: PROBLEM })
  @ApiResponse({ status: 422, description: '`to` or `from` is not a target of the tenant (another force’s target answers the same), or the result fails the boot checks', schema: PROBLEM })
  async cutover(@Req() req: OpsRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const answer = await this.landscape.cutover(req.principal, readCutover(body));
    res.status('version' in answer ? 201 : 200);
    return answer;
  }
}
