import { createHmac, timingSafeEqual } from 'node:crypto';
import { Controller, HttpCode, Inject, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException, problemContent } from '@apps/api';
import { HUB_CONFIG, HubConfig, WebhookSourceConfig } from '@hub/config';
import { SourceConnector, SourceInputError, sourceUrn } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { GATEWAY_SOURCES, INGEST_CLIENT, SECRETS, SourceConnectors } from '../gateway.tokens';
import { IngestClient } from '../ingest.client';

/** Proves the body came from the system: HMAC-SHA256 of the raw bytes with the shared secret. */
export function signatureMatches(raw: Buffer, secret: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The challenge of a webhook's 401 (RFC 9110 §11.6.1 wants one on every 401). The credential is not
 * an Authorization header but a signature of the body, so no registered scheme fits: this one names
 * the algorithm and the header it is expected in.
 */
export const WEBHOOK_CHALLENGE = 'HMAC-SHA256 realm="erp-hub gateway", header="x-signature-256"';

/** What a webhook's 202 says. */
const WEBHOOK_ACCEPTED = {
  type: 'object',
  required: ['accepted', 'duplicates'],
  properties: {
    accepted: { type: 'array', items: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string' }, type: { type: 'string' } } } },
    duplicates: { type: 'integer', minimum: 0 },
  },
};

/**
 * The signature headers. x-signature-256 is the one this version checks; the Standard Webhooks
 * headers (webhook-id, webhook-timestamp, webhook-signature), which the gateway is to take as well,
 * are declared beside it as optional and are not checked yet.
 */
function WebhookHeaders(): MethodDecorator {
  return (target, key, descriptor) => {
    ApiHeader({ name: 'x-signature-256', required: false, description: '`sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with the shared secret>`; required when the webhook entry has a secretRef' })(target, key, descriptor);
    ApiHeader({ name: 'webhook-id', required: false, description: 'Standard Webhooks (not checked yet by this version): the message id, the same on every retry of one message' })(target, key, descriptor);
    ApiHeader({ name: 'webhook-timestamp', required: false, description: 'Standard Webhooks (not checked yet by this version): seconds since the Unix epoch when the message was sent' })(target, key, descriptor);
    ApiHeader({ name: 'webhook-signature', required: false, description: 'Standard Webhooks (not checked yet by this version): space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` signatures' })(target, key, descriptor);
  };
}

/**
 * Systems that push (the HR system, the ledger) call POST /webhooks/<path>/<tenant>. The body is
 * read by the path's source connector, checked against the schemas, and posted to the hub as that
 * source. The answer tells the system whether to retry: 202 done, 4xx never, 503 later.
 */
@Controller('webhooks')
export class WebhooksController {
  private readonly hooks: Map<string, WebhookSourceConfig>;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(GATEWAY_SOURCES) private readonly sources: SourceConnectors,
    @Inject(SECRETS) private readonly secret: (ref: string) => string | undefined,
    @Inject(INGEST_CLIENT) private readonly ingest: IngestClient,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly registry: SchemaRegistry,
  ) {
    this.hooks = new Map(config.gateway.webhooks.map((w) => [w.path, w]));
    // A missing secret would turn every webhook into a 401 or 502 at run time: refuse to start instead.
    const unset = config.gateway.webhooks.flatMap((w) => [w.tokenRef, ...(w.secretRef ? [w.secretRef] : [])]).filter((ref) => !secret(ref));
    if (unset.length) throw new Error(`gateway webhooks name secrets that are not set: ${[...new Set(unset)].join(', ')}`);
  }

  @Post(':path/:tenant')
  @HttpCode(202)
  @ApiTags('webhooks')
  @ApiOperation({
    summary: "Take a system's webhook: read by the path's source connector, checked against the schemas, posted to the hub as that source",
    description: 'The answer tells the system whether to retry: 202 done, a 4xx never (fix the sender or the record), 502 and 503 later. Nothing is posted unless the whole webhook reads and validates; a repeat is harmless (the hub drops it by event id).',
  })
  @ApiParam({ name: 'path', description: "the webhook entry's path in the landscape, e.g. hr, ledger" })
  @ApiParam({ name: 'tenant', description: 'the force, one of the entry’s tenants, e.g. fen' })
  @ApiBody({ required: true, description: "the system's own webhook payload, as its connector reads it", schema: { type: 'object', description: 'a JSON object' } })
  @WebhookHeaders()
  @ApiResponse({ status: 202, description: 'The hub accepted the events: `accepted` lists them, `duplicates` counts those it already had (a webhook that carries nothing the hub takes is 202 with an empty list)', content: { 'application/json': { schema: WEBHOOK_ACCEPTED } } })
  @ApiResponse({ status: 400, description: 'The body is not a JSON object', ...problemContent() })
  @ApiResponse({ status: 401, description: 'x-signature-256 is missing or does not match the body (also when the gateway has no value for the entry’s secretRef)', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No webhook at that path, or the path does not serve that tenant (the same answer for both)', ...problemContent() })
  @ApiResponse({ status: 422, description: 'The connector cannot read the webhook (a field named in errors[].path), or an event fails its schema', ...problemContent() })
  @ApiResponse({ status: 502, description: 'The hub refused the events the gateway made: a fault in the hub’s configuration; retry later', ...problemContent() })
  @ApiResponse({ status: 503, description: 'The hub could not be reached or could not take the events now; retry later with backoff', ...problemContent() })
  async receive(@Param('path') path: string, @Param('tenant') tenant: string, @Req() req: RawBodyRequest<Request>): Promise<unknown> {
    try {
      const answer = await this.handle(path, tenant, req);
      this.metrics.gatewayWebhooks.inc({ path, status: '202' });
      return answer;
    } catch (err) {
      this.metrics.gatewayWebhooks.inc({ path, status: String(err instanceof ProblemException ? err.status : 500) });
      throw err;
    }
  }

  private async handle(path: string, tenant: string, req: RawBodyRequest<Request>): Promise<unknown> {
    const hook = this.hooks.get(path);
    // The same answer for an unknown path and a tenant the path does not serve: nothing to probe.
    if (!hook || !hook.tenants.includes(tenant)) throw new ProblemException(404, 'not-found', 'Not found', [], `no webhook at /webhooks/${path}/${tenant}`);
    if (hook.secretRef) {
      const secret = this.secret(hook.secretRef);
      if (!secret || !signatureMatches(req.rawBody ?? Buffer.alloc(0), secret, req.header('x-signature-256'))) {
        throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'x-signature-256 is missing or does not match the body', WEBHOOK_CHALLENGE);
      }
    }
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ProblemException(400, 'malformed-request', 'Body is not a JSON object');

    const connector = this.sources.get(hook.connector) as SourceConnector;
    let events: CanonicalEvent[];
    try {
      events = connector.toEvents(body, { tenant, source: sourceUrn(connector.manifest.name) });
    } catch (err) {
      if (!(err instanceof SourceInputError)) throw err;
      throw new ProblemException(422, 'schema-violation', 'Webhook not readable', [{ path: err.field ?? '', message: err.message }]);
    }
    const problems = events.flatMap((e) => this.registry.validate(e.type, e.data, '/data').map((p) => ({ eventId: e.id, path: p.path, message: `${e.type}: ${p.message}` })));
    if (problems.length) throw new ProblemException(422, 'schema-violation', 'Schema violation', problems);

    const token = this.secret(hook.tokenRef)!;
    const outcome = await this.ingest.postAll(events, token);
    if (outcome.ok) return { accepted: events.map((e) => ({ id: e.id, type: e.type })), duplicates: outcome.duplicates };
    if (outcome.retryable) throw new ProblemException(503, 'unavailable', 'Hub unavailable', [], 'the hub could not take the events now; send the webhook again later');
    // The hub refused what the gateway sent: a configuration fault on our side, not the sender's.
    this.logger.error({ path, tenant, status: outcome.status, problem: outcome.problem }, 'hub refused webhook events');
    throw new ProblemException(502, 'unavailable', 'Refused by the hub', [], `the hub answered ${outcome.status}; the hub's operators have been told`);
  }
}
