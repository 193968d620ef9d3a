import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookSourceConfig } from '@hub/config';
import { buildWebhookVerifiers } from './webhook-verifiers';

const whsec = () => `whsec_${randomBytes(32).toString('base64')}`;
const entry = (path: string, signature?: WebhookSourceConfig['signature']): WebhookSourceConfig => ({ path, connector: 'hr', source: 'hr-system', tenants: ['fen'], tokenRef: 'HR_INGEST_TOKEN', ...(signature ? { signature } : {}) });
const NOW = Date.UTC(2027, 0, 4, 9, 0, 0);
const ts = Math.floor(NOW / 1000);
const v1 = (secret: string, id: string, t: number, body: string) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${t}.${body}`).digest('base64')}`;

describe('buildWebhookVerifiers', () => {
  it("builds a Standard Webhooks verifier per path from the secrets its variables hold, with the entry's tolerance", () => {
    const [a, b] = [whsec(), whsec()];
    const env: Record<string, string> = { HR_A: a, HR_B: b };
    const { byPath, problems, warnings } = buildWebhookVerifiers([entry('hr', { scheme: 'standard-webhooks', secretRefs: ['HR_A', 'HR_B'], toleranceSeconds: 60 })], (r) => env[r]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    const v = byPath.get('hr')!;
    expect(v.scheme).toBe('standard-webhooks');
    const h = (sig: string, t = ts) => (n: string) => ({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(t), 'webhook-signature': sig })[n];
    expect(v.verify(Buffer.from('{}'), h(v1(b, 'msg_1', ts, '{}')), NOW)).toMatchObject({ ok: true, secretRef: 'HR_B' });
    expect(v.verify(Buffer.from('{}'), h(v1(a, 'msg_1', ts - 61, '{}'), ts - 61), NOW)).toMatchObject({ ok: false, reason: 'timestamp-too-old' });
  });

  it('refuses to start on a secret unset or not of the Standard Webhooks form, naming the webhook and variable but never the value', () => {
    const env: Record<string, string> = { HR_OLD: 'demo-hr-webhook-secret', HR_SHORT: `whsec_${randomBytes(8).toString('base64')}`, HR_BAD: 'whsec_not base64!' };
    const { byPath, problems } = buildWebhookVerifiers([entry('hr', { scheme: 'standard-webhooks', secretRefs: ['HR_OLD', 'HR_SHORT', 'HR_BAD', 'HR_UNSET'], toleranceSeconds: 300 })], (r) => env[r]);
    expect(byPath.has('hr')).toBe(false);
    expect(problems).toEqual([
      expect.stringMatching(/^webhook "hr": HR_OLD is not a Standard Webhooks secret: it does not start with whsec_/),
      expect.stringMatching(/^webhook "hr": HR_SHORT is not a Standard Webhooks secret: it holds 8 bytes/),
      expect.stringMatching(/^webhook "hr": HR_BAD is not a Standard Webhooks secret: what follows whsec_ is not base64/),
      'webhook "hr" names secret HR_UNSET, which is not set in the environment',
    ]);
    for (const value of Object.values(env)) expect(problems.join('\n')).not.toContain(value);
  });

  it('keeps the legacy scheme working, and warns of it at boot: louder for an entry that gave only secretRef', () => {
    const env: Record<string, string> = { LEDGER: 'demo-ledger-webhook-secret', HR: 'demo-hr-webhook-secret' };
    const { byPath, problems, warnings } = buildWebhookVerifiers(
      [entry('ledger', { scheme: 'legacy-hmac-sha256', secretRefs: ['LEDGER'] }), entry('hr', { scheme: 'legacy-hmac-sha256', secretRefs: ['HR'], fromSecretRef: true })],
      (r) => env[r],
    );
    expect(problems).toEqual([]);
    expect(byPath.get('hr')!.verify(Buffer.from('{}'), (n) => (n === 'x-signature-256' ? `sha256=${createHmac('sha256', env.HR).update('{}').digest('hex')}` : undefined), NOW)).toEqual({ ok: true, secretRef: 'HR' });
    expect(warnings).toEqual([
      { path: 'ledger', scheme: 'legacy-hmac-sha256', message: expect.stringMatching(/^webhook "ledger" is signed with the legacy scheme .* can be replayed/) },
      { path: 'hr', scheme: 'legacy-hmac-sha256', message: expect.stringMatching(/^webhook "hr" gives only secretRef, so it keeps the legacy scheme .* move it to signature with scheme standard-webhooks/) },
    ]);
  });

  it('warns of a webhook that is not signed, and checks nothing on it', () => {
    const { byPath, problems, warnings } = buildWebhookVerifiers([entry('open')], () => undefined);
    expect(problems).toEqual([]);
    expect(byPath.has('open')).toBe(false);
    expect(warnings).toEqual([{ path: 'open', scheme: 'none', message: expect.stringMatching(/^webhook "open" is not signed: anyone .* source "hr-system"/) }]);
  });
});
