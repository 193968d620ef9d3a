import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CredentialsService } from '../auth/credentials.service';
import { readCloudEvents } from './cloudevent-reader';
import { AcceptedEntry, IngestService } from './ingest.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class IngestController {
  constructor(private readonly credentials: CredentialsService, private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Post CloudEvents',
    description:
      'Structured (application/cloudevents+json), batch (application/cloudevents-batch+json, accepted whole or rejected whole) or binary mode (ce-* headers, body = data, application/json). Accepted means written to Kafka with acks from all in-sync replicas.',
  })
  @ApiConsumes('application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json')
  @ApiBody({ schema: { $ref: '#/components/schemas/CloudEvent' } })
  @ApiResponse({ status: 202, description: 'Accepted', schema: { $ref: '#/components/schemas/Accepted' } })
  @ApiResponse({ status: 400, description: 'Body is not JSON, or not a valid CloudEvent envelope', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 401, description: 'No credential, or an unknown one', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 403, description: 'The credential may not post this type or for this tenant', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 413, description: 'Body larger than the configured limit', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 415, description: 'Unsupported content type', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 422, description: 'Unknown type, or data fails its schema', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 503, description: 'Kafka did not acknowledge; nothing was accepted', schema: { $ref: '#/components/schemas/Problem' } })
  async post(@Req() req: Request): Promise<{ accepted: AcceptedEntry[] }> {
    const principal = this.credentials.source(req.headers.authorization);
    const { mode, candidates, mayHoldUncarriable } = readCloudEvents(req.headers, req.body as Buffer);
    return { accepted: await this.ingest.ingest(principal, candidates, mode === 'batch', mayHoldUncarriable) };
  }
}
