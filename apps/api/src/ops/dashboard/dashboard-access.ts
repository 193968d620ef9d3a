import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ProblemException } from '@hub/http-problem';
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

/**
 * The replay form's hidden token. The browser sends Basic credentials to any page that posts to us,
 * so the credential alone does not prove the operator pressed our button: only a page of ours can
 * hold this HMAC. The secret lives per process, so a restart makes open pages stale (reload).
 */
export class FormTokens {
  private readonly secret = randomBytes(32);

  issue(p: OpsPrincipal): string {
    return createHmac('sha256', this.secret).update(`dashboard-replay\0${p.id}`).digest('base64url');
  }

  verify(p: OpsPrincipal, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const want = Buffer.from(this.issue(p));
    const got = Buffer.from(token);
    return got.length === want.length && timingSafeEqual(got, want);
  }
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
