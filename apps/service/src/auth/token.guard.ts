import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiTokens, hasRole, LOOPBACK_PRINCIPAL, type Principal, type Role } from './api-tokens';
import { ROLE_KEY } from './roles.decorator';
import { API_TOKENS } from '../injection-tokens';

export type AuthenticatedRequest = Request & { principal: Principal };

/** 401 without a valid bearer token, 403 when its role does not allow the route. */
@Injectable()
export class TokenGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, @Inject(API_TOKENS) private readonly tokens: ApiTokens | null) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [context.getHandler(), context.getClass()]);
    if (!role) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!this.tokens) {
      request.principal = LOOPBACK_PRINCIPAL;
      return true;
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? this.tokens.authenticate(match[1]) : undefined;
    if (!principal) throw new UnauthorizedException({ error: 'a valid API token is required (Authorization: Bearer …)' });
    if (!hasRole(principal, role)) throw new ForbiddenException({ error: `this token's role (${principal.role}) may not do this; it needs ${role}` });
    request.principal = principal;
    return true;
  }
}
