import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtension, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { tracingOn } from '@hub/observability';
import { REQUEST_CONTENT_EXTENSION } from '@hub/http-problem';
import { CredentialsService } from '../auth/credentials.service';
import { readCloudEvents } from './cloudevent-reader';
import { traceIngest } from './ingest-span';
import { AcceptedEntry, IngestService } from './ingest.service';

/** Binary mode's attributes (CloudEvents HTTP binding 1.0.2 §3.1.3): the six the hub needs are required in binary mode; the other modes do not read ce-* headers. */
const BINARY_HEADERS: [string, string, boolean][] = [
  ['ce-specversion', '1.0', true],
  ['ce-id', 'the event id', true],
  ['ce-source', 'the source URI', true],
  ['ce-type', 'a canonical type, e.g. hr.employee.joined.v1', true],
  ['ce-subject', 'the subject: the Kafka key', true],
  ['ce-tenant', 'the tenant (force) code', true],
  ['ce-time', 'RFC 3339 time of the occurrence', false],
  ['ce-dataschema', 'URI of the data’s schema', false],
];
function BinaryModeHeaders(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const [name, what, inBinary] of BINARY_HEADERS) {
      ApiHeader({ name, required: false, description: `Binary mode (Content-Type: application/json)${inBinary ? ', where it is required' : ''}: ${what}. Percent-encoded UTF-8; other ce-* headers are extension attributes` })(target, key, descriptor);
    }
  };
}

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
      'Structured (application/cloudevents+json), batch (application/cloudevents-batch+json, accepted whole or rejected whole; an empty batch `[]` is valid and answers 202 with nothing accepted) or binary mode (ce-* headers, body = data, application/json). Accepted means written to Kafka with acks from all in-sync replicas. ' +
      'Every extension attribute (any attribute but specversion, id, source, type, subject, tenant, time, dataschema, datacontenttype) is carried to the targets unchanged, in its canonical string form. ' +
      'A W3C `traceparent` (and `tracestate`) request header is the parent of the hub\'s trace of the request when tracing is on.',
  })
  @ApiBody({ required: true, description: 'One event (structured mode), a batch, or in binary mode the event’s data, with its attributes in ce-* headers' })
  @ApiExtension(REQUEST_CONTENT_EXTENSION, {
    'application/cloudevents+json': { schema: { $ref: '#/components/schemas/CloudEvent' } },
    'application/cloudevents-batch+json': { schema: { $ref: '#/components/schemas/CloudEventBatch' } },
    'application/json': { schema: { description: 'Binary mode: the event’s `data`, any JSON value; its attributes are the ce-* headers (ce-specversion, ce-id, ce-source, ce-type, ce-subject, ce-tenant required).' } },
  })
  @BinaryModeHeaders()
  @ApiResponse({ status: 202, description: 'Accepted', content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } } })
  @ApiResponse({
    status: 400,
    description:
      'Body is not JSON as the hub reads it: not UTF-8, a byte order mark, a key given twice in one object, a name that reaches Object.prototype (__proto__, constructor, prototype), nested deeper than 32, or not what its Content-Encoding says. ' +
      'Or not a valid CloudEvent envelope: a required attribute missing, not a string or too long; control characters, surrogates or noncharacters in an attribute; an extension attribute that is not a string, a boolean or an integer from -2147483648 to 2147483647, or whose name is not a-z0-9; a `traceparent` or `tracestate` attribute that is not W3C Trace Context (the CloudEvents distributed-tracing extension), or a `tracestate` without a `traceparent`; ' +
      'in binary mode a ce-* header that is not percent-encoded UTF-8 (HTTP binding 1.0.2 §3.1.3.2), or ce-datacontenttype. An attribute that is null is unset. Each problem names its JSON Pointer (and `index` in a batch).',
    schema: { $ref: '#/components/schemas/Problem' },
  })
  @ApiResponse({ status: 401, description: 'No credential, or an unknown one', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 403, description: 'The credential may not post this type, for this tenant or as this source', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 413, description: 'Body larger than the configured limit (MAX_BODY_BYTES), counted after decoding its Content-Encoding', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({ status: 415, description: 'Unsupported Content-Type or charset (UTF-8 only), or a Content-Encoding other than gzip, deflate, br and identity (the answer lists them in Accept-Encoding)', schema: { $ref: '#/components/schemas/Problem' } })
  @ApiResponse({
    status: 422,
    description: 'Unknown type, or data fails its schema or cannot be carried exactly: NUL or a lone surrogate in a string (escaped as \\u0000, \\ud800), an integer beyond ±9007199254740991 (2^53 − 1), a number that is not finite (1e400)',
    schema: { $ref: '#/components/schemas/Problem' },
  })
  @ApiResponse({ status: 503, description: 'Kafka did not acknowledge; nothing was accepted', schema: { $ref: '#/components/schemas/Problem' } })
  async post(@Req() req: Request): Promise<{ accepted: AcceptedEntry[] }> {
    const read = () => ({ principal: this.credentials.source(req.headers.authorization), ...readCloudEvents(req.headers, req.body as Buffer) });
    const handle = ({ principal, mode, candidates, mayHoldUncarriable }: ReturnType<typeof read>) => this.ingest.ingest(principal, candidates, mode === 'batch', mayHoldUncarriable);
    // Tracing off (the default): one boolean test, and the request is handled exactly as before.
    return { accepted: tracingOn() ? await traceIngest(req.headers, read, handle) : await handle(read()) };
  }
}
