import { applyDecorators, Controller, HttpCode, Inject, Optional, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException, problemContent } from '@hub/http-problem';
import { HUB_CONFIG, HubConfig, WebhookSourceConfig } from '@hub/config';
import { SourceConnector, SourceInputError, sourceUrn } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { contextFrom, failSpan, hubMetrics, SpanKind, startSpan, tracingOn, withSpan } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { GATEWAY_SOURCES, INGEST_CLIENT, SECRETS, SourceConnectors, WEBHOOK_CLOCK } from '../gateway.tokens';
import { IngestClient } from '../ingest.client';
import { WebhookVerifier } from './webhook-signature';
import { buildWebhookVerifiers } from './webhook-verifiers';

/**
 * The challenge of a webhook's 401 (RFC 9110 §11.6.1 wants one on every 401). The credential is not
 * an Authorization header but a signature of the body, so no registered scheme fits: this one names
 * the scheme the webhook's entry signs with and the header its signature is expected in.
 */
export const webhookChallenge = (scheme: WebhookVerifier['scheme']): string =>
  scheme === 'legacy-hmac-sha256' ? 'HMAC-SHA256 realm="erp-hub gateway", header="x-signature-256"' : 'Standard-Webhooks realm="erp-hub gateway", header="webhook-signature"';

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
 * The signature headers: Standard Webhooks' three (webhook-id, webhook-timestamp,
 * webhook-signature), or x-signature-256 for an entry on the legacy scheme; which ones a webhook
 * requires depends on its entry, so each is declared optional.
 */
function WebhookHeaders(): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'webhook-id', required: false, description: 'Standard Webhooks: the message id, the same on every retry of one message (printable ASCII, no `.`); required unless the entry is on the legacy scheme' }),
    ApiHeader({ name: 'webhook-timestamp', required: false, description: 'Standard Webhooks: seconds since the Unix epoch when this attempt was signed; refused outside the entry\'s tolerance (300 s by default) either side of the gateway\'s clock' }),
    ApiHeader({ name: 'webhook-signature', required: false, description: 'Standard Webhooks: space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` signatures, one per secret during a rotation; any one matching is enough' }),
    ApiHeader({ name: 'x-signature-256', required: false, description: 'Legacy scheme only (`legacy-hmac-sha256`): `sha256=<hex HMAC-SHA256 of the exact body bytes>`; no timestamp, so a captured webhook can be replayed' }),
  );
}

/**
 * Systems that push (the HR system, the ledger) call POST /webhooks/<path>/<tenant>. The body is
 * read by the path's source connector, checked against the schemas, and posted to the hub as that
 * source. The answer tells the system whether to retry: 202 done, 4xx never, 503 later.
 */
@Controller('webhooks')
export class WebhooksController {
  private readonly hooks: Map<string, WebhookSourceConfig>;
  /** By path, built at boot; a path that is not signed has none. */
  private readonly verifiers: ReadonlyMap<string, WebhookVerifier>;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(GATEWAY_SOURCES) private readonly sources: SourceConnectors,
    @Inject(SECRETS) private readonly secret: (ref: string) => string | undefined,
    @Inject(INGEST_CLIENT) private readonly ingest: IngestClient,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly registry: SchemaRegistry,
    @Optional() @Inject(WEBHOOK_CLOCK) private readonly now: () => number = Date.now,
  ) {
    this.hooks = new Map(config.gateway.webhooks.map((w) => [w.path, w]));
    // A missing or malformed secret would turn every webhook into a 401 or 502 at run time: refuse to start instead.
    const { byPath, problems, warnings } = buildWebhookVerifiers(config.gateway.webhooks, secret);
    const tokens = [...new Set(config.gateway.webhooks.map((w) => w.tokenRef))].filter((ref) => !secret(ref)).map((ref) => `a webhook posts with token ${ref}, which is not set in the environment`);
    if (tokens.length || problems.length) throw new Error(`gateway webhooks cannot start:\n  - ${[...tokens, ...problems].join('\n  - ')}`);
    for (const w of warnings) this.logger.warn({ path: w.path, scheme: w.scheme }, w.message);
    this.verifiers = byPath;
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
  @ApiResponse({ status: 401, description: 'The signature was refused: a header missing or malformed, webhook-timestamp outside the tolerance, or no signature matched the body (x-signature-256 missing or not matching, for an entry on the legacy scheme); `detail` and `errors[0].path` say which', ...problemContent() })
  @ApiResponse({ status: 404, description: 'No webhook at that path, or the path does not serve that tenant (the same answer for both)', ...problemContent() })
  @ApiResponse({ status: 422, description: 'The connector cannot read the webhook (a field named in errors[].path), or an event fails its schema', ...problemContent() })
  @ApiResponse({ status: 502, description: 'The hub refused the events the gateway made: a fault in the hub’s configuration; retry later', ...problemContent() })
  @ApiResponse({ status: 503, description: 'The hub could not be reached or could not take the events now; retry later with backoff', ...problemContent() })
  async receive(@Param('path') path: string, @Param('tenant') tenant: string, @Req() req: RawBodyRequest<Request>): Promise<unknown> {
    // Tracing on: a server span, child of the sender's `traceparent` if it sent one, around the
    // handling, so the post to the API continues the same trace.
    const span = tracingOn() ? startSpan('POST /webhooks/:path/:tenant', SpanKind.SERVER, contextFrom(req.headers), { 'http.request.method': 'POST', 'http.route': '/webhooks/:path/:tenant', 'hub.webhook': path, 'hub.tenant': tenant }) : undefined;
    try {
      const answer = await (span ? withSpan(span, () => this.handle(path, tenant, req)) : this.handle(path, tenant, req));
      this.metrics.gatewayWebhooks.inc({ path, status: '202' });
      span?.setAttribute('http.response.status_code', 202);
      return answer;
    } catch (err) {
      const status = err instanceof ProblemException ? err.status : 500;
      this.metrics.gatewayWebhooks.inc({ path, status: String(status) });
      if (span && status >= 500) failSpan(span, err, { 'http.response.status_code': status });
      else span?.setAttribute('http.response.status_code', status);
      throw err;
    } finally {
      span?.end();
    }
  }

  private async handle(path: string, tenant: string, req: RawBodyRequest<Request>): Promise<unknown> {
    const hook = this.hooks.get(path);
    // The same answer for an unknown path and a tenant the path does not serve: nothing to probe.
    if (!hook || !hook.tenants.includes(tenant)) throw new ProblemException(404, 'not-found', 'Not found', [], `no webhook at /webhooks/${path}/${tenant}`);
    const webhookId = this.checkSignature(path, tenant, req);
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
    this.logger.error({ path, tenant, webhookId, status: outcome.status, problem: outcome.problem }, 'hub refused webhook events');
    throw new ProblemException(502, 'unavailable', 'Refused by the hub', [], `the hub answered ${outcome.status}; the hub's operators have been told`);
  }

  /**
   * Checks the webhook's signature over the raw bytes (the path's scheme, built at boot); a refusal
   * is a 401 saying which check failed, logged and counted. Returns the webhook-id, when there is one.
   */
  private checkSignature(path: string, tenant: string, req: RawBodyRequest<Request>): string | undefined {
    const verifier = this.verifiers.get(path);
    if (!verifier) return undefined;
    const check = verifier.verify(req.rawBody ?? Buffer.alloc(0), (name) => req.header(name), this.now());
    this.metrics.gatewayWebhookSignatures.inc({ path, scheme: verifier.scheme, result: check.ok ? 'verified' : check.reason, secret: check.ok ? check.secretRef : '' });
    if (check.ok) return check.webhookId;
    this.logger.warn({ path, tenant, scheme: verifier.scheme, reason: check.reason, webhookId: check.webhookId }, 'webhook signature refused');
    throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [{ path: `/headers/${check.header}`, message: check.detail }], check.detail, webhookChallenge(verifier.scheme));
  }
}
