import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { findOrganisation } from '../../../../libs/reference/src/organisations';
import { mayUseOrganisation, type Principal } from './api-tokens';

/** 404 for an unknown organisation, 403 for one the token does not cover. */
export function assertOrganisationAccess(principal: Principal, organisation: string): void {
  // Quoted only when it looks like an organisation code: a path segment may be anything, a name too.
  if (!findOrganisation(organisation)) throw new NotFoundException({ error: /^[A-Z0-9]{2,12}$/.test(organisation) ? `unknown organisation ${organisation}` : 'unknown organisation' });
  if (!mayUseOrganisation(principal, organisation)) throw new ForbiddenException({ error: `this token does not cover organisation ${organisation}` });
}
