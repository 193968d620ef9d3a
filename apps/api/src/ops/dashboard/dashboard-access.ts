import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { HubSettings } from '@hub/config';
import { ProblemException } from '@hub/http-problem';
import type { DeliveryLedger } from '@hub/ledger';
import { CredentialsService } from '../../auth/credentials.service';
import { OpsPrincipal } from '../../auth/principal';
import { opsChallenge, opsToken } from '../bull-board';


/**
 * Logs in exactly as Bull Board does: any credential failure is a 401 so the browser asks again.
 * A known ops token that can neither view nor operate (pii-reader alone) is a 403.
 */
export function dashboardPrincipal(credentials: CredentialsService, authorization: string | undefined): OpsPrincipal {
  let p: OpsPrincipal;
  try {
    p = credentials.ops(opsToken(authorization));
  } catch {
    throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'an ops token is required (Bearer, or Basic with the token as password)', opsChallenge(authorization));
  }
  if (!p.roles.some((r) => r === 'viewer' || r === 'operator')) throw new ProblemException(403, 'forbidden', 'Forbidden', [], 'the dashboard needs the viewer or operator role');
  return p;
}

export const mayReplay = (p: OpsPrincipal): boolean => p.roles.includes('operator');

/** How long a form token is good for: a page left open longer asks for a reload. */
export const FORM_TOKEN_TTL_MS = 12 * 3_600_000;
/** A token issued this far in the future still counts: the API replicas' clocks differ a little. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** The ledger's name for the secret the API replicas share when DASHBOARD_SECRET is unset. */
export const DASHBOARD_SECRET_NAME = 'dashboard-form';

/**
 * The replay form's hidden token. The browser sends Basic credentials to any page that posts to us,
 * so the credential alone does not prove the operator pressed our button: only a page of ours can
 * hold this HMAC of the principal and the time it was issued, good for FORM_TOKEN_TTL_MS. Every API
 * replica has the same secret (dashboardFormTokens), so a page one served posts to any other.
 */
export class FormTokens {
  constructor(
    private readonly secret: Buffer | string,
    private readonly now: () => number = Date.now,
  ) {}

  issue(p: OpsPrincipal): string {
    const at = Math.floor(this.now() / 1000);
    return `${at}.${this.mac(p, at)}`;
  }

  verify(p: OpsPrincipal, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const [issued, mac, ...rest] = token.split('.');
    const at = Number(issued);
    if (rest.length || mac === undefined || !/^\d{1,12}$/.test(issued)) return false;
    const age = this.now() - at * 1000;
    if (age > FORM_TOKEN_TTL_MS || age < -CLOCK_SKEW_MS) return false;
    const want = Buffer.from(this.mac(p, at));
    const got = Buffer.from(mac);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  private mac(p: OpsPrincipal, at: number): string {
    return createHmac('sha256', this.secret).update(`dashboard-replay\0${p.id}\0${at}`).digest('base64url');
  }
}

/**
 * The form tokens of this API process, on the secret every replica shares: DASHBOARD_SECRET when
 * set; otherwise the one kept in the ledger, which the first replica to start wrote (32 random
 * bytes) and every other reads. So replicas behind a load balancer agree without configuration, and
 * a restart leaves open pages valid. DASHBOARD_SECRET is for a hub whose operators want the key
 * out of the database, or to rotate it (a new value makes pages open elsewhere stale: reload).
 */
export async function dashboardFormTokens(settings: Pick<HubSettings, 'dashboardSecret'>, ledger: Pick<DeliveryLedger, 'sharedSecret'>, logger: Pick<Logger, 'info'>): Promise<FormTokens> {
  if (settings.dashboardSecret) return new FormTokens(settings.dashboardSecret);
  const secret = await ledger.sharedSecret(DASHBOARD_SECRET_NAME, randomBytes(32));
  logger.info('dashboard: DASHBOARD_SECRET is unset; form tokens use the secret the API replicas share in the ledger');
  return new FormTokens(secret);
}

/**
 * A browser names the page a form was posted from in `Origin`; another site's (or "null") is refused
 * before anything else. Without the header (curl, old browsers) the form token still has to match.
 */
export function crossOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
