import { createHash, timingSafeEqual } from 'node:crypto';

/** Tokens are stored as sha256 hex: a leaked config file does not leak credentials. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `hr.*` matches every type of the hr domain; anything else matches exactly. */
export function typeAllowed(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

export function tenantAllowed(tenants: readonly string[], tenant: string): boolean {
  return tenants.includes('*') || tenants.includes(tenant);
}
