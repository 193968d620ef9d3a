import { Inject, Injectable } from '@nestjs/common';
import { AppliedLandscape, HUB_LANDSCAPE, hashToken, LiveLandscape } from '@hub/config';
import { bearerChallenge, ProblemException } from '@hub/http-problem';
import { OpsPrincipal, Principal, SourcePrincipal } from './principal';

/**
 * Bearer token → who is calling. Tokens are looked up by their sha256; the config never holds a
 * token. The credentials are the latest landscape version's: a source or ops user added, changed or
 * removed by a new version is known, changed or refused from the next request on.
 */
@Injectable()
export class CredentialsService {
  private index?: { of: AppliedLandscape; byHash: Map<string, Principal> };

  constructor(@Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>) {}

  private get byHash(): Map<string, Principal> {
    const current = this.landscape.current();
    if (this.index?.of !== current) {
      const byHash = new Map<string, Principal>();
      for (const s of current.config.sources) byHash.set(s.tokenSha256, { kind: 'source', id: s.id, tenants: s.tenants, types: s.types, sourceUris: new Set(s.sourceUris) });
      for (const u of current.config.opsUsers) byHash.set(u.tokenSha256, { kind: 'ops', id: u.id, roles: u.roles, tenants: u.tenants });
      this.index = { of: current, byHash };
    }
    return this.index.byHash;
  }

  authenticate(authorization: string | undefined): Principal {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'send Authorization: Bearer <token>', bearerChallenge(undefined));
    const principal = this.byHash.get(hashToken(m[1]));
    if (!principal) throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'the token is not known', bearerChallenge(authorization));
    return principal;
  }

  source(authorization: string | undefined): SourcePrincipal {
    const p = this.authenticate(authorization);
    if (p.kind !== 'source') throw new ProblemException(403, 'forbidden', 'Forbidden', [], 'an ops credential cannot post events');
    return p;
  }

  ops(authorization: string | undefined): OpsPrincipal {
    const p = this.authenticate(authorization);
    if (p.kind !== 'ops') throw new ProblemException(403, 'forbidden', 'Forbidden', [], 'this needs an ops credential');
    return p;
  }
}
