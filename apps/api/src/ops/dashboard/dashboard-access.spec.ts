import { hashToken, HubConfig, staticLandscape } from '@hub/config';
import { ProblemException } from '@hub/http-problem';
import { CredentialsService } from '../../auth/credentials.service';
import type { OpsPrincipal } from '../../auth/principal';
import { crossOrigin, dashboardPrincipal, FormTokens, mayReplay } from './dashboard-access';

const config = {
  sources: [{ id: 'hr', tokenSha256: hashToken('source-token'), tenants: ['fen'], types: ['hr.*'] }],
  opsUsers: [
    { id: 'viewer', tokenSha256: hashToken('viewer-token'), roles: ['viewer'], tenants: ['*'] },
    { id: 'operator', tokenSha256: hashToken('operator-token'), roles: ['operator'], tenants: ['fen'] },
    { id: 'reader', tokenSha256: hashToken('reader-token'), roles: ['pii-reader'], tenants: ['*'] },
  ],
} as unknown as HubConfig;
const credentials = new CredentialsService(staticLandscape(config));
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const statusOf = (header: string | undefined) => {
  try {
    dashboardPrincipal(credentials, header);
    return 200;
  } catch (err) {
    return (err as ProblemException).status;
  }
};

describe('dashboardPrincipal', () => {
  it('takes the ops token as Bearer, or as the Basic password with any user name', () => {
    expect(dashboardPrincipal(credentials, 'Bearer operator-token')).toMatchObject({ id: 'operator', roles: ['operator'] });
    expect(dashboardPrincipal(credentials, basic('anyone', 'viewer-token')).id).toBe('viewer');
    expect(dashboardPrincipal(credentials, basic('', 'operator-token')).id).toBe('operator');
  });

  it.each([
    ['no header', undefined],
    ['an unknown token', 'Bearer nope'],
    ['a wrong Basic password', basic('ops', 'nope')],
    ['a source token', 'Bearer source-token'],
    ['another scheme', 'Digest operator-token'],
  ])('answers 401 (the browser asks again) for %s', (_, header) => {
    expect(statusOf(header)).toBe(401);
  });

  it('answers 403 to an ops token that can neither view nor operate', () => {
    expect(statusOf('Bearer reader-token')).toBe(403);
  });

  it('lets only operators replay', () => {
    expect(mayReplay(dashboardPrincipal(credentials, 'Bearer operator-token'))).toBe(true);
    expect(mayReplay(dashboardPrincipal(credentials, 'Bearer viewer-token'))).toBe(false);
  });
});

describe('FormTokens', () => {
  const p: OpsPrincipal = { kind: 'ops', id: 'operator', roles: ['operator'], tenants: ['fen'] };

  it("accepts this process's token for the same principal only", () => {
    const tokens = new FormTokens();
    const token = tokens.issue(p);
    expect(tokens.verify(p, token)).toBe(true);
    expect(tokens.verify({ ...p, id: 'other' }, token)).toBe(false);
    expect(tokens.verify(p, token.slice(1))).toBe(false);
    expect(tokens.verify(p, undefined)).toBe(false);
    expect(tokens.verify(p, [token])).toBe(false);
    // Another process (another secret) does not accept it.
    expect(new FormTokens().verify(p, token)).toBe(false);
  });
});

describe('crossOrigin', () => {
  it.each([
    [undefined, false],
    ['http://127.0.0.1:3000', false],
    ['https://127.0.0.1:3000', false],
    ['http://127.0.0.1:3001', true],
    ['https://evil.example', true],
    ['null', true],
  ])('Origin %s against host 127.0.0.1:3000 → %s', (origin, cross) => {
    expect(crossOrigin(origin, '127.0.0.1:3000')).toBe(cross);
  });
});
