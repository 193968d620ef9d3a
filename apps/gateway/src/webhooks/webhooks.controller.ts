import { createHmac, timingSafeEqual } from 'node:crypto';
import { Controller, HttpCode, Inject, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { ProblemException } from '@apps/api';
import { HUB_CONFIG, HubConfig, WebhookSourceConfig } from '@hub/config';
import { SourceConnector, SourceInputError, sourceUrn } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { contextFrom, failSpan, hubMetrics, SpanKind, startSpan, tracingOn, withSpan } from '@hub/observability';
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
    if (hook.secretRef) {
      const secret = this.secret(hook.secretRef);
      if (!secret || !signatureMatches(req.rawBody ?? Buffer.alloc(0), secret, req.header('x-signature-256'))) {
        throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'x-signature-256 is missing or does not match the body');
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
