import { createHmac, randomBytes } from 'node:crypto';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { ProblemException } from '@hub/http-problem';
import type { HubConfig, WebhookSourceConfig } from '@hub/config';
import type { SourceConnector } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { SchemaRegistry } from '@hub/schema-registry';
import type { IngestClient } from '../ingest.client';
import { WebhooksController } from './webhooks.controller';

// The controller's wiring around the verifiers: what stops it at boot, what it warns of, and that
// a refused signature is a 401 problem before anything is read or posted.
const NOW = Date.UTC(2027, 0, 4, 9, 0, 0);
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const hook = (signature?: WebhookSourceConfig['signature'], extra: Partial<WebhookSourceConfig> = {}): WebhookSourceConfig => ({
  path: 'hr', connector: 'hr', source: 'hr-system', tenants: ['fen'], tokenRef: 'HR_INGEST_TOKEN', ...(signature ? { signature } : {}), ...extra,
});
const standard = (secretRefs = ['HR_WEBHOOK_SECRET']): WebhookSourceConfig['signature'] => ({ scheme: 'standard-webhooks', secretRefs, toleranceSeconds: 300 });

function setup(webhooks: WebhookSourceConfig[], env: Record<string, string> = { HR_INGEST_TOKEN: 'hr-token', HR_WEBHOOK_SECRET: SECRET }) {
  const event = { id: 'wh-1', type: 'hr.employee.joined.v1', data: {} } as CanonicalEvent;
  const connector = { manifest: { name: 'hr' }, toEvents: jest.fn(() => [event]) } as unknown as SourceConnector;
  const ingest = { postAll: jest.fn(async () => ({ ok: true, accepted: 1, duplicates: 0 })) } as unknown as IngestClient;
  const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
  const registry = { validate: () => [] } as unknown as SchemaRegistry;
  const make = () => new WebhooksController({ gateway: { webhooks, fileDrops: [] } } as unknown as HubConfig, new Map([['hr', connector]]), (r) => env[r], ingest, logger, registry, () => NOW);
  return { make, ingest, logger, connector };
}

function request(body: object, headers: Record<string, string>): RawBodyRequest<Request> {
  const raw = Buffer.from(JSON.stringify(body));
  return { rawBody: raw, body, header: (n: string) => headers[n.toLowerCase()] } as unknown as RawBodyRequest<Request>;
}

const signed = (body: object, timestamp = Math.floor(NOW / 1000), id = 'wh-1') => {
  const raw = JSON.stringify(body);
  const sig = createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64')).update(`${id}.${timestamp}.${raw}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${sig}` };
};

describe('WebhooksController', () => {
  it('refuses to start on an unset token or secret and a secret not of the Standard Webhooks form, naming each, never a value', () => {
    const { make } = setup([hook(standard(['HR_WEBHOOK_SECRET', 'HR_WEBHOOK_SECRET_2']))], { HR_WEBHOOK_SECRET: 'demo-hr-webhook-secret' });
    expect(make).toThrow(/gateway webhooks cannot start/);
    let message = '';
    try {
      make();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('a webhook posts with token HR_INGEST_TOKEN, which is not set in the environment');
    expect(message).toContain('webhook "hr": HR_WEBHOOK_SECRET is not a Standard Webhooks secret: it does not start with whsec_');
    expect(message).toContain('webhook "hr" names secret HR_WEBHOOK_SECRET_2, which is not set in the environment');
    expect(message).not.toContain('demo-hr-webhook-secret');
  });

  it('starts on an entry with only the older secretRef, warning that it keeps the legacy scheme', () => {
    const { make, logger } = setup([hook({ scheme: 'legacy-hmac-sha256', secretRefs: ['HR_WEBHOOK_SECRET'], fromSecretRef: true }, { secretRef: 'HR_WEBHOOK_SECRET' })]);
    make();
    expect(logger.warn).toHaveBeenCalledWith({ path: 'hr', scheme: 'legacy-hmac-sha256' }, expect.stringMatching(/gives only secretRef, so it keeps the legacy scheme/));
  });

  it("checks the timestamp against its own clock, and posts a webhook whose signature holds", async () => {
    const { make, ingest } = setup([hook(standard())]);
    const body = { eventId: 'wh-1' };
    // NOW is not the machine's time: the signature is good only by the clock the controller was given.
    await expect(make().receive('hr', 'fen', request(body, signed(body)))).resolves.toEqual({ accepted: [{ id: 'wh-1', type: 'hr.employee.joined.v1' }], duplicates: 0 });
    expect(ingest.postAll).toHaveBeenCalledWith([expect.objectContaining({ id: 'wh-1' })], 'hr-token');
  });

  it('answers a refused signature 401 with the header at fault, logs why, and neither reads nor posts the body', async () => {
    const { make, ingest, logger, connector } = setup([hook(standard())]);
    const body = { eventId: 'wh-1' };
    const refused = await make().receive('hr', 'fen', request(body, signed(body, Math.floor(NOW / 1000) - 301))).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).toJSON()).toMatchObject({ status: 401, type: expect.stringMatching(/unauthenticated$/), errors: [{ path: '/headers/webhook-timestamp', message: expect.stringMatching(/301 s before/) }] });
    expect(logger.warn).toHaveBeenCalledWith({ path: 'hr', tenant: 'fen', scheme: 'standard-webhooks', reason: 'timestamp-too-old', webhookId: 'wh-1' }, 'webhook signature refused');
    expect(connector.toEvents).not.toHaveBeenCalled();
    expect(ingest.postAll).not.toHaveBeenCalled();
  });
});
