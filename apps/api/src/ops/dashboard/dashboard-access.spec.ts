import { hashToken, HubConfig, staticLandscape } from '@hub/config';
import { ProblemException } from '@hub/http-problem';
import { CredentialsService } from '../../auth/credentials.service';
import type { OpsPrincipal } from '../../auth/principal';
import { crossOrigin, DASHBOARD_SECRET_NAME, dashboardFormTokens, dashboardPrincipal, FORM_TOKEN_TTL_MS, FormTokens, mayReplay } from './dashboard-access';

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
  const secret = 'k'.repeat(64);

  it("accepts a token of the same secret for the same principal only", () => {
    const tokens = new FormTokens(secret);
    const token = tokens.issue(p);
    expect(tokens.verify(p, token)).toBe(true);
    expect(tokens.verify({ ...p, id: 'other' }, token)).toBe(false);
    expect(tokens.verify(p, token.slice(0, -1))).toBe(false);
    expect(tokens.verify(p, `${token}.x`)).toBe(false);
    expect(tokens.verify(p, undefined)).toBe(false);
    expect(tokens.verify(p, [token])).toBe(false);
    // Another replica with the same secret accepts it; one with another secret does not.
    expect(new FormTokens(secret).verify(p, token)).toBe(true);
    expect(new FormTokens('j'.repeat(64)).verify(p, token)).toBe(false);
  });

  it('refuses a token past FORM_TOKEN_TTL_MS, or one whose issue time was changed', () => {
    let now = Date.UTC(2027, 0, 4, 9);
    const tokens = new FormTokens(secret, () => now);
    const token = tokens.issue(p);
    now += FORM_TOKEN_TTL_MS;
    expect(tokens.verify(p, token)).toBe(true);
    now += 1_000;
    expect(tokens.verify(p, token)).toBe(false);
    const [at, mac] = token.split('.');
    expect(tokens.verify(p, `${Number(at) + 3_600}.${mac}`)).toBe(false);
  });
});

describe('dashboardFormTokens', () => {
  const p: OpsPrincipal = { kind: 'ops', id: 'operator', roles: ['operator'], tenants: ['fen'] };
  const logger = { info: jest.fn() };

  it('keys on DASHBOARD_SECRET when set, without asking the ledger', async () => {
    const ledger = { sharedSecret: jest.fn() };
    const tokens = await dashboardFormTokens({ dashboardSecret: 's'.repeat(32) }, ledger, logger);
    expect(new FormTokens('s'.repeat(32)).verify(p, tokens.issue(p))).toBe(true);
    expect(ledger.sharedSecret).not.toHaveBeenCalled();
  });

  it("otherwise keys on the ledger's shared secret, offering 32 random bytes in case there is none yet", async () => {
    const stored = Buffer.alloc(32, 7);
    const ledger = { sharedSecret: jest.fn(async (_: string, fresh: Buffer) => (expect(fresh).toHaveLength(32), stored)) };
    const tokens = await dashboardFormTokens({}, ledger, logger);
    expect(ledger.sharedSecret).toHaveBeenCalledWith(DASHBOARD_SECRET_NAME, expect.any(Buffer));
    expect(new FormTokens(stored).verify(p, tokens.issue(p))).toBe(true);
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
