// Webhook signatures, checked over the exact bytes received, before anything reads the body.
//
// Standard Webhooks 1.0 (https://www.standardwebhooks.com, spec/standard-webhooks.md of
// github.com/standard-webhooks/standard-webhooks), symmetric signatures:
//  - headers webhook-id, webhook-timestamp (integer Unix seconds) and webhook-signature;
//  - the signed content is `<webhook-id>.<webhook-timestamp>.<body>`, HMAC-SHA256 keyed with the
//    bytes of the secret's base64 after its `whsec_` prefix;
//  - webhook-signature is a space-separated list of `<version>,<signature>`; `v1` is the base64
//    HMAC, other versions (`v1a`, asymmetric) are passed over, so a sender may add them;
//  - compared in constant time; any listed signature made with any of the webhook's secrets
//    matches (rotation without downtime);
//  - webhook-timestamp within the tolerance of the gateway's clock, either way (replays).
//
// The legacy scheme (x-signature-256: sha256=<hex HMAC of the body>) stays for systems not yet
// moved. It dates nothing, so a captured webhook can be replayed for as long as the secret holds.
//
// A refusal says which check failed and never which secret was tried or came closest.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSignatureScheme } from '@hub/config';

/** Why a webhook's signature was refused: stable codes (the metric's `result`, the log's `reason`). */
export type SignatureRefusal = 'missing-header' | 'malformed-header' | 'timestamp-too-old' | 'timestamp-too-new' | 'no-match';

export type SignatureCheck =
  /** `secretRef`: the first of the webhook's secrets that a signature matched (rotation: is the old one still in use?). */
  | { ok: true; secretRef: string; webhookId?: string }
  /** `header`: the header at fault; `detail`: a sentence for the sender. `webhookId` once it was read well-formed. */
  | { ok: false; reason: SignatureRefusal; header: string; detail: string; webhookId?: string };

/** One secret of a webhook, read at boot: the variable that holds it (never the value) and its key bytes. */
export interface WebhookSecret {
  ref: string;
  key: Buffer;
}

/** A webhook's signature check, built once at boot. `header` reads a request header (any case). */
export interface WebhookVerifier {
  readonly scheme: WebhookSignatureScheme;
  verify(raw: Buffer, header: (name: string) => string | undefined, nowMs: number): SignatureCheck;
}

export const STANDARD_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;
export const LEGACY_HEADER = 'x-signature-256';

const SECRET_PREFIX = 'whsec_';
/** The spec's symmetric secrets: at least 24 bytes (192 bits), at most 512 bits. */
const SECRET_BYTES = { min: 24, max: 64 };
/** Printable ASCII without `.`: the spec bars `.` from the id, since it delimits the signed content. */
const WEBHOOK_ID = /^[\x21-\x2d\x2f-\x7e]{1,256}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;
/** `<version>,<signature>`: a version this gateway does not check (`v1a`) is passed over, whatever its signature looks like. */
const SIGNATURE_ENTRY = /^(v[0-9][0-9a-z]*),(\S+)$/;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const LEGACY_SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/**
 * The key of a Standard Webhooks secret (`whsec_` and the base64 of 24 to 64 bytes), or why the
 * value is not one: a sentence that never repeats the value. Node's base64 decoder skips what it
 * cannot read, so the text is checked first: a typo must not quietly become another key.
 */
export function standardSecretKey(value: string): Buffer | string {
  if (!value.startsWith(SECRET_PREFIX)) return `it does not start with ${SECRET_PREFIX}`;
  const b64 = value.slice(SECRET_PREFIX.length);
  if (!b64 || !STRICT_BASE64.test(b64)) return `what follows ${SECRET_PREFIX} is not base64 (A-Z, a-z, 0-9, + and /, padded with =)`;
  const key = Buffer.from(b64, 'base64');
  if (key.length < SECRET_BYTES.min || key.length > SECRET_BYTES.max) return `it holds ${key.length} bytes; Standard Webhooks secrets hold ${SECRET_BYTES.min} to ${SECRET_BYTES.max}`;
  return key;
}

/** The v1 signature of one webhook: base64 of HMAC-SHA256(key, `<id>.<timestamp>.<body>`). */
export function standardSignature(key: Buffer, id: string, timestamp: number, raw: Buffer | string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(raw).digest('base64');
}

/**
 * The headers a sender puts on a Standard Webhooks webhook, one `v1` signature per secret (a
 * sender rotating its secret signs with both). For the demo and the tests; `timestamp` in seconds.
 */
export function signStandardWebhook(secrets: string[], id: string, timestamp: number, raw: Buffer | string): Record<string, string> {
  const signatures = secrets.map((s) => {
    const key = standardSecretKey(s);
    if (typeof key === 'string') throw new Error(`not a Standard Webhooks secret: ${key}`);
    return `v1,${standardSignature(key, id, timestamp, raw)}`;
  });
  return { [STANDARD_HEADERS.id]: id, [STANDARD_HEADERS.timestamp]: String(timestamp), [STANDARD_HEADERS.signature]: signatures.join(' ') };
}

/** Equal in constant time for strings of equal length; a length is not secret (every v1 signature has 44 characters). */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const refuse = (reason: SignatureRefusal, header: string, detail: string, webhookId?: string): SignatureCheck => ({ ok: false, reason, header, detail, ...(webhookId ? { webhookId } : {}) });

/** Standard Webhooks 1.0 with the webhook's secrets and timestamp tolerance (seconds). */
export function standardWebhooksVerifier(secrets: readonly WebhookSecret[], toleranceSeconds: number): WebhookVerifier {
  if (!secrets.length) throw new Error('a Standard Webhooks verifier needs at least one secret');
  return {
    scheme: 'standard-webhooks',
    verify(raw, header, nowMs) {
      const id = header(STANDARD_HEADERS.id);
      const ts = header(STANDARD_HEADERS.timestamp);
      const sig = header(STANDARD_HEADERS.signature);
      const missing = [[STANDARD_HEADERS.id, id], [STANDARD_HEADERS.timestamp, ts], [STANDARD_HEADERS.signature, sig]].filter(([, v]) => !v).map(([n]) => n!);
      if (missing.length) {
        const legacy = header(LEGACY_HEADER) ? `; ${LEGACY_HEADER} alone is not accepted: this webhook is signed with Standard Webhooks` : '';
        return refuse('missing-header', missing[0], `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks)${legacy}`);
      }
      if (!WEBHOOK_ID.test(id!)) return refuse('malformed-header', STANDARD_HEADERS.id, 'webhook-id must be 1 to 256 printable ASCII characters, without spaces or "."');
      if (!TIMESTAMP.test(ts!)) return refuse('malformed-header', STANDARD_HEADERS.timestamp, 'webhook-timestamp must be an integer: seconds since the Unix epoch', id);
      const entries = sig!.trim().split(/ +/);
      const v1: string[] = [];
      for (const entry of entries) {
        const m = SIGNATURE_ENTRY.exec(entry);
        if (!m) return refuse('malformed-header', STANDARD_HEADERS.signature, 'webhook-signature must be a space-separated list of <version>,<base64 signature>, such as v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=', id);
        if (m[1] === 'v1') v1.push(m[2]);
      }
      const timestamp = Number(ts);
      const skew = Math.floor(nowMs / 1000) - timestamp;
      if (skew > toleranceSeconds) {
        return refuse('timestamp-too-old', STANDARD_HEADERS.timestamp, `webhook-timestamp is ${skew} s before the gateway's clock, more than the ${toleranceSeconds} s allowed: sign each attempt, retries too, when it is sent`, id);
      }
      if (-skew > toleranceSeconds) {
        return refuse('timestamp-too-new', STANDARD_HEADERS.timestamp, `webhook-timestamp is ${-skew} s after the gateway's clock, more than the ${toleranceSeconds} s allowed: check the sender's clock`, id);
      }
      if (!v1.length) return refuse('no-match', STANDARD_HEADERS.signature, 'webhook-signature holds no v1 signature (HMAC-SHA256), the only version this webhook accepts', id);
      for (const secret of secrets) {
        const expected = standardSignature(secret.key, id!, timestamp, raw);
        if (v1.some((given) => sameText(given, expected))) return { ok: true, secretRef: secret.ref, webhookId: id };
      }
      return refuse('no-match', STANDARD_HEADERS.signature, `no signature in webhook-signature matches: each must be the HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" over the exact bytes sent, keyed with the webhook's secret`, id);
    },
  };
}

/** The legacy scheme: x-signature-256 = `sha256=` and the hex HMAC-SHA256 of the body, with any of the secrets (their UTF-8 bytes). */
export function legacyHmacVerifier(secrets: readonly WebhookSecret[]): WebhookVerifier {
  if (!secrets.length) throw new Error('a legacy HMAC verifier needs at least one secret');
  return {
    scheme: 'legacy-hmac-sha256',
    verify(raw, header) {
      const given = header(LEGACY_HEADER);
      if (!given) return refuse('missing-header', LEGACY_HEADER, `${LEGACY_HEADER} is missing: this webhook is signed with the legacy scheme, sha256=<hex HMAC-SHA256 of the body>`);
      if (!LEGACY_SIGNATURE.test(given)) return refuse('malformed-header', LEGACY_HEADER, `${LEGACY_HEADER} must be sha256= and 64 lower-case hex digits`);
      for (const secret of secrets) {
        if (sameText(given, `sha256=${createHmac('sha256', secret.key).update(raw).digest('hex')}`)) return { ok: true, secretRef: secret.ref };
      }
      return refuse('no-match', LEGACY_HEADER, `${LEGACY_HEADER} does not match the body: it must be the HMAC-SHA256 of the exact bytes sent, keyed with the webhook's secret`);
    },
  };
}
