import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { findOrganisation, looksLikeOrganisationCode } from '../../../../libs/reference/src/organisations';
import { mayUseOrganisation, type Principal } from './api-tokens';

/** 404 for an unknown organisation, 403 for one the token does not cover. */
export function assertOrganisationAccess(principal: Principal, organisation: string): void {
  // Quoted only when it looks like an organisation code: a path segment may be anything, a name or a BSN too.
  if (!findOrganisation(organisation)) throw new NotFoundException({ error: looksLikeOrganisationCode(organisation) ? `unknown organisation ${organisation}` : 'unknown organisation' });
  if (!mayUseOrganisation(principal, organisation)) throw new ForbiddenException({ error: `this token does not cover organisation ${organisation}` });
}
