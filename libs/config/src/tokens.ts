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

/** Who may scrape /metrics: its series name every tenant, so only a `metrics` credential for all tenants. */
export type ScrapeAccess = 'allowed' | 'unauthenticated' | 'forbidden';

/**
 * Checks an Authorization header against the landscape's ops users for scraping, the same way on
 * the API and on a role's ops port: Bearer token → an ops user with the `metrics` role and `*`.
 */
export function scrapeAccess(config: {
  opsUsers: readonly { tokenSha256: string; roles: readonly string[]; tenants: readonly string[] }[];
  sources: readonly { tokenSha256: string }[];
}): (authorization: string | undefined) => ScrapeAccess {
  // A source's token is a known credential, just not one that may scrape.
  const byHash = new Map<string, { roles: readonly string[]; tenants: readonly string[] }>([
    ...config.sources.map((s) => [s.tokenSha256, { roles: [], tenants: [] }] as const),
    ...config.opsUsers.map((u) => [u.tokenSha256, u] as const),
  ]);
  return (authorization) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const user = m ? byHash.get(hashToken(m[1])) : undefined;
    if (!user) return 'unauthenticated';
    return user.roles.includes('metrics') && user.tenants.includes('*') ? 'allowed' : 'forbidden';
  };
}
