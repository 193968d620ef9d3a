import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { HUB_LANDSCAPE, LiveLandscape } from '@hub/config';
import { DeliveryLedger } from '@hub/ledger';
import { json } from '@hub/http-problem';
import { CredentialsService } from '../auth/credentials.service';
import { FILE_TOTALS_SCHEMA, MAX_KEYS_PER_POST, readFileTotals } from './file-totals-body';

const PROBLEM = { schema: { $ref: '#/components/schemas/Problem' } };

/**
 * The gateway's record of a file that carries control totals (a duty-management export's
 * trailer), beside what became of its records: the gateway has no ledger of its own, so it posts
 * this here with the token of the drop's source, as it posts the file's events.
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/file-totals')
export class FileTotalsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly ledger: DeliveryLedger,
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: "Record a file's control totals as the gateway read them (trailer count and total), how many records it posted and quarantined, and the keys of the events it posted",
    description: `Idempotent per tenant, drop and sha256: a retry, or the event keys in several posts (at most ${MAX_KEYS_PER_POST} each), keep one record. Only the source of the drop, for its tenant and as its own source URI.`,
  })
  @ApiBody({ schema: FILE_TOTALS_SCHEMA as unknown as Record<string, unknown> })
  @ApiResponse({ status: 202, description: 'Recorded: `{ file, eventKeys }`, the file record id and how many keys this post carried', ...json('FileTotalsRecorded') })
  @ApiResponse({ status: 400, description: 'Not the shape above (a problem per field), or more records posted and quarantined than the trailer counts', ...PROBLEM })
  @ApiResponse({ status: 401, description: 'No credential, or an unknown one', ...PROBLEM })
  @ApiResponse({ status: 403, description: "An ops credential, another tenant, another source URI, or a drop that is not this source's for that tenant", ...PROBLEM })
  async record(@Req() req: Request, @Body() body: unknown): Promise<{ file: string; eventKeys: number }> {
    const principal = this.credentials.source(req.headers.authorization);
    const { row, eventKeys } = readFileTotals(body, principal, this.landscape.current().config.gateway.fileDrops, new Date());
    const { id } = await this.ledger.recordReadFile(row, eventKeys);
    return { file: id, eventKeys: eventKeys.length };
  }
}
