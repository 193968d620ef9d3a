/**
 * WWW-Authenticate challenges. A 401 must carry at least one (RFC 9110 §11.6.1); for bearer
 * tokens RFC 6750 §3 says which: no error code when the request carried no token ("the client was
 * unaware that authentication is necessary"), `error="invalid_token"` when it carried one that is
 * refused (unknown, or no longer in the landscape).
 */

/** The realm of the API's bearer tokens (sources, ops, scrape). */
export const API_REALM = 'erp-hub';

/** Header values of a challenge's auth-params are quoted-strings: no quote or backslash unescaped. */
const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Whether an Authorization header carries a bearer token at all (well-formed or not, known or not). */
export function carriesBearerToken(authorization: string | undefined): boolean {
  return /^Bearer\s+\S/i.test(authorization ?? '');
}

/** The Bearer challenge for a request refused with 401. */
export function bearerChallenge(authorization: string | undefined, realm = API_REALM): string {
  if (!carriesBearerToken(authorization)) return `Bearer realm=${quoted(realm)}`;
  return `Bearer realm=${quoted(realm)}, error="invalid_token"`;
}
