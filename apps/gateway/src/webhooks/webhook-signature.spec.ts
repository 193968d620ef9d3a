import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  legacyHmacVerifier,
  signStandardWebhook,
  standardSecretKey,
  standardSignature,
  standardWebhooksVerifier,
  WebhookSecret,
} from './webhook-signature';

// Every expected signature here is computed by the test itself with node:crypto, or taken from
// Standard Webhooks' own reference library (libraries/javascript/src/webhook.test.ts, "sign
// function works"), never from the code under test.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const keyOf = (whsec: string) => Buffer.from(whsec.slice('whsec_'.length), 'base64');
/** What a sender computes, straight from the spec: base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`. */
const sign = (whsec: string, id: string, timestamp: number, body: Buffer | string) =>
  `v1,${createHmac('sha256', keyOf(whsec)).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)])).digest('base64')}`;
const secret = (ref: string, whsec: string): WebhookSecret => ({ ref, key: keyOf(whsec) });
const headersOf = (h: Record<string, string | undefined>) => (name: string) => h[name];

const NOW = Date.UTC(2027, 0, 4, 9, 0, 0);
const nowSeconds = Math.floor(NOW / 1000);

describe('standardWebhooksVerifier', () => {
  const current = newSecret();
  const next = newSecret();
  const body = Buffer.from('{"eventType":"worker.hired","eventId":"wh-FEN-1"}');
  const verifier = standardWebhooksVerifier([secret('HR_WEBHOOK_SECRET', current)], 300);
  const signed = (overrides: Record<string, string | undefined> = {}, raw: Buffer = body, whsec = current, ts = nowSeconds, id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W') =>
    headersOf({ 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(whsec, id, ts, raw), ...overrides });

  it("verifies the reference library's published vector", () => {
    const v = standardWebhooksVerifier([{ ref: 'SPEC', key: keyOf(SPEC.secret) }], 300);
    const check = v.verify(Buffer.from(SPEC.body), headersOf({ 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': SPEC.signature }), SPEC.timestamp * 1000);
    expect(check).toEqual({ ok: true, secretRef: 'SPEC', webhookId: SPEC.id });
    expect(`v1,${standardSignature(keyOf(SPEC.secret), SPEC.id, SPEC.timestamp, SPEC.body)}`).toBe(SPEC.signature);
  });

  it('verifies a signature computed independently with node:crypto over the exact bytes, and returns the webhook-id', () => {
    expect(verifier.verify(body, signed(), NOW)).toEqual({ ok: true, secretRef: 'HR_WEBHOOK_SECRET', webhookId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' });
    // Bytes that are not UTF-8 are signed as bytes, not as a string that replaced them.
    const binary = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(verifier.verify(binary, signed({}, binary), NOW).ok).toBe(true);
  });

  it('accepts a signature made with any of a rotated pair, and names the first secret that matched', () => {
    const rotating = standardWebhooksVerifier([secret('HR_WEBHOOK_SECRET_NEXT', next), secret('HR_WEBHOOK_SECRET', current)], 300);
    expect(rotating.verify(body, signed({}, body, current), NOW)).toMatchObject({ ok: true, secretRef: 'HR_WEBHOOK_SECRET' });
    expect(rotating.verify(body, signed({}, body, next), NOW)).toMatchObject({ ok: true, secretRef: 'HR_WEBHOOK_SECRET_NEXT' });
    // A sender part-way through its own rotation signs with both: the list is space-separated.
    const id = 'msg_both';
    const both = `${sign(current, id, nowSeconds, body)} ${sign(next, id, nowSeconds, body)}`;
    expect(rotating.verify(body, headersOf({ 'webhook-id': id, 'webhook-timestamp': String(nowSeconds), 'webhook-signature': both }), NOW)).toMatchObject({ ok: true, secretRef: 'HR_WEBHOOK_SECRET_NEXT' });
    // A secret the webhook does not list matches nothing, beside one it does or alone.
    expect(rotating.verify(body, signed({}, body, newSecret()), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
    expect(verifier.verify(body, signed({}, body, next), NOW)).toMatchObject({ ok: false, reason: 'no-match', header: 'webhook-signature' });
  });

  it('refuses a timestamp further in the past than the tolerance, and takes one at its edge', () => {
    expect(verifier.verify(body, signed({}, body, current, nowSeconds - 300), NOW).ok).toBe(true);
    const old = verifier.verify(body, signed({}, body, current, nowSeconds - 301), NOW);
    expect(old).toMatchObject({ ok: false, reason: 'timestamp-too-old', header: 'webhook-timestamp', webhookId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' });
    expect(!old.ok && old.detail).toMatch(/301 s before .* 300 s allowed/);
    // A captured webhook replayed an hour later, its signature still good.
    expect(verifier.verify(body, signed({}, body, current, nowSeconds), NOW + 3_600_000)).toMatchObject({ ok: false, reason: 'timestamp-too-old' });
  });

  it('refuses a timestamp further in the future than the tolerance', () => {
    expect(verifier.verify(body, signed({}, body, current, nowSeconds + 300), NOW).ok).toBe(true);
    const future = verifier.verify(body, signed({}, body, current, nowSeconds + 301), NOW);
    expect(future).toMatchObject({ ok: false, reason: 'timestamp-too-new', header: 'webhook-timestamp' });
    expect(!future.ok && future.detail).toMatch(/301 s after/);
  });

  it("applies the webhook's own tolerance", () => {
    const strict = standardWebhooksVerifier([secret('S', current)], 30);
    expect(strict.verify(body, signed({}, body, current, nowSeconds - 30), NOW).ok).toBe(true);
    expect(strict.verify(body, signed({}, body, current, nowSeconds - 31), NOW)).toMatchObject({ ok: false, reason: 'timestamp-too-old' });
    expect(strict.verify(body, signed({}, body, current, nowSeconds + 31), NOW)).toMatchObject({ ok: false, reason: 'timestamp-too-new' });
  });

  it('refuses a tampered body, and a signature moved to another webhook-id or timestamp', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.length - 3] ^= 0x01;
    expect(verifier.verify(tampered, signed(), NOW)).toMatchObject({ ok: false, reason: 'no-match', header: 'webhook-signature' });
    // The same bytes, re-serialised (a space added), are another body.
    expect(verifier.verify(Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)), signed(), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
    const good = sign(current, 'msg_a', nowSeconds, body);
    expect(verifier.verify(body, headersOf({ 'webhook-id': 'msg_b', 'webhook-timestamp': String(nowSeconds), 'webhook-signature': good }), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
    expect(verifier.verify(body, headersOf({ 'webhook-id': 'msg_a', 'webhook-timestamp': String(nowSeconds - 1), 'webhook-signature': good }), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
  });

  it('refuses a missing header, naming every one missing', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const check = verifier.verify(body, signed({ [name]: undefined }), NOW);
      expect(check).toMatchObject({ ok: false, reason: 'missing-header', header: name });
      expect(!check.ok && check.detail).toContain(`${name} is missing`);
    }
    const legacyOnly = verifier.verify(body, headersOf({ 'x-signature-256': `sha256=${'0'.repeat(64)}` }), NOW);
    expect(legacyOnly).toMatchObject({ ok: false, reason: 'missing-header', header: 'webhook-id' });
    expect(!legacyOnly.ok && legacyOnly.detail).toMatch(/webhook-id, webhook-timestamp, webhook-signature are missing.*x-signature-256 alone is not accepted/);
  });

  it('refuses malformed headers, saying which', () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'webhook-id': 'msg.with.dots' }, 'webhook-id'],
      [{ 'webhook-id': 'msg with space' }, 'webhook-id'],
      [{ 'webhook-id': 'x'.repeat(257) }, 'webhook-id'],
      [{ 'webhook-timestamp': 'hello' }, 'webhook-timestamp'],
      [{ 'webhook-timestamp': `${nowSeconds}.5` }, 'webhook-timestamp'],
      [{ 'webhook-timestamp': `-${nowSeconds}` }, 'webhook-timestamp'],
      [{ 'webhook-timestamp': new Date(NOW).toISOString() }, 'webhook-timestamp'],
      [{ 'webhook-signature': 'v1' }, 'webhook-signature'],
      [{ 'webhook-signature': 'v1,' }, 'webhook-signature'],
      [{ 'webhook-signature': '   ' }, 'webhook-signature'],
      [{ 'webhook-signature': `sha256=${'a'.repeat(64)}` }, 'webhook-signature'],
    ];
    for (const [headers, header] of cases) expect({ headers, check: verifier.verify(body, signed(headers), NOW) }).toMatchObject({ headers, check: { ok: false, reason: 'malformed-header', header } });
  });

  it('passes over signature versions it does not check, and refuses a list with no v1 in it', () => {
    const id = 'msg_versions';
    const v1a = 'v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==';
    const h = (sig: string) => headersOf({ 'webhook-id': id, 'webhook-timestamp': String(nowSeconds), 'webhook-signature': sig });
    expect(verifier.verify(body, h(`${v1a} ${sign(current, id, nowSeconds, body)}`), NOW).ok).toBe(true);
    const none = verifier.verify(body, h(v1a), NOW);
    expect(none).toMatchObject({ ok: false, reason: 'no-match', header: 'webhook-signature' });
    expect(!none.ok && none.detail).toMatch(/no v1 signature/);
    // The right HMAC under another version label is not a v1 signature.
    expect(verifier.verify(body, h(sign(current, id, nowSeconds, body).replace(/^v1,/, 'v2,')), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
  });

  it('compares the signature text exactly: another base64 of the same bytes does not match', () => {
    const good = sign(current, 'msg_x', nowSeconds, body);
    const h = (sig: string) => headersOf({ 'webhook-id': 'msg_x', 'webhook-timestamp': String(nowSeconds), 'webhook-signature': sig });
    expect(verifier.verify(body, h(good.replace(/=$/, '')), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
    expect(verifier.verify(body, h(good.slice(0, 20)), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
  });

  it("never names a secret, or the variable holding it, in a refusal", () => {
    const rotating = standardWebhooksVerifier([secret('HR_WEBHOOK_SECRET_NEXT', next), secret('HR_WEBHOOK_SECRET', current)], 300);
    const refusals = [signed({ 'webhook-signature': undefined }), signed({}, body, newSecret()), signed({}, body, current, nowSeconds - 1000), signed({ 'webhook-id': 'a.b' })].map((h) => rotating.verify(body, h, NOW));
    for (const r of refusals) {
      expect(r.ok).toBe(false);
      const text = JSON.stringify(r);
      for (const leak of ['HR_WEBHOOK_SECRET', current, next, current.slice(6), next.slice(6)]) expect(text).not.toContain(leak);
    }
  });

  it('answers any header values with a refusal, never a throw and never a match (fixed seed)', () => {
    const value = fc.option(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('v1,', 'v1, v1,', String(nowSeconds), `v1,${'A'.repeat(43)}=`)), { nil: undefined });
    fc.assert(
      fc.property(value, value, value, fc.uint8Array({ maxLength: 64 }), (id, ts, sig, raw) => {
        const check = verifier.verify(Buffer.from(raw), headersOf({ 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig }), NOW);
        return !check.ok && typeof check.detail === 'string' && check.detail.length > 0;
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('signs as the verifier checks (signStandardWebhook, for the demo and the tests), one v1 signature per secret', () => {
    const headers = signStandardWebhook([current, next], 'msg_demo', nowSeconds, body);
    expect(headers).toEqual({ 'webhook-id': 'msg_demo', 'webhook-timestamp': String(nowSeconds), 'webhook-signature': `${sign(current, 'msg_demo', nowSeconds, body)} ${sign(next, 'msg_demo', nowSeconds, body)}` });
    expect(signStandardWebhook([SPEC.secret], SPEC.id, SPEC.timestamp, SPEC.body)['webhook-signature']).toBe(SPEC.signature);
    expect(() => signStandardWebhook(['demo-hr-webhook-secret'], 'msg', nowSeconds, body)).toThrow(/whsec_/);
  });
});

describe('standardSecretKey', () => {
  it("reads whsec_ and the base64 of the key's bytes", () => {
    const key = randomBytes(32);
    expect(standardSecretKey(`whsec_${key.toString('base64')}`)).toEqual(key);
    expect(standardSecretKey(SPEC.secret)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
  });

  it('refuses what is not a Standard Webhooks secret, without repeating the value', () => {
    const b64 = randomBytes(32).toString('base64');
    const cases: [string, RegExp][] = [
      [b64, /does not start with whsec_/],
      ['demo-hr-webhook-secret', /does not start with whsec_/],
      ['whsec_', /not base64/],
      // Node's decoder would skip the "-" and the space and read another key: refused instead.
      [`whsec_${b64.slice(0, 20)}-${b64.slice(20)}`, /not base64/],
      [`whsec_${b64.slice(0, 20)} ${b64.slice(20)}`, /not base64/],
      [`whsec_${b64}x`, /not base64/],
      [`whsec_${randomBytes(16).toString('base64')}`, /holds 16 bytes; .* 24 to 64/],
      [`whsec_${randomBytes(65).toString('base64')}`, /holds 65 bytes/],
    ];
    for (const [value, problem] of cases) {
      const answer = standardSecretKey(value);
      expect({ value, answer }).toEqual({ value, answer: expect.stringMatching(problem) });
      if (value.length > 12) expect(answer).not.toContain(value.slice(6, 20));
    }
  });
});

describe('legacyHmacVerifier', () => {
  const body = Buffer.from('{"eventType":"worker.hired"}');
  const hex = (s: string, raw: Buffer = body) => `sha256=${createHmac('sha256', s).update(raw).digest('hex')}`;
  const verifier = legacyHmacVerifier([
    { ref: 'LEDGER_WEBHOOK_SECRET_NEXT', key: Buffer.from('new-ledger-secret') },
    { ref: 'LEDGER_WEBHOOK_SECRET', key: Buffer.from('demo-ledger-webhook-secret') },
  ]);

  it('verifies sha256=<hex HMAC of the body> with any of its secrets, as before', () => {
    expect(verifier.verify(body, headersOf({ 'x-signature-256': hex('demo-ledger-webhook-secret') }), NOW)).toEqual({ ok: true, secretRef: 'LEDGER_WEBHOOK_SECRET' });
    expect(verifier.verify(body, headersOf({ 'x-signature-256': hex('new-ledger-secret') }), NOW)).toEqual({ ok: true, secretRef: 'LEDGER_WEBHOOK_SECRET_NEXT' });
  });

  it('refuses a missing, malformed or wrong signature, and a tampered body', () => {
    expect(verifier.verify(body, headersOf({}), NOW)).toMatchObject({ ok: false, reason: 'missing-header', header: 'x-signature-256' });
    expect(verifier.verify(body, headersOf({ 'x-signature-256': hex('demo-ledger-webhook-secret').toUpperCase() }), NOW)).toMatchObject({ ok: false, reason: 'malformed-header' });
    expect(verifier.verify(body, headersOf({ 'x-signature-256': hex('demo-ledger-webhook-secret').slice(7) }), NOW)).toMatchObject({ ok: false, reason: 'malformed-header' });
    expect(verifier.verify(body, headersOf({ 'x-signature-256': hex('not-the-secret') }), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
    expect(verifier.verify(Buffer.from('{"eventType":"worker.fired"}'), headersOf({ 'x-signature-256': hex('demo-ledger-webhook-secret') }), NOW)).toMatchObject({ ok: false, reason: 'no-match' });
  });

  it('dates nothing: the same signature passes a year later (why it is not the default)', () => {
    expect(verifier.verify(body, headersOf({ 'x-signature-256': hex('demo-ledger-webhook-secret') }), NOW + 365 * 86_400_000).ok).toBe(true);
  });
});
