import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { OpsRole } from '@hub/config';
import { ProblemException } from '@hub/http-problem';
import { CredentialsService } from './credentials.service';
import { OpsPrincipal } from './principal';

const ROLE_KEY = 'hub:ops-role';
/** The role an ops endpoint needs; tenant scope is checked against the data it touches. */
export const RequiresRole = (role: OpsRole) => SetMetadata(ROLE_KEY, role);

export type OpsRequest = Request & { principal: OpsPrincipal };

@Injectable()
export class OpsGuard implements CanActivate {
  constructor(private readonly credentials: CredentialsService, private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<OpsRequest>();
    const principal = this.credentials.ops(req.headers.authorization);
    const role = this.reflector.get<OpsRole | undefined>(ROLE_KEY, ctx.getHandler()) ?? 'viewer';
    // An operator may also view; a pii-reader role alone grants no access.
    const has = role === 'viewer' ? principal.roles.some((r) => r === 'viewer' || r === 'operator') : principal.roles.includes(role);
    if (!has) throw new ProblemException(403, 'forbidden', 'Forbidden', [], `this needs the ${role} role`);
    req.principal = principal;
    return true;
  }
}

export function canSeePersonalData(p: OpsPrincipal): boolean {
  return p.roles.includes('pii-reader');
}

export function inTenantScope(p: OpsPrincipal, tenant: string): boolean {
  return p.tenants.includes('*') || p.tenants.includes(tenant);
}

/** The tenants a principal (ops or source) may see, as the ledger takes them. */
export function scopeOf(p: Pick<OpsPrincipal, 'tenants'>): readonly string[] | '*' {
  return p.tenants.includes('*') ? '*' : p.tenants;
}
