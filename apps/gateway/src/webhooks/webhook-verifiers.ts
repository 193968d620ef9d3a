import type { WebhookSourceConfig } from '@hub/config';
import { legacyHmacVerifier, standardSecretKey, standardWebhooksVerifier, WebhookSecret, WebhookVerifier } from './webhook-signature';

/** Every webhook's signature check, read once at boot, with what stops the gateway and what it warns of. */
export interface WebhookVerifiers {
  /** By webhook path; a path that is not signed has none. */
  byPath: ReadonlyMap<string, WebhookVerifier>;
  /** Each a sentence naming the webhook and the variable, never a secret's value: the gateway does not start. */
  problems: string[];
  /** Entries that run, but weaker than they should: logged at boot. */
  warnings: { path: string; scheme: string; message: string }[];
}

/**
 * Reads each webhook's secrets from the variables its `signature.secretRefs` name and builds its
 * verifier. A secret unset, or not of its scheme's form (Standard Webhooks: `whsec_` and the base64
 * of 24 to 64 bytes), is a problem: found at boot, it would otherwise refuse every webhook at run time.
 */
export function buildWebhookVerifiers(webhooks: readonly WebhookSourceConfig[], secret: (ref: string) => string | undefined): WebhookVerifiers {
  const byPath = new Map<string, WebhookVerifier>();
  const problems: string[] = [];
  const warnings: WebhookVerifiers['warnings'] = [];
  for (const w of webhooks) {
    const where = `webhook "${w.path}"`;
    const s = w.signature;
    if (!s) {
      warnings.push({ path: w.path, scheme: 'none', message: `${where} is not signed: anyone who can reach the gateway can post as source "${w.source}"; give it a signature (docs/gateway.md)` });
      continue;
    }
    const secrets: WebhookSecret[] = [];
    for (const ref of s.secretRefs) {
      const value = secret(ref);
      if (!value) {
        problems.push(`${where} names secret ${ref}, which is not set in the environment`);
        continue;
      }
      if (s.scheme === 'legacy-hmac-sha256') {
        secrets.push({ ref, key: Buffer.from(value, 'utf8') });
        continue;
      }
      const key = standardSecretKey(value);
      if (typeof key === 'string') problems.push(`${where}: ${ref} is not a Standard Webhooks secret: ${key} (make one with: echo "whsec_$(openssl rand -base64 32)")`);
      else secrets.push({ ref, key });
    }
    if (secrets.length !== s.secretRefs.length || !secrets.length) continue;
    if (s.scheme === 'standard-webhooks') {
      byPath.set(w.path, standardWebhooksVerifier(secrets, s.toleranceSeconds));
      continue;
    }
    byPath.set(w.path, legacyHmacVerifier(secrets));
    warnings.push({
      path: w.path,
      scheme: s.scheme,
      message: s.fromSecretRef
        ? `${where} gives only secretRef, so it keeps the legacy scheme (x-signature-256, an HMAC of the body alone: a captured webhook can be replayed at any time); move it to signature with scheme standard-webhooks (docs/operations.md)`
        : `${where} is signed with the legacy scheme (x-signature-256, an HMAC of the body alone: a captured webhook can be replayed at any time); move it to standard-webhooks (docs/operations.md)`,
    });
  }
  return { byPath, problems, warnings };
}
